"""Fixtures of the HTTP seam's suite: every test runs once per backend, over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from scansource_async._config import HTTP_BACKENDS

from .forward_proxy import ForwardProxy


@pytest.fixture(params=HTTP_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The ``http_backend`` under test."""
    return str(request.param)


@pytest.fixture
async def forward_proxy() -> AsyncIterator[ForwardProxy]:
    """A forward proxy on loopback that records what it forwarded."""
    async with ForwardProxy() as proxy:
        yield proxy


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No proxy variable of the machine's leaks in: every one removed, ``NO_PROXY`` empty (so
    a proxy a test sets applies to 127.0.0.1 too)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "")
    return monkeypatch
