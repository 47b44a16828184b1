"""Shared fixtures: a respx-mocked API and clients wired to it."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator

import pytest
import respx

from benchmarks._redis_server import RedisServer, redis_server_binary
from scansource_async import ScanSourceClient

from .helpers import ACCESS_TOKEN, BASE_URL, TOKEN_URL, make_client

# The suite starts many Python processes (the parallel workers, the command line and the
# limiter and cache workers as processes). Under PYTHONDONTWRITEBYTECODE each one compiles the
# package, its dependencies and every rewritten test module from source again: seconds of CPU
# per process, most of the suite's CPU. Loaded before the workers start, so they and every
# process a test starts inherit the change; the caches land in __pycache__ (git-ignored).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


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
