"""Fault soak: a big pricing job over loopback under 5 % 5xx, 2 % 429, 1 % dropped
connections and jitter loses nothing, duplicates nothing, prices everything right."""

from __future__ import annotations

from .harness import SecretWatch, client_of, pricing_job, size, wire_lines
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


async def test_the_wire_accounting_sees_a_line_priced_twice(watch: SecretWatch) -> None:
    """The duplicate count above can fail: a line priced in two 200 answers is seen."""
    sim = watch.sim(seed=12, catalog_size=1_000)
    job = pricing_job(sim, 200, seed=12, duplicates=0, unknown=0)
    async with client_of(sim) as client:
        await client.products.price_many(job)
        await client.products.price_many(job[:10])  # the same ten lines again
    answered, faulted_lines, faulted_requests, unexpected = wire_lines(sim)
    assert sum(count - 1 for count in answered.values()) == 10
    assert (faulted_lines, faulted_requests, unexpected) == (0, 0, [])
