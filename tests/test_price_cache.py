"""The in-process price cache behind ``products.price()``/``pricing()`` and, opted in, bulk
jobs: end to end against the simulator, counting the requests it receives."""

from __future__ import annotations

import asyncio
import gc
import json
import tracemalloc
from collections.abc import AsyncIterator, Callable

import pytest

from scansource_async import (
    PRICE_CACHE_ENTRY_BYTES,
    ItemError,
    PriceCache,
    PricingLine,
    Product,
    RetryPolicy,
    ScanSourceClient,
    ValidationError,
)
from scansource_async._convert import structure
from scansource_async._price_cache import price_key
from scansource_async.testing import FaultModel, Simulator
from tests.helpers import priced_items, pricing_records

KEY = "cache-subscription-key-0f1e2d3c4b5a6978"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=7, catalog_size=2_000, subscription_keys=(KEY,))


def connect(sim: Simulator, cache: PriceCache, **options: object) -> ScanSourceClient:
    return sim.client(max_rate=100_000, retry=FAST, price_cache=cache, **options)


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[ScanSourceClient]:
    async with connect(sim, PriceCache(ttl=60)) as connected:
        yield connected


def requests(sim: Simulator) -> int:
    return len(pricing_records(sim))


def lines_sent(sim: Simulator) -> list[str]:
    return priced_items(sim)


def items(sim: Simulator, count: int, start: int = 200) -> list[str]:
    return list(sim.catalog.item_numbers[start : start + count])


async def test_second_round_within_the_ttl_costs_no_request(
    sim: Simulator, client: ScanSourceClient
) -> None:
    catalog = items(sim, 200)
    callers = [catalog[n % 200] for n in range(1_000)]
    first = await asyncio.gather(*(client.products.price(item) for item in callers))
    sent = requests(sim)
    assert 5 <= sent <= 10  # coalesced: 200 distinct items, 40 per request
    second = await asyncio.gather(*(client.products.price(item) for item in callers))
    assert requests(sim) == sent  # 0 requests in the second round
    assert second == first
    assert [p.unit_price for p in second[:200]] == [
        sim.catalog.product(item, customer_number=sim.customer_number)["UnitPrice"]
        for item in catalog
    ]
    stats = client.stats
    assert (stats.cache_misses, stats.cache_hits, stats.cache_stale_hits) == (1_000, 1_000, 0)


async def test_pricing_reads_through_and_asks_only_for_missing_lines(
    sim: Simulator, client: ScanSourceClient
) -> None:
    a, b, c = items(sim, 3)
    first = await client.products.pricing([PricingLine(a), PricingLine(b)])
    assert requests(sim) == 1
    again = await client.products.pricing([PricingLine(a), PricingLine(b)])
    assert requests(sim) == 1
    assert again == first
    mixed = await client.products.pricing([PricingLine(c), PricingLine(a), PricingLine(b)])
    assert requests(sim) == 2
    assert lines_sent(sim)[-1:] == [c]  # only the missing line went out
    assert [p.item_number for p in mixed] == [c, a, b]
    assert mixed[1:] == first


@pytest.mark.parametrize(
    ("change", "options"),
    [
        ("quantity", {"quantity": 7}),
        ("customer", {"customer_number": "1000002"}),
        ("part number type", {"part_number_type": 1}),
        ("warehouse", {"warehouse": "2510"}),
        ("business unit", {"business_unit": "1712"}),
    ],
)
async def test_anything_that_changes_a_price_is_a_miss(
    sim: Simulator, client: ScanSourceClient, change: str, options: dict[str, object]
) -> None:
    (item,) = items(sim, 1)
    await client.products.price(item)
    await client.products.price(item)
    assert requests(sim) == 1
    await client.products.price(item, **options)  # type: ignore[arg-type]
    assert requests(sim) == 2, change
    await client.products.price(item, **options)  # type: ignore[arg-type]
    assert requests(sim) == 2, change


async def test_deal_ids_are_part_of_the_key(sim: Simulator, client: ScanSourceClient) -> None:
    (item,) = items(sim, 1)
    await client.products.pricing([PricingLine(item)])
    await client.products.pricing([PricingLine(item)], deal_id="DEAL-1")
    await client.products.pricing([PricingLine(item, deal_ids=("DEAL-2",))])
    assert requests(sim) == 3
    await client.products.pricing([PricingLine(item)], deal_id="DEAL-1")
    await client.products.pricing([PricingLine(item, deal_ids=("DEAL-2",))])
    assert requests(sim) == 3


async def test_another_subscription_key_or_host_never_shares_entries(sim: Simulator) -> None:
    other = Simulator(seed=7, catalog_size=2_000, subscription_keys=("another-key-abcdef0123",))
    cache = PriceCache()
    (item,) = items(sim, 1)
    async with connect(sim, cache) as first, connect(other, cache) as second:
        await first.products.price(item)
        await second.products.price(item)
    assert requests(sim) == 1
    assert len(pricing_records(other)) == 1
    assert len(cache) == 2


async def test_an_entry_expires_after_its_ttl(sim: Simulator) -> None:
    (item,) = items(sim, 1)
    async with connect(sim, PriceCache(ttl=0.2)) as client:
        await client.products.price(item)
        await client.products.price(item)
        assert requests(sim) == 1
        await asyncio.sleep(0.3)
        await client.products.price(item)
        assert requests(sim) == 2
        assert client.stats.cache_misses == 2


async def test_stale_entries_answer_at_once_while_one_refresh_per_key_runs(
    sim: Simulator,
) -> None:
    catalog = items(sim, 20)
    async with connect(sim, PriceCache(ttl=0.2, stale_ttl=60)) as client:
        fresh = await asyncio.gather(*(client.products.price(item) for item in catalog))
        assert requests(sim) == 1
        await asyncio.sleep(0.3)  # every entry is now stale
        callers = [item for item in catalog for _ in range(50)]
        sim.set_faults({"POST product/pricing": FaultModel(latency=0.2)})  # slow refreshes
        stale = await asyncio.gather(*(client.products.price(item) for item in callers))
        # Every caller was answered from the stale entries, before any refresh came back.
        assert stale == [p for p in fresh for _ in range(50)]
        assert client.stats.cache_stale_hits == 1_000
        cache = client.price_cache
        assert isinstance(cache, PriceCache)
        await _until(lambda: len(lines_sent(sim)) >= 40 and not cache._refreshing)
        await asyncio.sleep(0.3)  # nothing else is on its way
        # One refresh per key: each item was priced again exactly once.
        assert sorted(lines_sent(sim)[20:]) == sorted(catalog)
        # ...and its answer replaced the stale entry.
        stored = [entry[0] for entry in cache._entries.values()]
        assert len(stored) == 20
        assert not {id(product) for product in stored} & {id(product) for product in fresh}


async def test_closing_the_client_ends_refreshes_still_running(sim: Simulator) -> None:
    cache = PriceCache(ttl=0.2, stale_ttl=60)
    (item,) = items(sim, 1)
    async with connect(sim, cache) as client:
        fresh = await client.products.price(item)
        await asyncio.sleep(0.3)
        sim.set_faults({"POST product/pricing": FaultModel(latency=30)})  # never answers in time
        assert await client.products.price(item) == fresh  # stale, and a refresh starts
        await _until(lambda: bool(cache._refreshing))
    # The refresh was cancelled with the client and gave its claim back.
    assert not cache._refreshing
    assert len(cache) == 1


async def test_without_stale_ttl_an_expired_entry_is_a_plain_miss(sim: Simulator) -> None:
    (item,) = items(sim, 1)
    async with connect(sim, PriceCache(ttl=0.2, stale_ttl=0)) as client:
        await client.products.price(item)
        await asyncio.sleep(0.3)
        await client.products.price(item)
        assert client.stats.cache_stale_hits == 0
        assert requests(sim) == 2


async def test_an_unpriceable_item_is_not_cached_as_a_price(sim: Simulator) -> None:
    cache = PriceCache(ttl=60, stale_ttl=60, negative_ttl=0.2)
    async with connect(sim, cache) as client:
        for _ in range(2):
            with pytest.raises(ItemError):
                await client.products.price("NO-SUCH-ITEM-77")
        assert requests(sim) == 1  # the error is remembered for the negative TTL
        (product,) = await client.products.pricing([PricingLine("NO-SUCH-ITEM-77")])
        assert product.pricing_error
        assert product.pricing_error_desc == "Item # not found"
        assert requests(sim) == 1
        await asyncio.sleep(0.3)  # past the negative TTL, never served stale
        with pytest.raises(ItemError):
            await client.products.price("NO-SUCH-ITEM-77")
        assert requests(sim) == 2
        assert client.stats.cache_stale_hits == 0


async def test_a_zero_negative_ttl_never_keeps_an_item_error(sim: Simulator) -> None:
    async with connect(sim, PriceCache(negative_ttl=0)) as client:
        for _ in range(2):
            with pytest.raises(ItemError):
                await client.products.price("NO-SUCH-ITEM-78")
    assert requests(sim) == 2


async def test_bulk_jobs_price_everything_unless_told_to_use_the_cache(
    sim: Simulator, client: ScanSourceClient
) -> None:
    catalog = items(sim, 100)
    await asyncio.gather(*(client.products.price(item) for item in catalog))
    warm = requests(sim)
    sheet = await client.products.price_many(catalog)
    assert requests(sim) == warm + 3  # fresh prices by default: 100 lines, 40 a request
    assert len(sheet.ok) == 100
    cached = await client.products.price_many(
        [*catalog, *items(sim, 10, start=900)], use_cache=True
    )
    assert requests(sim) == warm + 4  # only the 10 new lines were sent
    assert len(cached.ok) == 110
    assert [r.product for r in cached][:100] == [r.product for r in sheet]
    streamed = [r async for r in client.products.stream_prices(catalog, use_cache=True)]
    assert requests(sim) == warm + 4
    assert all(r.product is not None for r in streamed)


async def test_bulk_jobs_price_stale_entries_anew(sim: Simulator) -> None:
    catalog = items(sim, 10)
    async with connect(sim, PriceCache(ttl=0.2, stale_ttl=60)) as client:
        await client.products.price_many(catalog, use_cache=True)
        await asyncio.sleep(0.3)
        sheet = await client.products.price_many(catalog, use_cache=True)
        assert requests(sim) == 2
        assert len(sheet.ok) == 10
        assert client.stats.cache_stale_hits == 0


async def test_bulk_job_item_errors_are_kept_for_the_negative_ttl_only(sim: Simulator) -> None:
    async with connect(sim, PriceCache(negative_ttl=60)) as client:
        first = await client.products.price_many(["NO-SUCH-ITEM-79"], use_cache=True)
        second = await client.products.price_many(["NO-SUCH-ITEM-79"], use_cache=True)
    assert isinstance(first[0].error, ItemError) and isinstance(second[0].error, ItemError)
    assert requests(sim) == 1


async def test_the_lru_keeps_at_most_max_entries(sim: Simulator) -> None:
    cache = PriceCache(max_entries=10)
    catalog = items(sim, 20)
    async with connect(sim, cache) as client:
        for item in catalog:
            await client.products.price(item)
        assert len(cache) == 10
        await client.products.price(catalog[-1])  # recent: still there
        assert requests(sim) == 20
        await client.products.price(catalog[0])  # the oldest went first
        assert requests(sim) == 21


def test_the_cache_key_holds_no_secret_and_changes_with_every_price_input() -> None:
    line = PricingLine("ABC-123", quantity=2)
    base = price_key("https://api/\x1fkeyhash", "1000001", line, "1710", None, None)
    assert len(base) == 32 and KEY not in base
    variants = {
        price_key("https://api/\x1fkeyhash", "1000002", line, "1710", None, None),
        price_key("https://api/\x1fkeyhash", "1000001", PricingLine("ABC-123"), "1710", None, None),
        price_key("https://api/\x1fkeyhash", "1000001", line, "2510", None, None),
        price_key("https://api/\x1fkeyhash", "1000001", line, "1710", "1712", None),
        price_key("https://api/\x1fkeyhash", "1000001", line, "1710", None, "D1"),
        price_key("https://api/\x1fother", "1000001", line, "1710", None, None),
    }
    assert base not in variants and len(variants) == 6


async def test_no_secret_in_cache_keys_or_values(sim: Simulator) -> None:
    cache = PriceCache()
    async with connect(sim, cache) as client:
        await asyncio.gather(*(client.products.price(item) for item in items(sim, 20)))
    stored = repr(list(cache._entries.items()))
    assert KEY not in stored
    assert len(cache) == 20


async def test_memory_per_entry_is_bounded(sim: Simulator) -> None:
    """The documented bytes per entry hold for full products as the API returns them."""
    answers = [
        sim.catalog.product(item, customer_number=sim.customer_number)
        for item in sim.catalog.item_numbers[:1000]
    ]
    cache = PriceCache(max_entries=10_000)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(10_000):
            # A distinct product per entry, parsed as each response parses its own.
            answer = {**answers[n % 1000], "ItemNumber": f"SS{n:08d}"}
            product = structure(json.loads(json.dumps(answer, default=str)), Product)
            await cache.set_many([(f"{n:032x}", product)])
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    per_entry = used / 10_000
    assert per_entry < PRICE_CACHE_ENTRY_BYTES, per_entry


def test_bad_settings_are_refused() -> None:
    for bad in ({"ttl": 0}, {"ttl": -1}, {"stale_ttl": -1}, {"max_entries": 0}, {"ttl": "60"}):
        with pytest.raises(ValidationError):
            PriceCache(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PriceCache(negative_ttl=float("inf"))
    with pytest.raises(ValidationError):
        ScanSourceClient(subscription_key="k" * 20, price_cache={})  # type: ignore[arg-type]


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + timeout
    while not condition():
        assert loop.time() < give_up, "timed out"
        await asyncio.sleep(0.02)
