"""Work around httpcore 1.0 leaking pool slots when a request is cancelled mid-flight.

httpcore can leave a cancelled request registered in its pool, holding its connection in
the ACTIVE state for good (encode/httpcore#1093, #830, #658; unfixed in 1.0.9). Each such
cancellation costs a pool slot until the pool is exhausted and every request times out.

Each attempt carries a unique marker in its request extensions (httpx hands extensions to
httpcore's request unchanged). When an attempt is cancelled, ``reclaim`` removes exactly that
request's entry from the pool and closes its connection, as httpcore should have. Every access
to httpcore's internals is guarded: with another transport, or a fixed httpcore, it does nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["ATTEMPT_EXTENSION", "reclaim"]

ATTEMPT_EXTENSION = "scansource_async.attempt"
_closing: set[asyncio.Task[Any]] = set()


def reclaim(transport: object, marker: object) -> int:
    """Release what the cancelled attempt ``marker`` left in the pool; returns connections closed.

    Its pool entry is dropped if httpcore kept it, then every connection that is neither idle
    nor closed and that no pending request owns is closed: only a cancelled request leaves one
    so (the invariant of httpcore's proposed fix).
    """
    pool = getattr(transport, "_pool", None)
    requests = getattr(pool, "_requests", None)
    connections = getattr(pool, "_connections", None)
    if not isinstance(requests, list) or not isinstance(connections, list):
        return 0
    for pool_request in list(requests):
        request = getattr(pool_request, "request", None)
        if getattr(request, "extensions", {}).get(ATTEMPT_EXTENSION) is marker:
            requests.remove(pool_request)
    owned = {id(getattr(pool_request, "connection", None)) for pool_request in requests}
    orphans = [
        connection
        for connection in connections
        if id(connection) not in owned and not connection.is_idle() and not connection.is_closed()
    ]
    for connection in orphans:
        connections.remove(connection)
        # Closing awaits the socket; it must not depend on the cancelled caller.
        task = asyncio.get_running_loop().create_task(connection.aclose())
        _closing.add(task)
        task.add_done_callback(_closing.discard)
    return len(orphans)
