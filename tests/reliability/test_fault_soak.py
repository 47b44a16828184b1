"""Fault soak: a big pricing job over loopback under 5 % 5xx, 2 % 429, 1 % dropped
connections and jitter loses nothing, duplicates nothing, prices everything right."""

from __future__ import annotations

from .harness import SecretWatch, size
from .scenarios import fault_soak

LINES = size(10_000, 100_000)


async def test_every_line_priced_once_and_right_under_faults(watch: SecretWatch) -> None:
    figures = await fault_soak(watch, LINES, seed=1)

    assert figures.held, figures.summary()
    assert figures.lost == figures.duplicated == figures.wrong == 0
    assert figures.leaked_connections == figures.leaked_tasks == 0
    # The faults really happened, of every kind, and each cost exactly one retry.
    assert {"error", "throttle", "drop"} <= set(figures.faults), figures.faults
    assert figures.retries == sum(figures.faults.values())
