"""A task group an async generator can start tasks in across its yields."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from typing import Any

__all__ = ["HeldTaskGroup"]


class HeldTaskGroup:
    """An :class:`asyncio.TaskGroup` held open by a task of its own.

    A bulk job is an async generator: a task group entered in its body would span its yields,
    and whatever the body raised (the consumer leaving is ``GeneratorExit``, a failed line
    under ``raise_on_error``) would come out wrapped in an exception group. Held by its own
    task, the group is still what owns the chunk tasks: ``close()`` cancels the holder, and
    the group cancels every task it started and waits for each to end.
    """

    def __init__(self) -> None:
        self._group: asyncio.TaskGroup | None = None
        self._holder: asyncio.Task[None] | None = None
        self._closing = False
        self.started = 0

    def __repr__(self) -> str:
        state = "open" if self._holder is not None and not self._holder.done() else "closed"
        return f"<HeldTaskGroup {state} started={self.started}>"

    @property
    def accepting(self) -> bool:
        """Open, and not closing: ``start()`` may be called."""
        return self._group is not None and not self._closing

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        opened: asyncio.Future[None] = loop.create_future()
        self._holder = loop.create_task(self._hold(opened))
        await opened

    async def _hold(self, opened: asyncio.Future[None]) -> None:
        async with asyncio.TaskGroup() as group:
            self._group = group
            opened.set_result(None)
            await asyncio.get_running_loop().create_future()  # until close() cancels it

    def start(
        self, coro: Coroutine[Any, Any, None], context: contextvars.Context
    ) -> asyncio.Task[None]:
        assert self._group is not None, "open() first"
        self.started += 1
        return self._group.create_task(coro, context=context)

    async def close(self) -> None:
        """Cancel every task started here and wait until all have ended."""
        self._closing = True
        holder = self._holder
        if holder is None or holder.done():
            return
        holder.cancel()
        await asyncio.gather(holder, return_exceptions=True)
