"""Long-lived client: mixed traffic (single prices, small jobs, search pages, details, customer
lookups, faults) on one client keeps memory, sockets, pool connections and tasks flat."""

from __future__ import annotations

import pytest

from .harness import SecretWatch, size
from .scenarios import long_lived

CALLS = size(1_200, 20_000)


@pytest.mark.slow
async def test_memory_sockets_and_tasks_stay_flat(watch: SecretWatch) -> None:
    figures = await long_lived(watch, CALLS, seed=6)

    assert figures.held, figures.summary() + str(figures.notes)
    assert figures.faults["error"] > 0 and figures.retries > 0
