"""The adaptive rate through Redis: a 429 seen by one process cuts the rate of every process
sharing the key, and together they settle at the API's limit."""

from __future__ import annotations

import time

import anyio

from benchmarks._redis_server import RedisServer
from scansource_async import PricingLine, RedisRateLimiter, RetryPolicy, ScanSourceClient
from scansource_async._limits import CUBIC_BETA, MEASURE_MIN_SPAN
from scansource_async.testing import Simulator

KEY = "sk-shared-adaptive-0123456789"
FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.005, max_retries=20)


async def test_a_cut_written_by_one_limiter_paces_the_others(redis_server: RedisServer) -> None:
    first = RedisRateLimiter(redis_server.url, key=KEY, max_rate=50)
    second = RedisRateLimiter(redis_server.url, key=KEY, max_rate=50)
    try:
        assert first.adaptive and second.adaptive
        for _ in range(20):  # 20 sends in the last second between them, at 50/s
            await first.acquire()
            await second.acquire()
        await first.pause(0.05)  # first got a 429
        await second.acquire()
        # 40 got through in 0.8 s of sending, counted over the minimum span of one second (less
        # than at the last plateau, max_rate, so the plateau is set a little lower): the cut
        # rate is 0.7 of that.
        assert second.stats.rate_cuts == first.stats.rate_cuts == 1
        expected = CUBIC_BETA * (1 + CUBIC_BETA) / 2 * 40 / MEASURE_MIN_SPAN
        assert 0.8 * expected <= second.stats.rate <= 1.2 * expected
        # More 429s right after (answers to requests sent before the cut) do not cut again.
        await second.pause(0.01)
        assert second.stats.rate_cuts == 1
        began = time.monotonic()
        for _ in range(8):
            await second.acquire()
        # Eight sends at the cut rate take 7 / rate seconds; at 50/s they would take 0.14 s.
        assert time.monotonic() - began >= 7 / (second.stats.rate * 1.3)
    finally:
        await first.aclose()
        await second.aclose()


async def test_clients_sharing_a_redis_limiter_adapt_together(redis_server: RedisServer) -> None:
    sim = Simulator(rate_limit=10, catalog_size=1_000, subscription_keys=(KEY,))
    limiters = [RedisRateLimiter(redis_server.url, key=KEY, max_rate=40) for _ in range(2)]
    clients = [sim.client(rate_limiter=limiter, retry=FAST_RETRY) for limiter in limiters]
    line = PricingLine(sim.catalog.item_numbers[0])

    async def keep_sending(client: ScanSourceClient, until: float) -> None:
        async def worker() -> None:
            while time.monotonic() < until:
                await client.products.pricing([line])

        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(worker)

    try:
        start = time.monotonic()
        async with anyio.create_task_group() as group:
            for client in clients:
                group.start_soon(keep_sending, client, start + 4.0)
        log = list(sim.requests)
        ok = [r for r in log if r.status == 200]
        throttled = [r for r in log if r.status == 429]
        # Each limiter alone would allow 40/s; together at 40/s they would draw three 429s for
        # every request that gets through.
        assert len(throttled) <= len(ok) / 4
        settled = [r for r in log if start + 2.0 <= r.started < start + 4.0]
        assert len(settled) / 2.0 < 15
        # One shared rate: both limiters report the same cuts and pace to the same rate.
        cuts = {limiter.stats.rate_cuts for limiter in limiters}
        assert len(cuts) == 1 and cuts.pop() >= 1
        assert all(limiter.stats.rate < 20 for limiter in limiters)
    finally:
        for client in clients:
            await client.aclose()
