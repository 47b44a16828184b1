"""Shared fixtures: a respx-mocked API and clients wired to it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
import respx

from scansource_async import ScanSourceClient
from scansource_async.testing._redis_server import RedisServer, redis_server_binary

from .helpers import ACCESS_TOKEN, BASE_URL, TOKEN_URL, make_client


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """A respx router for the API and token hosts; every request must match a route."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.post(TOKEN_URL, name="token").respond(
            json={"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600}
        )
        yield router


@pytest.fixture
async def client(api: respx.MockRouter) -> AsyncIterator[ScanSourceClient]:
    """A client with OAuth, pointed at the respx-mocked API."""
    async with make_client() as c:
        yield c


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """``redis-server --port P --bind 127.0.0.1 --save '' --appendonly no`` in a temp dir.

    Skipped when the binary or the [redis] extra is missing, except in CI (``CI=true``),
    where it fails: ``.ci/run`` installs both.
    """
    message = None
    if redis_server_binary() is None:
        message = "redis-server is not installed (apt-get install redis-server)"
    else:
        try:
            import redis  # noqa: F401
        except ImportError:
            message = "the [redis] extra is not installed"
    if message is not None:
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with RedisServer() as server:
        yield server
