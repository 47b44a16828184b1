"""httpcore 1.0's request-to-connection assignment, in linear rather than quadratic time.

httpcore's pool reassigns every queued request to a connection each time a request arrives
or a response is closed (twice per request). For each idle connection its
``_assign_requests_to_connections`` counts the pool's connections by building a list of
``is_idle()`` over all of them (``len([c.is_idle() for c in connections])``: the length of
that list is simply the number of connections), and it lists every available and every idle
connection for each queued request although it uses only the first of each. With 16
connections that is hundreds of calls per request, about a fifth of the httpx backend's CPU
(``python -m benchmarks.profile``).

:func:`assign` is the same algorithm with the same result, step for step: the count is
``len(connections)`` read at the same moment, and only the first available and idle
connection is looked for. :func:`install` puts it on one pool instance, after checking the
shape it relies on (httpcore is pinned; ``tests/http_backends/test_pool_assign.py`` compares
it with httpcore's own on random pool states, and fails when httpcore changes the method).
"""

from __future__ import annotations

import functools
from typing import Any

from ._pool_expiry import PoolExpiry

__all__ = ["assign", "install"]

_POOL_ATTRIBUTES = ("_connections", "_requests", "_max_connections", "_max_keepalive_connections")


def assign(pool: Any, expiry: PoolExpiry | None = None) -> list[Any]:
    """Assign queued requests to connections; return the connections to close.

    ``expiry`` answers ``has_expired()`` for the whole pool at once (the same answers).
    """
    closing = []
    connections: list[Any] = pool._connections
    expired = expiry.expired(connections) if expiry is not None else None
    # Closed, expired and surplus idle connections leave the pool.
    for connection in list(connections):
        if connection.is_closed():
            connections.remove(connection)
        elif (connection.has_expired() if expired is None else id(connection) in expired) or (
            connection.is_idle() and len(connections) > pool._max_keepalive_connections
        ):
            connections.remove(connection)
            closing.append(connection)

    for pool_request in [request for request in pool._requests if request.is_queued()]:
        origin = pool_request.request.url.origin
        available = next(
            (c for c in connections if c.can_handle_request(origin) and c.is_available()), None
        )
        if available is not None:
            pool_request.assign_to_connection(available)
        elif len(connections) < pool._max_connections:
            connection = pool.create_connection(origin)
            connections.append(connection)
            pool_request.assign_to_connection(connection)
        elif (idle := next((c for c in connections if c.is_idle()), None)) is not None:
            connections.remove(idle)
            closing.append(idle)
            connection = pool.create_connection(origin)
            connections.append(connection)
            pool_request.assign_to_connection(connection)
    return closing


def install(pool: Any, expiry: PoolExpiry | None = None) -> bool:
    """Use :func:`assign` (with ``expiry``) for ``pool`` (httpcore's ``AsyncConnectionPool``);
    False, leaving the pool as it is, when it is not shaped as this was written for."""
    if not callable(getattr(pool, "_assign_requests_to_connections", None)):
        return False
    if not callable(getattr(pool, "create_connection", None)):
        return False
    if not isinstance(getattr(pool, "_connections", None), list):
        return False
    if not isinstance(getattr(pool, "_requests", None), list):
        return False
    if not all(hasattr(pool, name) for name in _POOL_ATTRIBUTES):
        return False
    pool._assign_requests_to_connections = functools.partial(assign, pool, expiry=expiry)
    return True
