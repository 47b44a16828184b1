"""Where events go: the listeners a client registered, and whoever listens in the current task.

Two audiences:

- listeners registered with ``client.add_listener(fn)`` (shared by ``with_options`` copies)
  receive every event: sync or async callables; one that raises is logged and never breaks the
  call that emitted;
- the listener bound to the current task (a bulk job's ``on_progress``), through a context
  variable, receives the retries and 429s of the job's own requests (``emit``), not the
  per-attempt events (``notify``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .errors import ValidationError
from .events import Event, ProgressEvent

__all__ = [
    "AnyListener",
    "Listener",
    "Listeners",
    "ProgressSink",
    "bind",
    "call_items",
    "current_items",
    "emit",
    "listening",
    "progress_sink",
]

logger = logging.getLogger("scansource_async")

Listener = Callable[[Event], None]
#: What ``client.add_listener`` accepts: a function or a coroutine function of one event.
AnyListener = Callable[[Event], None] | Callable[[Event], Awaitable[None]]
_listener: ContextVar[Listener | None] = ContextVar("scansource_async_listener", default=None)
# How many items (pricing lines, availability items) the call being made carries, for events.
_items: ContextVar[int | None] = ContextVar("scansource_async_items", default=None)


def emit(event: Event) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(event)


@contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Send events emitted by this task (and tasks it starts) to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


@contextmanager
def call_items(count: int) -> Iterator[None]:
    """Calls made inside carry ``count`` items (reported in their events). The transport reads
    it when a call starts, before its first await."""
    token = _items.set(count)
    try:
        yield
    finally:
        _items.reset(token)


def current_items() -> int | None:
    return _items.get()


def bind(listener: Listener | None) -> None:
    """Set the listener in the current context for good (use inside ``Context.run``)."""
    _listener.set(listener)


class Listeners:
    """The registered listeners of one client family, and the dispatch of its events."""

    def __init__(self) -> None:
        # A tuple, replaced on change: a listener may remove itself while being called.
        self._registered: tuple[AnyListener, ...] = ()
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._registered)

    def add(self, listener: AnyListener) -> None:
        if not callable(listener):
            raise ValidationError(f"a listener must be callable, got {type(listener).__name__}")
        if listener not in self._registered:
            self._registered = (*self._registered, listener)

    def remove(self, listener: AnyListener) -> None:
        """Stop sending events to ``listener`` (no error if it was not registered)."""
        self._registered = tuple(known for known in self._registered if known != listener)

    @property
    def active(self) -> bool:
        """Whether anyone listens for ``emit``: when not, callers skip building the event."""
        return bool(self._registered) or _listener.get() is not None

    def emit(self, event: Event) -> None:
        """Hand ``event`` to every registered listener, then to the current task's listener."""
        for listener in self._registered:
            self._call(listener, event)
        emit(event)

    def notify(self, event: Event) -> None:
        """Hand ``event`` to the registered listeners only (check ``bool(listeners)`` first)."""
        for listener in self._registered:
            self._call(listener, event)

    def _call(self, listener: AnyListener, event: Event) -> None:
        try:
            outcome = listener(event)
            if inspect.isawaitable(outcome):
                task = asyncio.get_running_loop().create_task(_awaited(outcome, listener))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        except Exception:
            logger.exception(
                "event listener %s failed on %s", _name(listener), type(event).__name__
            )

    async def aclose(self) -> None:
        """Wait briefly for async listeners still running, then cancel the rest."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=1.0)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


class ProgressSink:
    """A bulk job's ``on_progress``: the caller's callback gets every event of the job, and the
    client's listeners get its progress events too (its requests' events reach them already)."""

    __slots__ = ("_callback", "_listeners")

    def __init__(self, listeners: Listeners, on_progress: Listener | None) -> None:
        self._listeners = listeners
        self._callback = on_progress

    def __call__(self, event: Event) -> None:
        if isinstance(event, ProgressEvent) and self._listeners:
            self._listeners.notify(event)
        if self._callback is not None:
            self._callback(event)

    def hears_progress(self) -> bool:
        """Whether a progress event would reach anyone now (when not, the job does not build
        one; a listener added mid-job hears the next)."""
        return self._callback is not None or bool(self._listeners)


def progress_sink(listeners: Listeners, on_progress: Listener | None) -> ProgressSink:
    """The ``on_progress`` of a bulk job for these listeners and the caller's callback."""
    return ProgressSink(listeners, on_progress)


async def _awaited(outcome: Awaitable[Any], listener: AnyListener) -> None:
    try:
        await outcome
    except Exception:
        logger.exception("event listener %s failed", _name(listener))


def _name(listener: AnyListener) -> str:
    return getattr(listener, "__qualname__", None) or type(listener).__name__
