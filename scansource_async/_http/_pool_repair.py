"""Work around httpcore 1.0 leaking pool slots when a request is cancelled mid-flight.

httpcore can leave a cancelled request registered in its pool, holding its connection in
the ACTIVE state for good (encode/httpcore#1093, #830, #658; unfixed in 1.0.9). Each such
cancellation costs a pool slot until the pool is exhausted and every request times out.

Each attempt carries a unique marker in its request extensions (httpx hands extensions to
httpcore's request unchanged). When an attempt is cancelled, :meth:`PoolRepair.reclaim`
removes exactly that request's entry from the pool and closes its connection, as httpcore
should have.

This edits httpcore's private state, so every access is guarded: a shape other than the one
this was tested with (httpcore pinned in pyproject.toml; ``tests/test_pool_repair.py`` is the
canary) logs one warning and turns the repair off for good. It never raises, so it can never
replace the exception of the attempt that was cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

__all__ = ["ATTEMPT_EXTENSION", "PoolRepair", "describe_shape"]

ATTEMPT_EXTENSION = "scansource_async.attempt"
logger = logging.getLogger("scansource_async")
_closing: set[asyncio.Task[Any]] = set()
_warned = False


def describe_shape(transport: object) -> str | None:
    """What of httpcore's pool internals this repair relies on is missing (None: all there).

    ``transport`` is an ``httpx.AsyncHTTPTransport``; other transports (mocks, ASGI) have no
    pool and answer None too, since there is nothing to repair.
    """
    if not hasattr(transport, "_pool"):
        return None
    pool = transport._pool
    for name in ("_requests", "_connections"):
        if not isinstance(getattr(pool, name, None), list):
            return f"httpcore's pool has no list {name}"
    return None


def _describe_entry(pool_request: object) -> str | None:
    request = getattr(pool_request, "request", None)
    if not isinstance(getattr(request, "extensions", None), dict):
        return "a pool request has no .request.extensions dict"
    if not hasattr(pool_request, "connection"):
        return "a pool request has no .connection"
    return None


def _describe_connection(connection: object) -> str | None:
    for name in ("is_idle", "is_closed", "aclose"):
        if not callable(getattr(connection, name, None)):
            return f"a pooled connection has no {name}()"
    return None


class PoolRepair:
    """The repair for one httpx transport; disabled on the first surprise."""

    def __init__(self, transport: object) -> None:
        self._transport = transport
        self.enabled = True

    def reclaim(self, marker: object) -> int:
        """Release what the cancelled attempt ``marker`` left in the pool; returns connections
        closed. Never raises."""
        if not self.enabled:
            return 0
        try:
            return self._reclaim(marker)
        except Exception as exc:  # a shape the checks below did not foresee
            self._disable(f"{type(exc).__name__}: {exc}")
            return 0

    def _reclaim(self, marker: object) -> int:
        if not hasattr(self._transport, "_pool"):
            return 0  # not httpx's pooled transport: nothing to repair
        problem = describe_shape(self._transport)
        if problem is not None:
            self._disable(problem)
            return 0
        pool = self._transport._pool
        requests: list[Any] = pool._requests
        connections: list[Any] = pool._connections
        for pool_request in requests:
            if (problem := _describe_entry(pool_request)) is not None:
                self._disable(problem)
                return 0
        for connection in connections:
            if (problem := _describe_connection(connection)) is not None:
                self._disable(problem)
                return 0
        for pool_request in list(requests):
            if pool_request.request.extensions.get(ATTEMPT_EXTENSION) is marker:
                requests.remove(pool_request)
        # Every connection that is neither idle nor closed and that no pending request owns
        # was left so by a cancelled request (the invariant of httpcore's proposed fix).
        owned = {id(pool_request.connection) for pool_request in requests}
        orphans = [
            connection
            for connection in connections
            if id(connection) not in owned
            and not connection.is_idle()
            and not connection.is_closed()
        ]
        for connection in orphans:
            connections.remove(connection)
            # Closing awaits the socket; it must not depend on the cancelled caller.
            task = asyncio.get_running_loop().create_task(connection.aclose())
            _closing.add(task)
            task.add_done_callback(_closing.discard)
        return len(orphans)

    def _disable(self, problem: str) -> None:
        global _warned
        self.enabled = False
        if _warned:
            return
        _warned = True
        logger.warning(
            "httpcore's connection pool is not shaped as expected (%s); the repair of pool"
            " slots leaked by cancelled requests is off for this client",
            problem,
        )
