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
        """Nothing more will come: the input ended, or raised (see ``error``)."""
        return self._done and not self._buffer

    @property
    def error(self) -> BaseException | None:
        """What the input raised, once everything it gave before is taken."""
        return self._error

    def can_give(self) -> bool:
        """Whether ``take`` would return something without waiting."""
        if self._sync is not None:
            return not self._done
        return bool(self._buffer)

    def take(self, room: int) -> list[T]:
        """Up to ``room`` items that can be had now. An input that raises ends here: the
        items it gave before are still returned, and its error kept in ``error``."""
        if self._sync is not None:
            taken: list[T] = []
            if self._done:
                return taken
            try:
                for item in self._sync:
                    taken.append(item)
                    if len(taken) >= room:
                        return taken
            except Exception as exc:  # the caller's input broke: raised once the job drains
                self._error = exc
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
        except Exception as exc:  # raised to the job's consumer once the job drains
            self._error = exc
            self._done = True
        finally:
            self._wakeup.set()

    async def aclose(self) -> None:
        if self._reader is not None and not self._reader.done():
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
