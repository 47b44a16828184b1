"""Which pooled connections have expired, answered for the whole pool with one ``poll``.

Each time httpcore's pool assigns requests (twice per request) it asks every connection
``has_expired()``: past its keep-alive expiry, or idle with a readable socket (the server
closed it). For an idle HTTP/1.1 connection over anyio that question costs a fresh anyio
attribute table (with a ``getpeername`` call) to find the socket, then a new ``poll`` object
and a ``poll`` system call: with 16 connections, about a sixth of the httpx backend's CPU per
request (``python -m benchmarks.profile``).

:meth:`PoolExpiry.expired` gives the same answer for every connection: each idle
connection's socket is looked up once for the life of its stream, and all of them are polled
in one call. A connection of another shape (HTTP/2, a proxy's, a test double) is asked its own
``has_expired()``. The shape relied on is httpcore 1.0's (pinned; the canary is
``tests/http_backends/test_pool_expiry.py``); a connection that does not fit it logs one
warning and turns the shortcut off for good, every connection then answering for itself.
"""

from __future__ import annotations

import logging
import select
import time
from collections.abc import Sequence
from typing import Any

__all__ = ["PoolExpiry"]

logger = logging.getLogger("scansource_async")


class PoolExpiry:
    """``has_expired()`` of many connections at once, for connections of exactly these types:
    ``connection`` (httpcore's ``AsyncHTTPConnection``) over ``http11``
    (``AsyncHTTP11Connection``, idle in state ``idle``) over ``stream`` (``AnyIOStream``)."""

    def __init__(self, *, connection: type, http11: type, idle: object, stream: type) -> None:
        # Any: compared by exact type, then their private attributes are read.
        self._connection: Any = connection
        self._http11: Any = http11
        self._idle = idle
        self._stream: Any = stream
        # Without poll (Windows) every connection answers for itself.
        self._enabled = hasattr(select, "poll")
        # Each stream's socket, found once (anyio rebuilds its attribute table on each lookup):
        # id(stream) -> (stream, socket). The stream is held so that its id is not reused; the
        # table is cut back to the pool's streams when it outgrows them.
        self._sockets: dict[int, tuple[Any, Any]] = {}

    def expired(self, connections: Sequence[Any]) -> set[int]:
        """The ids of those of ``connections`` whose ``has_expired()`` is true now."""
        if self._enabled:
            try:
                return self._expired(connections)
            except Exception as exc:  # another httpcore shape: never fail the request for it
                self._enabled = False
                logger.warning(
                    "the pool's expiry check does not know this httpcore (%s: %s); each"
                    " connection is asked for itself from now on",
                    type(exc).__name__,
                    exc,
                )
        return {id(connection) for connection in connections if connection.has_expired()}

    def _expired(self, connections: Sequence[Any]) -> set[int]:
        found: set[int] = set()
        polled: dict[int, int] = {}  # file descriptor -> connection id
        now = time.monotonic()
        for connection in connections:
            inner: Any = connection._connection if type(connection) is self._connection else None
            if type(inner) is not self._http11 or type(inner._network_stream) is not self._stream:
                if connection.has_expired():
                    found.add(id(connection))
                continue
            # AsyncHTTP11Connection.has_expired: past its keep-alive expiry, or idle with a
            # readable socket (the server closed it, or sent what no request asked for).
            expire_at = inner._expire_at
            if expire_at is not None and now > expire_at:
                found.add(id(connection))
            elif inner._state == self._idle:
                fd = self._fileno(inner._network_stream)
                if fd < 0:  # no socket any more: httpcore counts that as readable
                    found.add(id(connection))
                else:
                    polled[fd] = id(connection)
        if len(self._sockets) > 2 * len(connections) + 8:
            self._forget_closed(connections)
        if polled:
            poll = select.poll()
            for fd in polled:
                poll.register(fd, select.POLLIN)
            # Any event counts, as in httpcore's is_socket_readable (hang-up and error too).
            found.update(polled[fd] for fd, _ in poll.poll(0))
        return found

    def _fileno(self, stream: Any) -> int:
        known = self._sockets.get(id(stream))
        if known is not None and known[0] is stream:
            fd: int = known[1].fileno()
            return fd
        sock = stream.get_extra_info("socket")
        if sock is None:
            return -1
        self._sockets[id(stream)] = (stream, sock)
        return int(sock.fileno())

    def _forget_closed(self, connections: Sequence[Any]) -> None:
        streams = {id(stream) for stream in map(_stream_of, connections) if stream is not None}
        self._sockets = {key: known for key, known in self._sockets.items() if key in streams}


def _stream_of(connection: Any) -> Any:
    inner = getattr(connection, "_connection", None)
    return getattr(inner, "_network_stream", None)
