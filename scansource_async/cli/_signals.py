"""SIGINT and SIGTERM for a whole ``price-sheet`` run: one handler, installed by the command's
first instruction and kept until its last rename, so no instant of the run is unguarded.

What a signal does depends on where the run is:

* before the job's event loop runs its task (start-up): :class:`Interrupted` is raised at once;
  nothing has been written, so there is nothing to keep. While the event loop is being built
  (:meth:`SignalGuard.defer` until :meth:`SignalGuard.attach`) a signal is only recorded, and
  ``attach`` raises it inside the job: raised in the loop's constructor it would leave a
  half-built loop (and an un-awaited job) behind;
* while results stream: the first signal stops the stream (what finished is written, the rest
  is not attempted); any further one cancels the job, which deletes its temporary files;
* once every row is in the temporary files (:meth:`SignalGuard.settle`): signals are only
  recorded, so the final renames always complete; the exit status still reports the signal.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

__all__ = ["Interrupted", "SignalGuard", "current_guard"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_installed: list[SignalGuard] = []


def current_guard() -> SignalGuard | None:
    """The guard installed by the command line's ``main``, if any."""
    return _installed[-1] if _installed else None


class Interrupted(KeyboardInterrupt):
    """A signal stopped the run before anything could be written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class SignalGuard:
    """The run's signal handler (see the module docstring); ``received`` lists the signals."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self._previous: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._on_first: Callable[[int], None] | None = None
        self._settled = False
        self._deferred = False

    def install(self) -> None:
        """Take over SIGINT and SIGTERM (a no-op outside the main thread)."""
        for signum in _SIGNALS:
            with contextlib.suppress(ValueError):  # not the main thread
                self._previous[signum] = signal.signal(signum, self._handle)
        _installed.append(self)

    def uninstall(self) -> None:
        """Give the signals back to whoever had them."""
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        if self in _installed:
            _installed.remove(self)

    @property
    def last(self) -> int | None:
        """The last signal received, if any."""
        return self.received[-1] if self.received else None

    def defer(self) -> None:
        """Until :meth:`attach`, record signals instead of raising them (the event loop and
        the job's task are being built)."""
        self._deferred = True

    def attach(self) -> None:
        """From now on a signal cancels the running task (call it first thing in the job);
        raises :class:`Interrupted` for a signal recorded since :meth:`defer`."""
        import asyncio  # here: the command line's start-up (--help) does without it

        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        if self.received:
            raise Interrupted(self.received[-1])

    @contextlib.contextmanager
    def stopping(self, on_first: Callable[[int], None]) -> Iterator[None]:
        """While inside, the first signal calls ``on_first(signum)`` in the loop instead."""
        self._on_first = on_first
        try:
            yield
        finally:
            self._on_first = None

    def settle(self) -> None:
        """Everything is in the temporary files: from now on signals are only recorded."""
        self._settled = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        if self._settled:
            return
        loop, task = self._loop, self._task
        if loop is None or task is None:
            if self._deferred:
                return  # attach() raises it once the job runs
            raise Interrupted(signum)
        if task.done() or loop.is_closed():
            return  # the job is over: the status reports the signal
        if self._on_first is not None and len(self.received) == 1:
            loop.call_soon_threadsafe(self._on_first, signum)
        else:
            loop.call_soon_threadsafe(task.cancel)
