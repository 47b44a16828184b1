"""Route transport events to whoever is listening in the current task (a bulk job, a CLI)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .events import Event

__all__ = ["bind", "emit", "listening"]

Listener = Callable[[Event], None]
_listener: ContextVar[Listener | None] = ContextVar("scansource_async_listener", default=None)


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


def bind(listener: Listener | None) -> None:
    """Set the listener in the current context for good (use inside ``Context.run``)."""
    _listener.set(listener)
