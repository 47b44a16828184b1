"""The linear-time request assignment gives the pool exactly what httpcore's own gives."""

from __future__ import annotations

import hashlib
import inspect
import random
from typing import Any

import httpcore
import pytest

from scansource_async import ScanSourceClient
from scansource_async._http._pool_assign import assign, install

ORIGINS = [httpcore.URL(f"http://host{n}.test/").origin for n in range(2)]

# httpcore 1.0.9's method. A new httpcore that changes it fails here: compare the new source
# with _pool_assign.assign before updating the digest (and the pin in pyproject.toml).
TESTED_DIGEST = "ea1547e78a655633653bde5257e611ee458cfd46b8ab4543de13c5bae095b0ae"


class FakeConnection:
    def __init__(self, name: str, origin: Any, rng: random.Random | None = None) -> None:
        self.name = name
        self.origin = origin
        state = rng.random() if rng is not None else 0.9
        self.closed = state < 0.1
        self.expired = 0.1 <= state < 0.2
        self.idle = state >= 0.55
        self.available = state >= 0.4

    def is_closed(self) -> bool:
        return self.closed

    def has_expired(self) -> bool:
        return self.expired

    def is_idle(self) -> bool:
        return self.idle

    def is_available(self) -> bool:
        return self.available

    def can_handle_request(self, origin: Any) -> bool:
        return bool(origin == self.origin)


class FakeRequest:
    def __init__(self, name: str, origin: Any, queued: bool) -> None:
        self.name = name
        self.request = type("R", (), {"url": type("U", (), {"origin": origin})()})()
        self.queued = queued
        self.connection: FakeConnection | None = None

    def is_queued(self) -> bool:
        return self.queued and self.connection is None

    def assign_to_connection(self, connection: FakeConnection) -> None:
        self.connection = connection


def pool_state(seed: int) -> httpcore.AsyncConnectionPool:
    rng = random.Random(seed)
    pool = httpcore.AsyncConnectionPool(
        max_connections=rng.randint(1, 12), max_keepalive_connections=rng.randint(0, 12)
    )
    pool._connections = [  # type: ignore[assignment]
        FakeConnection(f"c{n}", rng.choice(ORIGINS), rng) for n in range(rng.randint(0, 14))
    ]
    pool._requests = [  # type: ignore[assignment]
        FakeRequest(f"r{n}", rng.choice(ORIGINS), rng.random() < 0.7)
        for n in range(rng.randint(0, 10))
    ]
    created = iter(range(1000))
    pool.create_connection = lambda origin: FakeConnection(  # type: ignore[method-assign]
        f"new{next(created)}", origin
    )
    return pool


def outcome(pool: httpcore.AsyncConnectionPool, closing: list[Any]) -> tuple[Any, ...]:
    return (
        [c.name for c in pool._connections],
        [c.name for c in closing],
        [(r.name, r.connection and r.connection.name) for r in pool._requests],  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("seed", range(300))
def test_the_same_assignment_as_httpcores_own(seed: int) -> None:
    theirs = pool_state(seed)
    ours = pool_state(seed)
    expected = outcome(theirs, type(theirs)._assign_requests_to_connections(theirs))
    assert outcome(ours, assign(ours)) == expected


def test_httpcores_method_is_the_one_this_was_written_for() -> None:
    source = inspect.getsource(httpcore.AsyncConnectionPool._assign_requests_to_connections)
    assert hashlib.sha256(source.encode()).hexdigest() == TESTED_DIGEST


def test_install_replaces_the_method_of_one_pool_only() -> None:
    pool, other = httpcore.AsyncConnectionPool(), httpcore.AsyncConnectionPool()
    assert install(pool)
    assert pool._assign_requests_to_connections.func is assign  # type: ignore[attr-defined]
    assert not hasattr(other._assign_requests_to_connections, "func")
    assert not install(object())  # another shape: left alone


async def test_the_httpx_backends_pool_uses_it() -> None:
    async with ScanSourceClient(subscription_key="k", customer_number="1") as client:
        pool = client.pipeline._http._transport._pool  # type: ignore[attr-defined]
        assert pool._assign_requests_to_connections.func is assign
