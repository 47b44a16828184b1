"""The learned line limit: a chunk size above the API's limit costs a refusal or two per client,
not one per chunk, and later jobs start at the learned size."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from scansource_async import BadRequestError, PricingLine, RetryPolicy
from scansource_async._batching import Batcher, BatchSettings
from scansource_async._line_limit import LineLimit, refused_for_size
from scansource_async.errors import ScanSourceError
from scansource_async.testing import FaultModel, RequestRecord, Simulator

FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


def pricing_requests(sim: Simulator, status: int | None = None) -> list[int]:
    """Lines per pricing request the simulator received (optionally only those answered
    ``status``), in arrival order."""
    return [
        len(record.body["Lines"])
        for record in sim.requests
        if record.path.endswith("pricing") and (status is None or record.status == status)
    ]


def lines(sim: Simulator, count: int, start: int = 0) -> list[PricingLine]:
    return [PricingLine(sim.catalog.item_numbers[start + n]) for n in range(count)]


async def test_a_chunk_size_above_the_limit_costs_one_refusal_and_is_kept_for_later_jobs() -> None:
    sim = Simulator(max_lines=50, catalog_size=5_000)
    async with sim.client(max_rate=100_000, chunk_size=100, max_in_flight=8) as client:
        assert client.stats.learned_chunk_size is None
        sheet = await client.products.price_many(lines(sim, 1_000))
        assert all(result.ok for result in sheet)
        refused = pricing_requests(sim, 400)
        # The simulator says why, and the figure it gives is learned at once.
        assert refused == [100]
        assert all(size <= 50 for size in pricing_requests(sim, 200))
        assert client.stats.learned_chunk_size == 50
        assert client.stats.learned_chunk_sizes == {"products.pricing": 50}

        sim.reset()
        copy = client.with_options(customer_number=sim.customer_number)
        sheet = await copy.products.price_many(lines(sim, 500, start=1_000))
        assert all(result.ok for result in sheet)
        # The next job (through a copy sharing the client) starts at the learned size.
        assert pricing_requests(sim, 400) == []
        assert set(pricing_requests(sim)) == {50}


async def test_an_answered_request_proves_its_size_so_the_next_job_starts_in_full() -> None:
    sim = Simulator(catalog_size=5_000, faults={"POST product/pricing": FaultModel(latency=0.05)})

    def pricing_records() -> list[RequestRecord]:
        return [record for record in sim.requests if record.path.endswith("pricing")]

    async with sim.client(max_rate=100_000, chunk_size=40, max_in_flight=4) as client:
        await client.products.price_many(lines(sim, 160))
    first, second, *_ = pricing_records()
    # Nothing proven yet: the second chunk waits for the first one's answer.
    assert second.started >= first.finished

    async with sim.client(max_rate=100_000, chunk_size=40, max_in_flight=4) as client:
        await client.products.pricing(lines(sim, 40, start=1_000))
        sim.reset()
        await client.products.price_many(lines(sim, 160, start=2_000))
    job = pricing_records()
    # One answered request of 40 lines: all four chunks go out before any answer.
    assert len(job) == 4
    assert max(record.started for record in job) < min(record.finished for record in job)


async def test_the_simulator_says_a_request_has_too_many_lines() -> None:
    sim = Simulator(max_lines=5, catalog_size=1_000)
    async with sim.client(max_rate=100_000) as client:
        with pytest.raises(BadRequestError) as pricing:
            await client.products.pricing(lines(sim, 6))
        with pytest.raises(BadRequestError) as availability:
            await client.products.availability(sim.catalog.item_numbers[:6])
    assert refused_for_size(pricing.value) == (True, 5)
    assert refused_for_size(availability.value) == (True, 5)


async def test_availability_learns_its_own_limit() -> None:
    sim = Simulator(max_lines=30, catalog_size=5_000)
    async with sim.client(max_rate=100_000, chunk_size=40) as client:
        sheet = await client.products.availability_many(sim.catalog.item_numbers[:300])
        assert all(result.ok for result in sheet)
        refused = [r for r in sim.requests if r.path.endswith("availability") and r.status == 400]
        assert len(refused) == 1
        assert client.stats.learned_chunk_sizes == {"products.availability": 30}


class SilentLimitAPI:
    """Answers 400 with no reason to any chunk above ``limit`` items, or holding ``bad``."""

    def __init__(self, limit: int, bad: int | None = None) -> None:
        self.limit = limit
        self.bad = bad
        self.chunks: list[tuple[int, int]] = []  # (size, status)

    async def call(self, items: Sequence[int]) -> list[int | ScanSourceError]:
        await asyncio.sleep(0.001)
        refused = len(items) > self.limit or self.bad in items
        self.chunks.append((len(items), 400 if refused else 200))
        if refused:
            raise BadRequestError("400 Bad Request", status_code=400)
        return [item * 10 for item in items]

    def refusals(self) -> int:
        return sum(1 for _, status in self.chunks if status == 400)


async def run(api: SilentLimitAPI, items: range, limit: LineLimit) -> list[int | None]:
    settings = BatchSettings(chunk_size=100, max_in_flight=8)
    batcher = Batcher(
        items, api.call, lambda _i, _item, value, _e: value, settings, line_limit=limit
    )
    return [value async for value in batcher]


async def test_with_no_reason_given_a_refusal_whose_halves_pass_teaches_the_limit() -> None:
    api = SilentLimitAPI(limit=50)
    limit = LineLimit()
    assert await run(api, range(2_000), limit) == [n * 10 for n in range(2_000)]
    assert limit.learned == 50
    assert api.refusals() == 1  # the first chunk of 100; the 8-wide fan-out waited for it
    api.chunks.clear()
    assert await run(api, range(2_000, 3_000), limit) == [n * 10 for n in range(2_000, 3_000)]
    assert api.refusals() == 0
    assert {size for size, _ in api.chunks} == {50}


async def test_a_limit_below_half_is_found_in_a_few_refusals() -> None:
    api = SilentLimitAPI(limit=30)
    limit = LineLimit()
    assert await run(api, range(3_000), limit) == [n * 10 for n in range(3_000)]
    assert limit.learned is not None and limit.learned <= 30
    assert api.refusals() <= 3  # 100, then 50, then nothing more


async def test_a_bad_line_is_isolated_without_lowering_the_chunk_size() -> None:
    api = SilentLimitAPI(limit=1_000, bad=137)
    limit = LineLimit()
    values = await run(api, range(1_000), limit)
    assert values[137] is None
    assert [v for n, v in enumerate(values) if n != 137] == [
        n * 10 for n in range(1_000) if n != 137
    ]
    assert limit.learned is None
    assert limit.proven == 100
