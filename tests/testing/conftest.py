"""Fixtures for the simulator's own tests.

``open_api`` connects raw httpx to a simulator in the mode of the parametrized ``mode`` fixture,
so every test that uses it runs twice: in-process (``sim.transport()``) and over loopback
(``sim.serve()``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from scansource_async.testing import IN_PROCESS_BASE_URL, Simulator

from .simhelpers import Api, OpenApi


@pytest.fixture(params=["in-process", pytest.param("loopback", marks=pytest.mark.loopback)])
def mode(request: pytest.FixtureRequest) -> str:
    mode: str = request.param
    return mode


@pytest.fixture
def open_api(mode: str) -> OpenApi:
    """``async with open_api(sim) as api:`` in the parametrized mode."""

    @asynccontextmanager
    async def connect(sim: Simulator | None = None, **client: Any) -> AsyncIterator[Api]:
        sim = sim or Simulator(api_layout="legacy")
        if mode == "in-process":
            async with httpx.AsyncClient(
                transport=sim.transport(), base_url=IN_PROCESS_BASE_URL, **client
            ) as http:
                yield Api(sim, http, mode)
        else:
            async with sim.serve() as url, httpx.AsyncClient(base_url=url, **client) as http:
                yield Api(sim, http, mode)

    return connect


@pytest.fixture
async def sim_api(open_api: OpenApi) -> AsyncIterator[Api]:
    """A default simulator, connected in the parametrized mode."""
    async with open_api() as connected:
        yield connected
