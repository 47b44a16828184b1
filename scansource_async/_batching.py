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
from collections.abc import AsyncIterable, AsyncIterator, Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

from ._batch_settings import BatchSettings, ChunkCall, ResultFactory
from ._chunks import Chunk, ChunkQueue, Slot, Split, book_answer
from ._line_limit import LineLimit
from ._listeners import ProgressSink, bind
from ._progress import Progress
from ._source import Source
from ._task_group import HeldTaskGroup
from .errors import (
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    NotAttemptedError,
    PermissionDeniedError,
    ScanSourceError,
)
from .events import Event, ProgressEvent

__all__ = ["BatchSettings", "Batcher", "ChunkCall", "ResultFactory"]

I = TypeVar("I")  # noqa: E741 - an input item
R = TypeVar("R")  # the value for one item
Out = TypeVar("Out")  # what the consumer gets per item

# After these no later chunk can succeed: fail the rest at once instead of sending them.
_FATAL = (AuthenticationError, PermissionDeniedError, ClientClosedError)
_NO_KEY: Hashable = object()


def _always() -> bool:
    return True


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
        # A sink knows whether anyone hears progress now; a plain callback always does.
        self._hears_progress: Callable[[], bool] = (
            on_progress.hears_progress if isinstance(on_progress, ProgressSink) else _always
        )
        self._wakeup = asyncio.Event()
        self._source: Source[I] = Source(items, self._wakeup)
        total = len(items) if isinstance(items, Sequence) else None
        self._progress = Progress(started=time.monotonic(), total=total)
        self._stop_error: ScanSourceError | None = None
        self._deadline_at: float | None = None
        # With slow start, one chunk at a time until the first one has answered.
        self._flight_limit = 1 if settings.slow_start else settings.max_in_flight

        # Every distinct item by key: queued, in flight, or finished and kept for duplicates
        # arriving after their twin. One map, so a line costs two lookups; ``_known_order``
        # (oldest first) bounds it to about one window, plus items still on their way.
        self._known: dict[Hashable, Slot[I, R]] = {}
        self._known_order: collections.deque[Slot[I, R]] = collections.deque()
        self._queue: ChunkQueue[I, R] = ChunkQueue(settings.chunk_size, settings.max_in_flight)
        self._tasks = HeldTaskGroup()
        self._flying: dict[int, Chunk[I, R]] = {}  # chunks in flight, by id
        self._answered_chunks = 0  # chunks answered since the loop last counted them
        self._crash: BaseException | None = None  # a chunk call raised something unexpected
        # Ordered: every slot read and not handed out, in input order (slot of index
        # ``_next_out`` first). Unordered: finished (index, slot) pairs, in finishing order.
        self._waiting: collections.deque[Slot[I, R]] = collections.deque()
        self._ready: collections.deque[tuple[int, Slot[I, R]]] = collections.deque()
        self._read = 0
        self._next_out = 0
        self._handed_out = 0
        self._iterator: AsyncIterator[Out] | None = None
        self._context = contextvars.Context()  # the job's, once it runs (listeners bound)

    def __repr__(self) -> str:
        progress = self._progress
        stopped = self._stop_error is not None
        if self._finished():
            state = "stopped" if stopped else "done"
        else:
            state = "stopping" if stopped else "running"
        return (
            f"<Batcher {state} read={self._read} queued={self._queue.queued}"
            f" in_flight={len(self._flying)}/{self._flight_limit} done={progress.items_done}"
            f" failed={progress.items_failed} handed_out={self._handed_out}"
            f" chunks_done={progress.chunks_done}>"
        )

    # -- public surface ----------------------------------------------------------------

    def stop(self, reason: str = "the job was stopped") -> None:
        """End the job: chunks in flight are cancelled, unfinished items become not attempted."""
        if not self._finished():  # a finished job stays done
            self._stop_with(NotAttemptedError(reason))

    @property
    def progress(self) -> ProgressEvent:
        """Counts so far (items done and failed, chunks, retries, 429 waits, rate, ETA)."""
        return self._progress.event(len(self._flying))

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
        context = self._context = contextvars.copy_context()
        context.run(bind, self._listen)
        try:
            await self._tasks.open()
            while True:
                if self._deadline_passed():
                    self._stop_with(NotAttemptedError("the job's deadline passed"))
                if self._stop_error is not None and (self._flying or self._queue):
                    await self._abandon_in_flight()
                self._read_input()
                self._send_chunks(context)
                self._count_answered()
                for result in self._finished_results():
                    yield result
                if self._finished():
                    # Every item the input gave was handed out; then its error, if it broke.
                    if (error := self._source.error) is not None:
                        raise error
                    return
                await self._sleep()
        finally:
            await self._tasks.close()
            await self._source.aclose()

    def _finished(self) -> bool:
        return self._source.exhausted and self._handed_out == self._read and not self._flying

    def _read_input(self) -> None:
        room = self._window - (self._read - self._handed_out)
        if room > 0 and not self._source.exhausted:
            items = self._source.take(room)
            if self._stop_error is not None:
                for item in items:
                    self._add_not_attempted(item)
            elif items:
                self._add(items)

    def _add_not_attempted(self, item: I) -> None:
        slot: Slot[I, R] = Slot(item, _NO_KEY, self._read, known=False)
        self._read += 1
        if self._settings.ordered:
            self._waiting.append(slot)
        self._finish(slot, None, self._stop_error)

    def _add(self, items: list[I]) -> None:
        """Book newly read items: a twin of a known item joins it, a new one is queued.
        One pass over the batch with everything it touches held locally (this runs per line)."""
        key_of, group_of, enqueue = self._key, self._group, self._queue.add
        known, order, limit = self._known, self._known_order, self._window
        waiting = self._waiting.append if self._settings.ordered else None
        index = self._read
        for index, item in enumerate(items, index):  # noqa: B020 - the loop carries it on
            key = key_of(item)
            twin = known.get(key)
            if twin is not None:
                twin.add_twin(index)
                if waiting is not None:
                    waiting(twin)
                if twin.done:
                    self._progress.count(1, twin.error is not None)
                    if waiting is None:
                        self._ready.append((index, twin))
                continue
            slot: Slot[I, R] = Slot(item, key, index)
            known[key] = slot
            order.append(slot)
            if len(order) > limit:
                oldest = order.popleft()
                if not oldest.done:
                    order.append(oldest)  # still on its way: twins may join it; forgotten later
                elif oldest.known:  # not already forgotten (perhaps replaced by a later twin)
                    oldest.known = False
                    del known[oldest.key]
            if waiting is not None:
                waiting(slot)
            enqueue(slot, None if group_of is None else group_of(item))
        self._read += len(items)

    def _send_chunks(self, context: contextvars.Context) -> None:
        while self._may_send():
            taken = self._queue.take(self._chunk_size(), self._read, self._partial_chunk_due())
            if taken is None:
                return
            chunk, split = taken
            self._flying[id(chunk)] = chunk
            self._tasks.start(self._run_chunk(chunk, split), context)

    def _may_send(self) -> bool:
        """Room for one more chunk in flight (what to send is the queue's choice)."""
        if self._stop_error is not None or len(self._flying) >= self._flight_limit:
            return False
        # A chunk of a size not yet known to be accepted is in flight: send nothing more until
        # it is answered (an oversized chunk size then costs one refusal, not one per chunk
        # in flight).
        limit = self._limit
        return limit is None or not self._flying or limit.is_proven(self._chunk_size())

    def _partial_chunk_due(self) -> bool:
        window_full = self._read - self._handed_out >= self._window
        return self._source.exhausted or self._source.idle or window_full

    def _chunk_size(self) -> int:
        wanted = self._settings.chunk_size
        return wanted if self._limit is None else self._limit.size(wanted)

    async def _run_chunk(self, chunk: Chunk[I, R], split: Split | None) -> None:
        try:
            await self._send_chunk(chunk, split)
        except asyncio.CancelledError:
            raise  # abandoned: the loop finishes its items
        except Exception as exc:  # not a ScanSourceError: the job ends with it
            self._crash = exc
        else:
            self._answered_chunks += 1
        finally:
            self._flying.pop(id(chunk), None)
            self._flight_limit = self._settings.max_in_flight  # the first answer ends slow start
            self._wakeup.set()
        if self._crash is None and self._tasks.accepting and not self._deadline_passed():
            # The next chunk starts from here, not from the loop's next turn: in a job bound
            # by its in-flight cap, every hop between an answer and the next send is time the
            # slot stands idle.
            self._send_chunks(self._context)

    def _deadline_passed(self) -> bool:
        return self._deadline_at is not None and time.monotonic() >= self._deadline_at

    async def _send_chunk(self, chunk: Chunk[I, R], split: Split | None) -> None:
        call = self._call([slot.item for slot in chunk])
        try:
            if self._deadline_at is None:
                outcomes = await call
            else:
                outcomes = await asyncio.wait_for(call, self._deadline_at - time.monotonic())
        except TimeoutError:
            self._finish_all(chunk, NotAttemptedError("the job's deadline passed"))
        except BadRequestError as exc:
            if not self._queue.refused(chunk, split, exc, self._limit, self._settings.chunk_size):
                self._finish(chunk[0], None, exc)  # one item: the 400 is its own
        except ScanSourceError as exc:
            book_answer(self._limit, len(chunk), split, ok=False)
            if isinstance(exc, _FATAL):
                self._stop_with(exc)
            self._finish_all(chunk, exc)
        else:
            book_answer(self._limit, len(chunk), split, ok=True)
            self._finish_chunk(chunk, outcomes)

    def _count_answered(self) -> None:
        if self._crash is not None:
            raise self._crash
        while self._answered_chunks:
            self._answered_chunks -= 1
            self._progress.chunks_done += 1
            if self._on_progress is not None and self._hears_progress():
                self._on_progress(self._progress.event(len(self._flying)))

    # -- outcomes ----------------------------------------------------------------------

    def _finish_chunk(self, chunk: Chunk[I, R], outcomes: Sequence[R | ScanSourceError]) -> None:
        """A chunk's answer, booked once per chunk rather than line by line."""
        ready = None if self._settings.ordered else self._ready
        done = failed = 0
        for slot, outcome in zip(chunk, outcomes, strict=True):
            if slot.done:
                continue
            if isinstance(outcome, ScanSourceError):
                if isinstance(outcome, NotAttemptedError):
                    self._finish(slot, None, outcome)  # also forgets the key
                    continue
                slot.error = outcome
                failed += slot.count
            else:
                slot.value = outcome
            slot.done = True
            done += slot.count
            if ready is not None:
                ready.extend((index, slot) for index in slot.indices)
        self._progress.items_done += done
        self._progress.items_failed += failed

    def _finish_all(self, slots: Iterable[Slot[I, R]], error: ScanSourceError) -> None:
        for slot in slots:
            self._finish(slot, None, error)

    def _finish(self, slot: Slot[I, R], value: R | None, error: BaseException | None) -> None:
        if slot.done:
            return
        slot.done, slot.value, slot.error = True, value, error
        self._progress.count(slot.count, error is not None)
        if not self._settings.ordered:
            self._ready.extend((index, slot) for index in slot.indices)
        if isinstance(error, NotAttemptedError) and slot.known:
            slot.known = False
            del self._known[slot.key]  # a later twin should be tried, not handed this

    def _finished_results(self) -> Iterable[Out]:
        make = self._make_result
        raise_on_error = self._settings.raise_on_error
        if self._settings.ordered:
            waiting = self._waiting
            while waiting and (slot := waiting[0]).done:
                waiting.popleft()
                index = self._next_out
                self._next_out += 1
                self._handed_out += 1
                if raise_on_error and slot.error is not None:
                    raise slot.error
                yield make(index, slot.item, slot.value, slot.error)
        else:
            ready = self._ready
            while ready:
                index, slot = ready.popleft()
                self._handed_out += 1
                if raise_on_error and slot.error is not None:
                    raise slot.error
                yield make(index, slot.item, slot.value, slot.error)

    # -- stopping and waiting ----------------------------------------------------------

    def _stop_with(self, error: ScanSourceError) -> None:
        if self._stop_error is None:
            self._stop_error = error
            self._wakeup.set()

    async def _abandon_in_flight(self) -> None:
        assert self._stop_error is not None
        abandoned = [slot for chunk in self._flying.values() for slot in chunk]
        abandoned += self._queue.drain()
        await self._tasks.close()
        self._flying.clear()
        self._finish_all(abandoned, self._stop_error)

    async def _sleep(self) -> None:
        """Wait for a finished chunk, new input, a partial chunk falling due, or the deadline."""
        self._wakeup.clear()
        room = self._window - (self._read - self._handed_out)
        if self._answered_chunks or self._crash or (room > 0 and self._source.can_give()):
            return
        may_send = self._may_send()
        if may_send and self._queue.due(self._chunk_size(), self._read, self._partial_chunk_due()):
            return
        timeout: float | None = None
        if self._queue.queued and may_send:
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
        self._progress.heard(event)
        if self._on_progress is not None:
            self._on_progress(event)
