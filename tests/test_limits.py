"""The local rate limiter against the simulator: the adaptive rate is cut by 429s and grows back,
and a pause ends without a burst. Rates are measured from the simulator's request log."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import anyio
import pytest

from scansource_async import LocalRateLimiter, PricingLine, RetryPolicy, ScanSourceClient
from scansource_async.testing import Simulator
from scansource_async.testing._state import RequestRecord

FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.005, max_retries=20)


def started(records: Sequence[RequestRecord], since: float, until: float) -> list[RequestRecord]:
    return [r for r in records if since <= r.started < until]


async def keep_sending(client: ScanSourceClient, sim: Simulator, *, until: float) -> None:
    """Eight workers pricing one line each, back to back, until ``until`` (monotonic)."""
    line = PricingLine(sim.catalog.item_numbers[0])

    async def worker() -> None:
        while time.monotonic() < until:
            await client.products.pricing([line])

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(worker)


@pytest.mark.slow
async def test_a_429_cuts_the_rate_to_what_got_through_and_it_grows_back() -> None:
    sim = Simulator(rate_limit=10, catalog_size=1_000, request_log_size=20_000)
    async with sim.client(max_rate=50, retry=FAST_RETRY) as client:
        assert client.stats.rate == 50 and client.stats.rate_cuts == 0
        start = time.monotonic()
        await keep_sending(client, sim, until=start + 4.0)
        assert client.stats.rate_cuts >= 1
        assert client.stats.rate < 20  # cut from 50 toward the server's 10
        log = list(sim.requests)
        throttled = [r for r in log if r.status == 429]
        ok = [r for r in log if r.status == 200]
        # Paced near the server's limit, the client draws few 429s: the fixed-rate client at
        # 50/s would draw about four for every request that gets through.
        assert len(throttled) <= len(ok) / 4
        settled = started(log, start + 2.0, start + 4.0)
        assert len(settled) / 2.0 < 15  # requests per second sent once adapted

        # The server's limit goes away: the rate grows back toward max_rate.
        sim.set_rate_limit(None)
        sim.reset()
        recovered_at = None
        deadline = time.monotonic() + 15.0
        while recovered_at is None and time.monotonic() < deadline:
            window_start = time.monotonic()
            await keep_sending(client, sim, until=window_start + 1.0)
            if len(started(list(sim.requests), window_start, window_start + 1.0)) >= 35:
                recovered_at = window_start
        assert recovered_at is not None, "the rate never grew back above 35 req/s"
        assert client.stats.rate >= 35
        assert all(r.status == 200 for r in sim.requests)


async def test_the_fixed_rate_is_never_cut() -> None:
    sim = Simulator(rate_limit=10, catalog_size=1_000)
    async with sim.client(max_rate=30, adaptive_rate=False, retry=FAST_RETRY) as client:
        await keep_sending(client, sim, until=time.monotonic() + 1.5)
        assert client.stats.rate_limited > 0
        assert client.stats.rate == 30 and client.stats.rate_cuts == 0


async def requests_after_a_pause(client: ScanSourceClient, sim: Simulator) -> tuple[int, float]:
    """Send for a while, then have the API throttle for 1.5 s while sending on; return how many
    requests reached it in the first second after the throttle ended, and the client's rate."""
    start = time.monotonic()
    sending = asyncio.ensure_future(keep_sending(client, sim, until=start + 4.5))
    await asyncio.sleep(1.5)
    sim.throttle(1.5)
    ended = time.monotonic() + 1.5
    await sending
    after = [r for r in started(list(sim.requests), ended, ended + 1.0) if r.status == 200]
    assert any(r.status == 429 for r in sim.requests)
    return len(after), client.stats.rate


async def test_no_burst_after_a_pause_at_a_fixed_rate() -> None:
    sim = Simulator(catalog_size=1_000)
    async with sim.client(max_rate=20, adaptive_rate=False, retry=FAST_RETRY) as client:
        count, _ = await requests_after_a_pause(client, sim)
    # A bucket refilled during the pause would let ~18 out at once, then 20 more that second.
    assert count <= 20 + 1


async def test_no_burst_after_a_pause_at_the_adaptive_rate() -> None:
    sim = Simulator(catalog_size=1_000)
    async with sim.client(max_rate=20, retry=FAST_RETRY) as client:
        count, rate = await requests_after_a_pause(client, sim)
        assert client.stats.rate_cuts == 1
    # The rate was cut at the 429 and is growing back: never above the rate reached by the
    # end of that second.
    assert rate < 20
    assert count <= rate + 1


async def test_the_adaptive_limiter_paces_evenly_from_the_start() -> None:
    limiter = LocalRateLimiter(50, adaptive=True)
    times: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        times.append(time.monotonic())

    start = time.monotonic()
    async with anyio.create_task_group() as group:
        for _ in range(26):
            group.start_soon(one)
    # 26 requests at 50/s: the last goes about half a second after the first, not in a burst.
    assert times[-1] - start >= 0.4
    assert limiter.stats.rate == 50


async def sends_around_a_stall(limiter: LocalRateLimiter) -> tuple[int, float]:
    """Eight workers, each waiting 40 ms between its sends (a request's round trip), keep the
    limiter busy for two seconds; 0.3 s in, the event loop blocks for 0.3 s (a long garbage
    collection). Returns the sends of those two seconds and how long they took."""
    sent = 0
    start = time.monotonic()
    end = start + 2.0

    async def worker() -> None:
        nonlocal sent
        while True:
            await limiter.acquire()
            if time.monotonic() >= end:
                return
            sent += 1
            await asyncio.sleep(0.04)

    async def stall() -> None:
        await asyncio.sleep(0.3)
        time.sleep(0.3)  # noqa: ASYNC251 - blocks the loop, as a long collection does

    await asyncio.gather(stall(), *(worker() for _ in range(8)))
    return sent, time.monotonic() - start


async def test_slots_a_stall_took_are_made_up() -> None:
    # Eight workers hold about four slots ahead (40 ms at 100/s); without the catch-up the
    # rest of the stall's 0.3 s was lost: about 20 of the 200 sends of the two seconds.
    limiter = LocalRateLimiter(100, adaptive=True)
    sent, elapsed = await sends_around_a_stall(limiter)
    assert sent >= 0.95 * 100 * min(elapsed, 2.0), sent
    # Never more than the rate allows, plus the 50 ms burst at the start.
    assert sent <= 100 * elapsed + 6, sent


async def test_idle_time_is_not_made_up() -> None:
    limiter = LocalRateLimiter(100, adaptive=True)
    await limiter.acquire()
    await asyncio.sleep(0.2)  # idle, not stalled: the unused slots are gone
    times: list[float] = []
    for _ in range(20):
        await limiter.acquire()
        times.append(time.monotonic())
    # Only the 50 ms burst goes at once; the rest follows at 100/s.
    assert times[-1] - times[0] >= 0.12


async def test_requests_queued_at_a_cut_rate_go_out_as_it_grows_back() -> None:
    """Thirty requests queued right after a cut to the lowest rate (0.5/s) would wait a minute
    on that spacing; as the rate grows back along its curve, their slots are laid out again."""
    limiter = LocalRateLimiter(100, adaptive=True)
    await limiter.pause(0.0)  # nothing got through yet: the rate falls to the floor
    assert limiter.current_rate() < 1
    started = time.monotonic()
    sent: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        sent.append(time.monotonic() - started)

    async with anyio.create_task_group() as group:
        for _ in range(30):
            group.start_soon(one)
    assert len(sent) == 30
    # On the cut spacing the last would go after 58 s; along the curve (0.4 t^3 + 0.5 per
    # second) all thirty have gone within about 4 s.
    assert max(sent) < 20, sent
    # ... and still paced: never more than the regrown rate allows in the first second.
    assert sum(1 for at in sent if at < 1.0) <= 3, sent
