"""RedisPriceCache on a real redis-server: entries shared by clients and processes, expiry and
stale-while-revalidate with one refresh per key across two processes, no secret in Redis, and
plain misses (never errors) while Redis is away."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from benchmarks._redis_server import RedisServer
from scansource_async import ItemError, PricingLine, RetryPolicy, ScanSourceClient
from scansource_async.testing import FaultModel, Simulator
from tests.helpers import priced_items, pricing_records

pytest.importorskip("redis", reason="the [redis] extra is not installed")

from scansource_async import RedisPriceCache

KEY = "redis-cache-subscription-key-a1b2c3d4e5f6"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)
WORKER = Path(__file__).with_name("cache_worker.py")


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=3, catalog_size=2_000, subscription_keys=(KEY,))


@pytest.fixture
async def cache(redis_server: RedisServer) -> AsyncIterator[RedisPriceCache]:
    shared = RedisPriceCache(redis_server.url, ttl=60)
    yield shared
    await shared.aclose()


def connect(sim: Simulator, cache: RedisPriceCache, **options: object) -> ScanSourceClient:
    return sim.client(max_rate=100_000, retry=FAST, price_cache=cache, **options)


def requests(sim: Simulator) -> int:
    return len(pricing_records(sim))


def lines_sent(sim: Simulator) -> list[str]:
    return priced_items(sim)


def items(sim: Simulator, count: int, start: int = 300) -> list[str]:
    return list(sim.catalog.item_numbers[start : start + count])


async def test_second_round_within_the_ttl_costs_no_request(
    sim: Simulator, cache: RedisPriceCache
) -> None:
    catalog = items(sim, 200)
    callers = [catalog[n % 200] for n in range(1_000)]
    async with connect(sim, cache) as client:
        first = await asyncio.gather(*(client.products.price(item) for item in callers))
        sent = requests(sim)
        second = await asyncio.gather(*(client.products.price(item) for item in callers))
        assert requests(sim) == sent
        assert second == first  # Decimals and every field come back from Redis unchanged
        assert client.stats.cache_hits == 1_000
    # Lookups went to Redis in batches, not one round trip per caller.
    assert cache.round_trips < 200


async def test_entries_are_shared_by_clients_of_other_processes(
    sim: Simulator, redis_server: RedisServer
) -> None:
    catalog = items(sim, 30)
    first_cache = RedisPriceCache(redis_server.url)
    other_cache = RedisPriceCache(redis_server.url)  # its own connections, as in another process
    try:
        async with connect(sim, first_cache) as first, connect(sim, other_cache) as other:
            priced = await first.products.pricing([PricingLine(item) for item in catalog])
            assert requests(sim) == 1
            again = await other.products.pricing([PricingLine(item) for item in catalog])
            assert requests(sim) == 1
            assert again == priced
            # Another quantity or customer is another entry.
            await other.products.price(catalog[0], quantity=3)
            await other.products.price(catalog[0], customer_number="1000002")
            assert requests(sim) == 3
    finally:
        await first_cache.aclose()
        await other_cache.aclose()


async def test_entries_expire_after_the_ttl(sim: Simulator, redis_server: RedisServer) -> None:
    cache = RedisPriceCache(redis_server.url, ttl=0.3)
    (item,) = items(sim, 1)
    try:
        async with connect(sim, cache) as client:
            await client.products.price(item)
            await client.products.price(item)
            assert requests(sim) == 1
            await asyncio.sleep(0.5)
            await client.products.price(item)
            assert requests(sim) == 2
    finally:
        await cache.aclose()


async def test_an_unpriceable_item_is_kept_for_the_negative_ttl_only(
    sim: Simulator, redis_server: RedisServer
) -> None:
    cache = RedisPriceCache(redis_server.url, ttl=60, stale_ttl=60, negative_ttl=0.3)
    try:
        async with connect(sim, cache) as client:
            for _ in range(2):
                with pytest.raises(ItemError):
                    await client.products.price("NO-SUCH-ITEM-91")
            assert requests(sim) == 1
            await asyncio.sleep(0.5)
            with pytest.raises(ItemError):
                await client.products.price("NO-SUCH-ITEM-91")
            assert requests(sim) == 2
            assert client.stats.cache_stale_hits == 0
    finally:
        await cache.aclose()


async def test_redis_holds_no_secret_and_no_item_number_in_key_names(
    sim: Simulator, cache: RedisPriceCache, redis_server: RedisServer
) -> None:
    import redis.asyncio as aioredis

    catalog = items(sim, 10)
    async with connect(sim, cache) as client:
        await asyncio.gather(*(client.products.price(item) for item in catalog))
    raw = aioredis.Redis.from_url(redis_server.url)
    try:
        names = [name async for name in raw.scan_iter(match="*")]
        assert len(names) == 10
        values = [await raw.get(name) for name in names]
    finally:
        await raw.aclose()
    dump = b"\n".join(names + [value or b"" for value in values])
    assert KEY.encode() not in dump
    assert not any(item.encode() in name for name in names for item in catalog)
    assert all(name.startswith(b"scansource_async:price:") for name in names)


async def test_while_redis_is_away_every_lookup_is_a_miss_and_prices_still_come(
    sim: Simulator, redis_server: RedisServer
) -> None:
    cache = RedisPriceCache(redis_server.url, probe_interval=0.1, socket_timeout=0.5)
    catalog = items(sim, 5)
    try:
        async with connect(sim, cache) as client:
            await client.products.pricing([PricingLine(item) for item in catalog])
            redis_server.stop()
            products = await client.products.pricing([PricingLine(item) for item in catalog])
            assert len(products) == 5
            assert requests(sim) == 2
            assert not cache.available
            redis_server.start()  # back, empty
            await asyncio.sleep(0.2)
            await client.products.pricing([PricingLine(item) for item in catalog])
            await client.products.pricing([PricingLine(item) for item in catalog])
            assert requests(sim) == 3
            assert cache.available
    finally:
        await cache.aclose()


async def test_stale_while_revalidate_refreshes_each_key_once_across_two_processes(
    sim: Simulator, redis_server: RedisServer
) -> None:
    sim = Simulator(seed=3, catalog_size=2_000, clients={})  # workers: "test-key", no OAuth
    catalog = items(sim, 20)
    prefix = "swr-test"
    async with sim.serve() as base_url:
        cache = RedisPriceCache(redis_server.url, ttl=0.3, key_prefix=prefix, stale_ttl=600)
        async with ScanSourceClient(
            subscription_key="test-key",
            customer_number="1000001",
            base_url=base_url,
            max_rate=1_000,
            price_cache=cache,
        ) as client:
            await client.products.pricing([PricingLine(item) for item in catalog])
        await cache.aclose()
        assert lines_sent(sim) == catalog
        # Refreshes answer slowly, so both processes look while a refresh is under way.
        sim.set_faults({"POST product/pricing": FaultModel(latency=1.0)})
        command = [sys.executable, str(WORKER), base_url, redis_server.url, prefix, "0.3", "600"]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        workers = [
            await asyncio.create_subprocess_exec(
                *command,
                *catalog,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=env,
            )
            for _ in range(2)
        ]
        try:
            for worker in workers:
                assert worker.stdout is not None
                line = await asyncio.wait_for(worker.stdout.readline(), 60)
                assert line == b"ready\n"
            await asyncio.sleep(0.4)  # every entry is stale now
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write(b"go\n")
                await worker.stdin.drain()
            reports = []
            for worker in workers:
                assert worker.stdout is not None
                reports.append(json.loads(await asyncio.wait_for(worker.stdout.readline(), 60)))
                assert await asyncio.wait_for(worker.wait(), 30) == 0
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()
    # Every caller of both processes was answered from the stale entries...
    for report in reports:
        assert report["answers"] == 1_000
        assert report["stale_hits"] == 1_000
        assert report["misses"] == 0
    # ...and each key was refreshed once, by one of the two processes.
    refreshed = lines_sent(sim)[20:]
    assert sorted(refreshed) == sorted(catalog)
    assert sum(report["requests"] for report in reports) == requests(sim) - 1


def test_bad_settings_are_refused() -> None:
    from scansource_async import ValidationError

    for bad in ({"ttl": 0}, {"stale_ttl": -1}, {"key_prefix": ""}, {"refresh_timeout": 0}):
        with pytest.raises(ValidationError):
            RedisPriceCache("redis://127.0.0.1:1/0", **bad)  # type: ignore[arg-type]
    cache = RedisPriceCache("redis://user:pa55word-secret@127.0.0.1:1/0")
    assert "pa55word-secret" not in repr(cache)
