"""Micro-batching of concurrent single-item lookups (a web backend's many ``price()`` calls).

Callers arriving within ``linger`` seconds of each other with the same request options are
sent as one request of up to ``max_batch`` distinct items; each caller gets its own value or
error. From a caller's point of view it is the same as sending its own request.
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
        self._running: set[asyncio.Task[None]] = set()
        self.batches_sent = 0

    async def submit(self, group: Hashable, item: I) -> R:
        """Wait for ``item``'s own value (or its own error) from a shared request."""
        loop = asyncio.get_running_loop()
        batch = self._open.get(group)
        if batch is None:
            batch = self._open[group] = _Batch()
            batch.timer = loop.call_later(self._linger, self._flush, group, batch)
        future: asyncio.Future[R] = loop.create_future()
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
        task = asyncio.get_running_loop().create_task(self._send(group, batch))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _send(self, group: Hashable, batch: _Batch[I, R]) -> None:
        items = list(batch.waiters)
        self.batches_sent += 1
        try:
            outcomes = await self._call(group, items)
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
