"""Cancellation: bulk jobs stopped, broken off or cancelled at random points leave no pool
connection busy and no task running, report correct partial results, and the client works on."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from scansource_async.testing import FaultModel

from .harness import SecretWatch, client_of, leaks, size
from .scenarios import MODES, cancellation

TRIALS = size(25, 100)


async def test_jobs_ended_at_random_points_leak_nothing(watch: SecretWatch) -> None:
    figures = await cancellation(watch, TRIALS, seed=3)

    assert figures.held, figures.summary()
    assert figures.leaked_connections == 0 and figures.leaked_tasks == 0
    assert figures.size == TRIALS >= 5 * len(MODES)


async def test_the_leak_check_sees_a_busy_connection_and_a_stray_task(watch: SecretWatch) -> None:
    """The checks above can fail: a request still on the wire and a task still running are
    both reported."""
    sim = watch.sim(seed=9, catalog_size=1_000)
    sim.set_faults({"GET customer": FaultModel(latency=0.5)})
    async with sim.serve() as url, client_of(sim, url) as client:
        await client.products.detail(sim.catalog.item_numbers[0])  # the token, before the baseline
        baseline = set(asyncio.all_tasks())
        call = asyncio.ensure_future(client.customers.get())
        await asyncio.sleep(0.1)
        busy, tasks = await leaks(client, baseline, settle=0.05)
        assert busy >= 1 and tasks == 1
        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
        assert await leaks(client, baseline) == (0, 0)


@pytest.mark.parametrize(
    "mode", ["in-process", pytest.param("loopback", marks=pytest.mark.loopback)]
)
async def test_a_call_cancelled_at_any_await_point_gives_back_its_slot(
    watch: SecretWatch, mode: str
) -> None:
    """Cancel one call after 0, 1, 2 … loop steps, until it would have finished: whatever step
    the cancellation lands on (rate limiter, token, in-flight slot, pool, body), the in-flight
    slot and the pool connection come back, and the next call goes through."""
    sim = watch.sim(seed=10, catalog_size=1_000)
    async with contextlib.AsyncExitStack() as stack:
        url = await stack.enter_async_context(sim.serve()) if mode == "loopback" else None
        client = await stack.enter_async_context(client_of(sim, url, max_in_flight=2))
        await client.customers.get()  # the token and a pooled connection
        baseline = set(asyncio.all_tasks())
        steps = 0
        while steps < 200:
            call = asyncio.ensure_future(client.customers.get())
            for _ in range(steps):
                await asyncio.sleep(0)
            finished = call.done()
            call.cancel()
            await asyncio.gather(call, return_exceptions=True)
            assert await leaks(client, baseline) == (0, 0), f"cancelled after {steps} steps"
            if finished:
                break
            steps += 1
        assert 0 < steps < 200
        # The cap is intact: two calls at once still both go through.
        await asyncio.wait_for(asyncio.gather(client.customers.get(), client.customers.get()), 5)
