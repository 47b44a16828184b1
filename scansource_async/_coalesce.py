"""Micro-batching of concurrent single-item lookups (a web backend's many ``price()`` calls).

Callers arriving within ``linger`` seconds of each other with the same request options are
sent as one request of up to ``max_batch`` distinct items; each caller gets its own value or
error. From a caller's point of view it is the same as sending its own request. A caller
asking for an item that a request already on its way is pricing (same options) waits for that
request's answer instead of starting another (1,000 callers over 200 items: 5 requests, not 25).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

from .errors import ScanSourceError

__all__ = ["Coalescer"]

I = TypeVar("I", bound=Hashable)  # noqa: E741 - an item
R = TypeVar("R")

BatchCall = Callable[[Hashable, Sequence[I]], Awaitable[Sequence[R | ScanSourceError]]]


class _Batch(Generic[I, R]):
    def __init__(self) -> None:
        self.waiters: dict[I, list[asyncio.Future[R]]] = {}
        self.timer: asyncio.TimerHandle | None = None


class Coalescer(Generic[I, R]):
    """Gathers ``submit(group, item)`` calls into batched ``call(group, items)`` requests."""

    def __init__(self, call: BatchCall[I, R], *, max_batch: int, linger: float = 0.002) -> None:
        self._call = call
        self._max_batch = max_batch
        self._linger = linger
        self._open: dict[Hashable, _Batch[I, R]] = {}
        self._sent: dict[Hashable, list[_Batch[I, R]]] = {}  # requests on their way, by group
        self._running: set[asyncio.Task[None]] = set()
        self.batches_sent = 0

    def __repr__(self) -> str:
        gathering = sum(len(batch.waiters) for batch in self._open.values())
        on_the_way = sum(len(b.waiters) for batches in self._sent.values() for b in batches)
        return (
            f"<Coalescer max_batch={self._max_batch} linger={self._linger:g}s"
            f" gathering={gathering} on_their_way={on_the_way} batches_sent={self.batches_sent}>"
        )

    async def submit(self, group: Hashable, item: I) -> R:
        """Wait for ``item``'s own value (or its own error) from a shared request."""
        loop = asyncio.get_running_loop()
        for sent in self._sent.get(group, ()):
            if (joined := sent.waiters.get(item)) is not None:
                future: asyncio.Future[R] = loop.create_future()
                joined.append(future)
                return await future
        batch = self._open.get(group)
        if batch is None:
            batch = self._open[group] = _Batch()
            batch.timer = loop.call_later(self._linger, self._flush, group, batch)
        future = loop.create_future()
        batch.waiters.setdefault(item, []).append(future)
        if len(batch.waiters) >= self._max_batch:
            self._flush(group, batch)
        # A cancelled caller cancels only its own future; the request goes on for the others.
        return await future

    def _flush(self, group: Hashable, batch: _Batch[I, R]) -> None:
        if self._open.get(group) is not batch:
            return  # already sent
        del self._open[group]
        if batch.timer is not None:
            batch.timer.cancel()
        self._sent.setdefault(group, []).append(batch)
        task = asyncio.get_running_loop().create_task(self._send(group, batch))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _send(self, group: Hashable, batch: _Batch[I, R]) -> None:
        items = list(batch.waiters)
        self.batches_sent += 1
        try:
            try:
                outcomes = await self._call(group, items)
            finally:
                self._forget_sent(group, batch)
        except BaseException as exc:
            for futures in batch.waiters.values():
                _settle_all(futures, error=exc)
            if not isinstance(exc, Exception):
                raise
            return
        for item, outcome in zip(items, outcomes, strict=True):
            if isinstance(outcome, ScanSourceError):
                _settle_all(batch.waiters[item], error=outcome)
            else:
                _settle_all(batch.waiters[item], value=outcome)

    def _forget_sent(self, group: Hashable, batch: _Batch[I, R]) -> None:
        sent = self._sent.get(group)
        if sent is not None:
            sent.remove(batch)
            if not sent:
                del self._sent[group]

    async def aclose(self) -> None:
        """Cancel requests still running (their callers get CancelledError)."""
        for batch in self._open.values():
            if batch.timer is not None:
                batch.timer.cancel()
            for futures in batch.waiters.values():
                for future in futures:
                    future.cancel()
        self._open.clear()
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)


def _settle_all(
    futures: list[asyncio.Future[R]], *, value: R | None = None, error: BaseException | None = None
) -> None:
    for future in futures:
        if future.done():
            continue  # the caller was cancelled
        if error is not None:
            if isinstance(error, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(error)
        else:
            future.set_result(value)  # type: ignore[arg-type]
