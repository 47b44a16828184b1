"""client.products end to end against the simulator: pricing at scale, faults, streaming."""

from __future__ import annotations

import asyncio
import gc
import math
import random
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import pytest

from scansource_async import (
    AsyncPaginator,
    BadRequestError,
    ItemError,
    NotAttemptedError,
    NotFoundError,
    PricingLine,
    Product,
    RetryPolicy,
    ScanSourceClient,
    ValidationError,
    Warehouse,
)
from scansource_async.testing import FaultModel, Simulator

FAST_RETRY = RetryPolicy(max_retries=8, backoff_base=0.001, backoff_cap=0.01, max_retry_after=1.0)


def priced_lines(sim: Simulator) -> Counter[tuple[str, int]]:
    """(item, quantity) of every line the simulator answered 200 to."""
    seen: Counter[tuple[str, int]] = Counter()
    for record in sim.requests:
        if record.operation == "products.pricing" and record.status == 200:
            for line in record.body["Lines"]:
                seen[(line["ItemNumber"], line["Quantity"])] += 1
    return seen


def assert_matches_oracle(sim: Simulator, line: PricingLine, product: Product | None) -> None:
    assert product is not None
    expected = sim.product(line.item_number, quantity=line.quantity)
    assert product.unit_price == expected["UnitPrice"]
    assert product.extended_total == expected["ExtendedTotal"]
    assert product.msrp == expected["MSRP"]
    assert product.quantity_available == expected["QuantityAvailable"]
    assert str(product.unit_price) == str(expected["UnitPrice"])  # same digits, not only value


def job_with_duplicates(sim: Simulator, size: int, seed: int = 1) -> list[PricingLine]:
    """``size`` lines: ~20 % repeat a line seen shortly before, ~1 % unknown items."""
    rng = random.Random(seed)
    # Distinct base items, so every repeat is a deliberate, nearby duplicate.
    items = iter(rng.sample(range(len(sim.catalog.item_numbers)), size))
    lines: list[PricingLine] = []
    for i in range(size):
        roll = rng.random()
        if roll < 0.20 and i > 10:
            lines.append(lines[rng.randrange(max(0, i - 300), i)])
        elif roll < 0.21:
            lines.append(PricingLine(f"NOSUCH-{i}", quantity=1))
        else:
            item = sim.catalog.item_numbers[next(items)]
            lines.append(PricingLine(item, quantity=rng.randint(1, 5)))
    return lines


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=3)


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[ScanSourceClient]:
    async with sim.client(max_rate=100_000, max_in_flight=16, retry=FAST_RETRY) as c:
        yield c


async def test_ten_thousand_lines_with_duplicates_and_unknown_items(
    sim: Simulator, client: ScanSourceClient
) -> None:
    lines = job_with_duplicates(sim, 10_000)
    sheet = await client.products.price_many(lines)

    assert len(sheet) == 10_000
    assert [r.index for r in sheet] == list(range(10_000))
    assert [r.line for r in sheet] == lines
    unknown = [r for r in sheet if r.line.item_number.startswith("NOSUCH")]
    assert unknown and all(isinstance(r.error, ItemError) for r in unknown)
    assert all(str(r.error) == "Item # not found" for r in unknown)
    for r in sheet.ok:
        assert_matches_oracle(sim, r.line, r.product)
    assert len(sheet.ok) + len(unknown) == 10_000
    # Each distinct line went over the wire exactly once.
    distinct = {(line.item_number, line.quantity) for line in lines}
    assert len(distinct) < 8_500  # the duplicates are real
    wire = priced_lines(sim)
    assert set(wire) == distinct
    assert max(wire.values()) == 1


async def test_faults_lose_and_duplicate_nothing(sim: Simulator, client: ScanSourceClient) -> None:
    sim.set_faults(
        {
            "POST product/pricing": FaultModel(
                error_rate=0.05,
                error_statuses=(503,),
                throttle_rate=0.03,
                throttle_retry_after=0.01,
            )
        },
        seed=11,
    )
    lines = job_with_duplicates(sim, 4_000, seed=2)
    sheet = await client.products.price_many(lines)

    assert [r.index for r in sheet] == list(range(4_000))
    assert not sheet.not_attempted
    assert all(isinstance(r.error, ItemError) for r in sheet.failed)
    for r in sheet.ok:
        assert_matches_oracle(sim, r.line, r.product)
    faults = Counter(record.fault for record in sim.requests if record.fault)
    assert faults["error"] > 0 and faults["throttle"] > 0
    # Answered (200) exactly once per distinct line, whatever was retried.
    assert set(priced_lines(sim).values()) == {1}
    assert client.stats.retries >= faults["error"] + faults["throttle"]


async def test_a_line_the_api_rejects_is_isolated_by_bisection(
    sim: Simulator, client: ScanSourceClient
) -> None:
    items = sim.catalog.item_numbers
    lines = [PricingLine(items[i]) for i in range(120)]
    lines[77] = PricingLine(items[77], quantity=5_000_000)  # valid for us, too many for the API
    sheet = await client.products.price_many(lines, chunk_size=40)

    assert [r.index for r in sheet.failed] == [77]
    assert isinstance(sheet[77].error, BadRequestError)
    assert "Quantity" in str(sheet[77].error)
    assert len(sheet.ok) == 119
    rejected = [r for r in sim.requests if r.operation == "products.pricing" and r.status == 400]
    assert 1 < len(rejected) <= math.ceil(math.log2(40)) + 1


async def test_peak_in_flight_never_exceeds_the_cap(sim: Simulator) -> None:
    sim.set_faults(FaultModel(latency=0.01, jitter=0.01))
    async with sim.client(max_rate=100_000, max_in_flight=32) as client:
        lines = [PricingLine(item) for item in sim.catalog.item_numbers[:2_000]]
        await client.products.price_many(lines, max_in_flight=6, chunk_size=20)
    assert sim.peak_in_flight == 6


@pytest.mark.slow
async def test_streaming_keeps_memory_flat() -> None:
    # Big chunks and no request log keep the run short under tracemalloc's overhead.
    sim = Simulator(seed=5, catalog_size=5_000, max_lines=250, request_log_size=0)
    items = sim.catalog.item_numbers

    def lines(n: int) -> Iterator[PricingLine]:
        for i in range(n):
            yield PricingLine(items[i % len(items)], quantity=1 + i // len(items))

    samples: dict[int, int] = {}
    async with sim.client(max_rate=100_000, chunk_size=250) as client:
        count = 0
        async with client.products.stream_prices(lines(100_000), window=4_000) as stream:
            async for result in stream:
                assert result.index == count and result.error is None
                count += 1
                # Trace only the last 30k lines (tracemalloc is slow). The 4,000-line window has
                # turned over by the first sample, so anything kept per line shows as growth.
                if count == 70_000:
                    gc.collect()
                    tracemalloc.start()
                if count in (80_000, 100_000):
                    samples[count] = tracemalloc.get_traced_memory()[0]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert count == 100_000
    # Flat: 20,000 lines later, what is held has not grown with them.
    assert samples[100_000] < samples[80_000] + 500_000, samples
    assert peak < 50_000_000, peak


async def test_stopping_a_stream_returns_partial_results_and_frees_connections(
    sim: Simulator,
) -> None:
    sim.set_faults(FaultModel(latency=0.005))
    async with sim.serve() as base_url, sim.client(base_url, max_rate=100_000) as client:
        lines = [PricingLine(item) for item in sim.catalog.item_numbers[:5_000]]
        results = []
        async with client.products.stream_prices(lines) as stream:
            async for result in stream:
                results.append(result)
                if len(results) == 600:
                    stream.stop("enough")
        assert [r.index for r in results] == list(range(5_000))
        done = [r for r in results if r.ok]
        skipped = [r for r in results if isinstance(r.error, NotAttemptedError)]
        assert len(done) >= 600 and skipped
        assert len(done) + len(skipped) == 5_000
        for r in done[:50]:
            assert_matches_oracle(sim, r.line, r.product)
        assert client.pipeline.in_flight == 0
        assert client.pipeline.connections_in_use() == 0
        # The client is still usable afterwards.
        assert len((await client.products.price_many(lines[:100])).ok) == 100


async def test_cancelling_price_many_leaves_no_connection_in_use(sim: Simulator) -> None:
    sim.set_faults(FaultModel(latency=0.01))
    async with sim.serve() as base_url, sim.client(base_url, max_rate=100_000) as client:
        lines = [PricingLine(item) for item in sim.catalog.item_numbers[:20_000]]
        task = asyncio.create_task(client.products.price_many(lines))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert client.pipeline.in_flight == 0
        assert client.pipeline.connections_in_use() == 0
        assert (await client.products.price(lines[0].item_number)).item_number == lines[
            0
        ].item_number


async def test_two_hundred_concurrent_price_calls_share_requests(
    sim: Simulator, client: ScanSourceClient
) -> None:
    items = sim.catalog.item_numbers[:200]
    products = await asyncio.gather(*(client.products.price(item) for item in items))
    assert [p.item_number for p in products] == list(items)
    for item, product in zip(items, products, strict=True):
        assert_matches_oracle(sim, PricingLine(item), product)
    requests = [r for r in sim.requests if r.operation == "products.pricing"]
    assert len(requests) <= math.ceil(200 / client.config.chunk_size)


async def test_price_raises_item_error_for_an_unknown_item(client: ScanSourceClient) -> None:
    with pytest.raises(ItemError, match="not found") as caught:
        await client.products.price("NO-SUCH-ITEM")
    assert caught.value.item_number == "NO-SUCH-ITEM"


async def test_pricing_is_one_request_in_line_order(
    sim: Simulator, client: ScanSourceClient
) -> None:
    items = sim.catalog.item_numbers[10:15]
    products = await client.products.pricing(
        [PricingLine(i, quantity=3) for i in items], warehouse=Warehouse.EUROPE
    )
    assert [p.item_number for p in products] == list(items)
    assert {p.unit_price_currency_code for p in products} == {"EUR"}
    assert all(isinstance(p.unit_price, Decimal) for p in products)
    [request] = [r for r in sim.requests if r.operation == "products.pricing"]
    assert request.body["Warehouse"] == "2510"
    assert request.query["customerNumber"] == sim.customer_number


async def test_pricing_validates_before_sending(sim: Simulator, client: ScanSourceClient) -> None:
    too_many = [PricingLine(i) for i in sim.catalog.item_numbers[:41]]
    with pytest.raises(ValidationError, match="exceed"):
        await client.products.pricing(too_many)
    with pytest.raises(ValidationError):
        await client.products.pricing([])
    with pytest.raises(ValidationError, match="warehouse"):
        await client.products.pricing(["SS1"], warehouse="9999")
    with pytest.raises(ValidationError):
        await client.products.price_many([PricingLine("A"), 42])  # type: ignore[list-item]
    for bad in (
        {"item_number": ""},
        {"item_number": "A", "quantity": 0},
        {"item_number": "A", "deal_ids": ("1", "2", "3", "4")},
    ):
        with pytest.raises(ValidationError):
            PricingLine(**bad)  # type: ignore[arg-type]
    assert not [r for r in sim.requests if (r.operation or "").startswith("products.")]


async def test_lines_for_other_customers_are_priced_for_them(
    sim: Simulator, client: ScanSourceClient
) -> None:
    other = next(n for n in sim.customers if n != sim.customer_number)
    item = sim.catalog.item_numbers[0]
    sheet = await client.products.price_many(
        [PricingLine(item), PricingLine(item, customer_number=other)]
    )
    mine, theirs = sheet.products
    assert mine is not None and theirs is not None
    assert mine.unit_price == sim.product(item)["UnitPrice"]
    assert theirs.unit_price == sim.product(item, customer_number=other)["UnitPrice"]
    assert mine.unit_price != theirs.unit_price


async def test_availability_one_request_and_many(sim: Simulator, client: ScanSourceClient) -> None:
    items = list(sim.catalog.item_numbers[:3])
    rows = await client.products.availability(items, [Warehouse.NORTH_AMERICA, Warehouse.EUROPE])
    assert len(rows) == 6
    for row in rows:
        assert (
            row.quantity_available
            == sim.availability(row.material_number or "", row.warehouse or "")["QuantityAvailable"]
        )

    many = [*list(sim.catalog.item_numbers[:500]), "NOSUCH-1"]
    sheet = await client.products.availability_many(many, ["1710"])
    assert [r.item_number for r in sheet] == many
    assert len(sheet.ok) == 500
    assert isinstance(sheet[-1].error, ItemError)


async def test_search_pages_through_a_thousand_items() -> None:
    sim = Simulator(seed=0, catalog_size=40_000)  # exactly 1,000 Zentrix items
    async with sim.client(max_rate=100_000) as client:
        paginator = client.products.search(manufacturer="Zentrix", page_size=100)
        assert isinstance(paginator, AsyncPaginator)
        found = [p async for p in paginator]
    assert len(found) == 1_000
    assert len({p.item_number for p in found}) == 1_000
    assert all(p.manufacturer == "Zentrix" for p in found)
    pages = [r for r in sim.requests if r.operation == "products.search"]
    assert [int(r.query["page"]) for r in pages] == list(range(1, 12))


async def test_detail_and_unknown_detail(sim: Simulator, client: ScanSourceClient) -> None:
    item = sim.catalog.item_numbers[42]
    detail = await client.products.detail(item)
    assert detail.item_number == item
    assert isinstance(detail.weight, Decimal)
    with pytest.raises(NotFoundError):
        await client.products.detail("NO-SUCH-ITEM")


async def test_a_price_streams_repr_shows_the_job_and_no_secret() -> None:
    secret = "s3cret-subscription-key"
    sim = Simulator(seed=3, catalog_size=1_000, subscription_keys=[secret])
    sim.set_faults(FaultModel(latency=0.02))
    async with sim.client(max_rate=100_000, subscription_key=secret) as client:
        lines = [PricingLine(item) for item in sim.catalog.item_numbers[:300]]
        async with client.products.stream_prices(lines, chunk_size=30) as stream:
            assert repr(stream).startswith("<PriceStream <Batcher running read=0 ")
            first = await anext(aiter(stream))
            assert first.index == 0 and first.ok
            live = repr(stream)
            assert live.startswith("<PriceStream <Batcher running read=300 ")
            assert " handed_out=1 " in live
            rest = [result async for result in stream]
        assert len(rest) == 299 and all(result.ok for result in rest)
        done = repr(stream)
        assert done.startswith("<PriceStream <Batcher done read=300 queued=0 in_flight=0/")
        assert " done=300 failed=0 handed_out=300 chunks_done=10>>" in done
        assert secret not in live + done
        assert secret not in repr(client.pipeline.rate_limiter)
