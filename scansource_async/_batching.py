"""The batching engine: split any number of items into chunked requests, at most N in flight,
and hand back exactly one outcome per input item, in input order.

Generic: it knows nothing of pricing. The caller supplies ``call(items) -> outcomes`` that
sends one chunk of distinct items and returns, per item, a value or a ScanSourceError.

- Input (sequence, iterable or async iterable) is read lazily into a bounded window, so memory
  is O(window), not O(items).
- Equal items (by ``key``) inside the window are sent once; the outcome fans out to each.
- Items of different ``group`` (e.g. customers) never share a chunk.
- A chunk answered 400 is split in half until the bad item(s) are isolated; a chunk that
  fails otherwise (retries exhausted) fails its items and the job goes on.
- With a :class:`LineLimit`, a chunk refused for its size lowers the chunk size for the rest of
  the job (and for later jobs sharing the limit), and a chunk size not yet known to be accepted
  goes out one chunk at a time until one is answered (see ``_line_limit``).
- Stopping (deadline, ``stop()``, or the consumer leaving) cancels chunks in flight; every item
  not finished is reported as not attempted, so no item is ever silently dropped.
- ``slow_start`` sends one chunk alone and fans out only once it has answered, so a job with a
  broken setup (wrong key, wrong URL, no network) costs one request, not ``max_in_flight``.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Iterable,
    Sequence,
)
from typing import Generic, TypeVar

import attrs

from ._line_limit import LineLimit
from ._listeners import bind
from ._source import Source
from .errors import (
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    NotAttemptedError,
    PermissionDeniedError,
    ScanSourceError,
)
from .events import Event, ProgressEvent, RateLimitEvent, RetryEvent

__all__ = ["BatchSettings", "Batcher", "ChunkCall", "ResultFactory"]

I = TypeVar("I")  # noqa: E741 - an input item
R = TypeVar("R")  # the value for one item
Out = TypeVar("Out")  # what the consumer gets per item

ChunkCall = Callable[[Sequence[I]], Awaitable[Sequence[R | ScanSourceError]]]
ResultFactory = Callable[[int, I, R | None, BaseException | None], Out]

# After these no later chunk can succeed: fail the rest at once instead of sending them.
_FATAL = (AuthenticationError, PermissionDeniedError, ClientClosedError)


@attrs.frozen(kw_only=True)
class BatchSettings:
    """How a bulk job runs. ``window`` bounds the items read ahead of the consumer."""

    chunk_size: int
    max_in_flight: int
    ordered: bool = True
    deadline: float | None = None
    window: int | None = None
    linger: float = 0.005
    raise_on_error: bool = False
    slow_start: bool = False

    @property
    def window_size(self) -> int:
        return self.window or max(4 * self.chunk_size * self.max_in_flight, 2048)


@attrs.define(eq=False)
class _Slot(Generic[I, R]):
    """One distinct item to send, and every input index waiting for its outcome."""

    item: I
    key: Hashable
    indices: list[int]
    done: bool = False
    value: R | None = None
    error: BaseException | None = None


@attrs.define(eq=False)
class _Split:
    """A chunk refused with no reason given, split in two: if both halves go through, the
    chunk was refused for its size."""

    size: int
    waiting: int = 2
    failed: bool = False


Chunk = list[_Slot[I, R]]


@attrs.define
class _Progress:
    started: float
    total: int | None
    items_done: int = 0
    items_failed: int = 0
    chunks_done: int = 0
    retries: int = 0
    rate_limit_waits: int = 0

    def count(self, items: int, failed: bool) -> None:
        self.items_done += items
        if failed:
            self.items_failed += items

    def event(self, in_flight: int) -> ProgressEvent:
        elapsed = time.monotonic() - self.started
        rate = self.items_done / elapsed if elapsed > 0 else 0.0
        eta = None
        if self.total is not None and rate > 0:
            eta = max(0, self.total - self.items_done) / rate
        return ProgressEvent(
            items_done=self.items_done,
            items_failed=self.items_failed,
            items_total=self.total,
            chunks_done=self.chunks_done,
            chunks_in_flight=in_flight,
            retries=self.retries,
            rate_limit_waits=self.rate_limit_waits,
            elapsed=elapsed,
            items_per_second=rate,
            eta=eta,
        )


class Batcher(Generic[I, R, Out]):
    """One bulk job. Iterate it (``async for``) for outcomes; ``stop()`` ends it early."""

    def __init__(
        self,
        items: Iterable[I] | AsyncIterable[I],
        call: ChunkCall[I, R],
        make_result: ResultFactory[I, R, Out],
        settings: BatchSettings,
        *,
        key: Callable[[I], Hashable] | None = None,
        group: Callable[[I], Hashable] | None = None,
        on_progress: Callable[[Event], None] | None = None,
        line_limit: LineLimit | None = None,
    ) -> None:
        self._call = call
        self._limit = line_limit
        self._make_result = make_result
        self._settings = settings
        self._window = settings.window_size  # read per item: computed once
        self._key: Callable[[I], Hashable] = key or (lambda item: item)
        self._group = group
        self._on_progress = on_progress
        self._wakeup = asyncio.Event()
        self._source: Source[I] = Source(items, self._wakeup)
        total = len(items) if isinstance(items, Sequence) else None
        self._progress = _Progress(started=time.monotonic(), total=total)
        self._stop_error: ScanSourceError | None = None
        self._deadline_at: float | None = None
        # With slow start, one chunk at a time until the first one has answered.
        self._flight_limit = 1 if settings.slow_start else settings.max_in_flight

        self._pending: dict[Hashable, _Slot[I, R]] = {}  # by key: queued or in flight
        # Finished outcomes kept for duplicates arriving after their twin (bounded by window).
        self._recent: collections.OrderedDict[Hashable, _Slot[I, R]] = collections.OrderedDict()
        # Unsent slots per group, oldest group first.
        self._queues: dict[Hashable, collections.deque[_Slot[I, R]]] = {}
        self._queued = 0
        # Split chunks, sent before new ones; each with the split it is half of, if any.
        self._halves: collections.deque[tuple[Chunk[I, R], _Split | None]] = collections.deque()
        self._tasks: dict[asyncio.Task[None], list[_Slot[I, R]]] = {}
        self._waiting: dict[int, _Slot[I, R]] = {}  # read, not yet handed out
        self._ready: collections.deque[int] = collections.deque()  # finished (unordered mode)
        self._read = 0
        self._next_out = 0
        self._handed_out = 0
        self._iterator: AsyncIterator[Out] | None = None

    # -- public surface ----------------------------------------------------------------

    def stop(self, reason: str = "the job was stopped") -> None:
        """End the job: chunks in flight are cancelled, unfinished items become not attempted."""
        self._stop_with(NotAttemptedError(reason))

    @property
    def progress(self) -> ProgressEvent:
        """Counts so far (items done and failed, chunks, retries, 429 waits, rate, ETA)."""
        return self._progress.event(len(self._tasks))

    def __aiter__(self) -> AsyncIterator[Out]:
        if self._iterator is None:
            self._iterator = self._run()
        return self._iterator

    async def aclose(self) -> None:
        """Stop and release everything (also done when iteration ends or breaks)."""
        self.stop()
        if self._iterator is not None:
            await self._iterator.aclose()  # type: ignore[attr-defined]

    # -- the loop ----------------------------------------------------------------------

    async def _run(self) -> AsyncIterator[Out]:
        settings = self._settings
        if settings.deadline is not None:
            self._deadline_at = time.monotonic() + settings.deadline
        context = contextvars.copy_context()
        context.run(bind, self._listen)
        try:
            while True:
                if self._deadline_at is not None and time.monotonic() >= self._deadline_at:
                    self._stop_with(NotAttemptedError("the job's deadline passed"))
                if self._stop_error is not None:
                    await self._abandon_in_flight()
                self._read_input()
                self._send_chunks(context)
                self._collect_chunks()
                for result in self._finished_results():
                    yield result
                if self._source.exhausted and self._handed_out == self._read and not self._tasks:
                    # Every item the input gave was handed out; then its error, if it broke.
                    if (error := self._source.error) is not None:
                        raise error
                    return
                await self._sleep()
        finally:
            await _cancel(self._tasks)
            await self._source.aclose()

    def _read_input(self) -> None:
        room = self._window - (self._read - self._handed_out)
        if room > 0 and not self._source.exhausted:
            for item in self._source.take(room):
                self._add(item)

    def _add(self, item: I) -> None:
        index = self._read
        self._read += 1
        if self._stop_error is not None:
            slot: _Slot[I, R] = _Slot(item, _NO_KEY, [index])
            self._waiting[index] = slot
            self._finish(slot, None, self._stop_error)
            return
        key = self._key(item)
        twin = self._pending.get(key) or self._recent.get(key)
        if twin is not None:
            twin.indices.append(index)
            self._waiting[index] = twin
            if twin.done:
                self._progress.count(1, twin.error is not None)
                if not self._settings.ordered:
                    self._ready.append(index)
            return
        slot = _Slot(item, key, [index])
        self._pending[key] = slot
        self._waiting[index] = slot
        group = None if self._group is None else self._group(item)
        queue = self._queues.get(group)
        if queue is None:  # not setdefault: that would build a deque per item
            queue = self._queues[group] = collections.deque()
        queue.append(slot)
        self._queued += 1

    def _send_chunks(self, context: contextvars.Context) -> None:
        while (
            self._stop_error is None
            and len(self._tasks) < self._flight_limit
            and not self._probing()
        ):
            split: _Split | None = None
            if self._halves:
                chunk, split = self._halves.popleft()
                size = self._chunk_size()
                if len(chunk) > size:  # the limit was learned after this half was queued
                    pieces = [(chunk[i : i + size], None) for i in range(0, len(chunk), size)]
                    self._halves.extendleft(reversed(pieces))
                    continue
            elif (chunk_or_none := self._next_chunk()) is not None:
                chunk = chunk_or_none
            else:
                return
            run = self._run_chunk(chunk, split)
            task = asyncio.get_running_loop().create_task(run, context=context)
            task.add_done_callback(lambda _: self._wakeup.set())
            self._tasks[task] = chunk

    def _next_chunk(self) -> list[_Slot[I, R]] | None:
        """A full chunk goes at once; a partial one when no more input can come soon."""
        size = self._chunk_size()
        group = self._stale_group()
        if group is _NO_KEY:
            group = next((g for g, queue in self._queues.items() if len(queue) >= size), _NO_KEY)
        if group is _NO_KEY:
            if not (self._queues and self._partial_chunk_due()):
                return None
            group = next(iter(self._queues))
        queue = self._queues[group]
        chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
        if not queue:
            del self._queues[group]
        self._queued -= len(chunk)
        return chunk

    def _stale_group(self) -> Hashable:
        """A group whose oldest line has waited a whole in-flight window for company.

        Without this a rare group (one customer among many) would hold back ordered output
        until the read window filled, and the job would stall and jump.
        """
        if len(self._queues) < 2:
            return _NO_KEY  # one group: plain full chunks are already oldest-first
        settings = self._settings
        horizon = self._read - settings.chunk_size * settings.max_in_flight
        oldest, group = min((queue[0].indices[0], g) for g, queue in self._queues.items())
        return group if oldest < horizon else _NO_KEY

    def _partial_chunk_due(self) -> bool:
        window_full = self._read - self._handed_out >= self._window
        return self._source.exhausted or self._source.idle or window_full

    def _chunk_size(self) -> int:
        wanted = self._settings.chunk_size
        return wanted if self._limit is None else self._limit.size(wanted)

    def _probing(self) -> bool:
        """A chunk of a size not yet known to be accepted is in flight: send nothing more
        until it is answered (an oversized chunk size then costs one refusal, not one per
        chunk in flight)."""
        limit = self._limit
        return limit is not None and bool(self._tasks) and not limit.is_proven(self._chunk_size())

    def _can_send(self) -> bool:
        if self._stop_error is not None or len(self._tasks) >= self._flight_limit:
            return False
        if self._probing():
            return False
        if self._halves:
            return True
        size = self._chunk_size()
        full = any(len(queue) >= size for queue in self._queues.values())
        if full or self._stale_group() is not _NO_KEY:
            return True
        return bool(self._queues) and self._partial_chunk_due()

    async def _run_chunk(self, chunk: Chunk[I, R], split: _Split | None) -> None:
        try:
            await self._send_chunk(chunk, split)
        finally:
            self._flight_limit = self._settings.max_in_flight  # the first answer ends slow start

    async def _send_chunk(self, chunk: Chunk[I, R], split: _Split | None) -> None:
        call = self._call([slot.item for slot in chunk])
        try:
            if self._deadline_at is None:
                outcomes = await call
            else:
                outcomes = await asyncio.wait_for(call, self._deadline_at - time.monotonic())
        except TimeoutError:
            error: ScanSourceError = NotAttemptedError("the job's deadline passed")
            for slot in chunk:
                self._finish(slot, None, error)
        except BadRequestError as exc:
            self._refused(chunk, split, exc)
        except ScanSourceError as exc:
            self._answered(chunk, split, ok=False)
            if isinstance(exc, _FATAL):
                self._stop_with(exc)
            for slot in chunk:
                self._finish(slot, None, exc)
        else:
            self._answered(chunk, split, ok=True)
            for slot, outcome in zip(chunk, outcomes, strict=True):
                if isinstance(outcome, ScanSourceError):
                    self._finish(slot, None, outcome)
                else:
                    self._finish(slot, outcome, None)

    def _refused(self, chunk: Chunk[I, R], split: _Split | None, error: BadRequestError) -> None:
        """A 400: resend at the learned size if refused for size, else bisect to isolate the
        bad item(s)."""
        if split is not None:
            split.failed = True
        limit = self._limit
        if limit is not None and limit.refused(len(chunk), error) and len(chunk) > 1:
            size = self._chunk_size()
            self._halves.extend((chunk[i : i + size], None) for i in range(0, len(chunk), size))
        elif len(chunk) == 1:
            self._finish(chunk[0], None, error)
        else:
            middle = len(chunk) // 2
            half_of = _Split(len(chunk)) if limit is not None else None
            self._halves.extend(((chunk[:middle], half_of), (chunk[middle:], half_of)))

    def _answered(self, chunk: Chunk[I, R], split: _Split | None, *, ok: bool) -> None:
        """An answer other than 400: nothing against the chunk's size."""
        if self._limit is None:
            return
        self._limit.answered(len(chunk))
        if split is not None:
            split.waiting -= 1
            split.failed = split.failed or not ok
            if split.waiting == 0 and not split.failed:
                self._limit.halves_succeeded(split.size)

    def _collect_chunks(self) -> None:
        for task in [task for task in self._tasks if task.done()]:
            del self._tasks[task]
            if task.cancelled():
                continue
            if (exc := task.exception()) is not None:
                raise exc
            self._progress.chunks_done += 1
            if self._on_progress is not None:
                self._on_progress(self._progress.event(len(self._tasks)))

    def _finished_results(self) -> Iterable[Out]:
        if self._settings.ordered:
            while (slot := self._waiting.get(self._next_out)) is not None and slot.done:
                yield self._hand_out(self._next_out)
                self._next_out += 1
        else:
            while self._ready:
                yield self._hand_out(self._ready.popleft())

    def _hand_out(self, index: int) -> Out:
        slot = self._waiting.pop(index)
        self._handed_out += 1
        if self._settings.raise_on_error and slot.error is not None:
            raise slot.error
        return self._make_result(index, slot.item, slot.value, slot.error)

    def _finish(self, slot: _Slot[I, R], value: R | None, error: BaseException | None) -> None:
        if slot.done:
            return
        slot.done, slot.value, slot.error = True, value, error
        self._progress.count(len(slot.indices), error is not None)
        if not self._settings.ordered:
            self._ready.extend(slot.indices)
        if slot.key is _NO_KEY:
            return
        self._pending.pop(slot.key, None)
        if isinstance(error, NotAttemptedError):
            return  # a later twin should be tried, not handed this
        self._recent[slot.key] = slot
        if len(self._recent) > self._window:
            self._recent.popitem(last=False)

    def _stop_with(self, error: ScanSourceError) -> None:
        if self._stop_error is None:
            self._stop_error = error
            self._wakeup.set()

    async def _abandon_in_flight(self) -> None:
        assert self._stop_error is not None
        abandoned = [slot for chunk in self._tasks.values() for slot in chunk]
        abandoned += [slot for chunk, _ in self._halves for slot in chunk]
        abandoned += [slot for queue in self._queues.values() for slot in queue]
        await _cancel(self._tasks)
        self._tasks.clear()
        self._halves.clear()
        self._queues.clear()
        self._queued = 0
        for slot in abandoned:
            self._finish(slot, None, self._stop_error)

    async def _sleep(self) -> None:
        """Wait for a finished chunk, new input, a partial chunk falling due, or the deadline."""
        self._wakeup.clear()
        room = self._window - (self._read - self._handed_out)
        if any(task.done() for task in self._tasks) or (room > 0 and self._source.can_give()):
            return
        if self._can_send():
            return
        timeout: float | None = None
        if self._queued and len(self._tasks) < self._flight_limit and not self._probing():
            timeout = self._settings.linger
        if self._deadline_at is not None:
            until_deadline = max(0.0, self._deadline_at - time.monotonic())
            timeout = until_deadline if timeout is None else min(timeout, until_deadline)
        self._source.want_more(room)
        try:
            await asyncio.wait_for(self._wakeup.wait(), timeout)
        except TimeoutError:
            self._source.idle = True

    def _listen(self, event: Event) -> None:
        if isinstance(event, RetryEvent):
            self._progress.retries += 1
        elif isinstance(event, RateLimitEvent):
            self._progress.rate_limit_waits += 1
        if self._on_progress is not None:
            self._on_progress(event)


_NO_KEY: Hashable = object()


async def _cancel(tasks: dict[asyncio.Task[None], list[_Slot[I, R]]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
