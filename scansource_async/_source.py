"""Lazy reading of a bulk job's input: sync iterables in place, async ones by a reader task."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["Source"]

T = TypeVar("T")


class Source(Generic[T]):
    """Hands out input items without ever holding more than the job's window.

    A sync iterable is read on demand. An async iterable is read by a background task into a
    buffer that never grows past the room the job last reported (``want_more``); it sets the
    job's ``wakeup`` event whenever something arrives.
    """

    def __init__(self, items: Iterable[T] | AsyncIterable[T], wakeup: asyncio.Event) -> None:
        self._wakeup = wakeup
        self._sync: Iterator[T] | None = None
        self._async: AsyncIterator[T] | None = None
        if isinstance(items, AsyncIterable):
            self._async = aiter(items)
        else:
            self._sync = iter(items)
        self._buffer: collections.deque[T] = collections.deque()
        self._reader: asyncio.Task[None] | None = None
        self._room = 0
        self._room_changed = asyncio.Event()
        self._error: BaseException | None = None
        self._done = False
        # Set when the job waited for input in vain: partial chunks should go out now.
        self.idle = False

    @property
    def exhausted(self) -> bool:
        return self._done and not self._buffer and self._error is None

    def can_give(self) -> bool:
        """Whether ``take`` would return something (or raise) without waiting."""
        if self._sync is not None:
            return not self._done
        return bool(self._buffer) or self._error is not None

    def take(self, room: int) -> list[T]:
        """Up to ``room`` items that can be had now; re-raises an error of the input."""
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self._sync is not None:
            taken: list[T] = []
            for item in self._sync:
                taken.append(item)
                if len(taken) >= room:
                    return taken
            self._done = True
            return taken
        count = min(room, len(self._buffer))
        if count:
            self.idle = False  # input is flowing again: wait for full chunks
        return [self._buffer.popleft() for _ in range(count)]

    def want_more(self, room: int) -> None:
        """Let the async reader fill the buffer up to ``room`` items."""
        if self._async is None or self._done:
            return
        self._room = room
        self._room_changed.set()
        if self._reader is None:
            self._reader = asyncio.get_running_loop().create_task(self._read(self._async))

    async def _read(self, items: AsyncIterator[T]) -> None:
        try:
            while True:
                while len(self._buffer) >= self._room:
                    self._room_changed.clear()
                    await self._room_changed.wait()
                try:
                    item = await anext(items)
                except StopAsyncIteration:
                    self._done = True
                    return
                self._buffer.append(item)
                self._wakeup.set()
        except Exception as exc:  # handed to the job's consumer by take()
            self._error = exc
            self._done = True
        finally:
            self._wakeup.set()

    async def aclose(self) -> None:
        if self._reader is not None and not self._reader.done():
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
