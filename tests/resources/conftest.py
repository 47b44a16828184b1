"""Fixtures for the resource tests: a simulator and a client wired to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from scansource_async import ScanSourceClient
from scansource_async.testing import Simulator

from .helpers import CATALOG_SIZE, SEED, client_of


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=SEED, catalog_size=CATALOG_SIZE)


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[ScanSourceClient]:
    async with client_of(sim) as connected:
        yield connected
