"""The coalescer on its own: concurrent single lookups become shared batch requests."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Sequence

import pytest

from scansource_async._coalesce import Coalescer
from scansource_async.errors import ItemError, ScanSourceError, ServerError


class Recorder:
    def __init__(self, *, fail: bool = False) -> None:
        self.batches: list[tuple[Hashable, list[str]]] = []
        self.fail = fail

    async def call(self, group: Hashable, items: Sequence[str]) -> list[str | ScanSourceError]:
        self.batches.append((group, list(items)))
        await asyncio.sleep(0.001)
        if self.fail:
            raise ServerError("down", status_code=503)
        return [ItemError("nope") if item == "bad" else item.upper() for item in items]


async def test_concurrent_callers_share_requests() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    items = [f"item{i}" for i in range(200)]
    results = await asyncio.gather(*(coalescer.submit("c1", item) for item in items))
    assert results == [item.upper() for item in items]
    assert len(api.batches) == 5  # ceil(200 / 40)


async def test_equal_items_are_sent_once_and_each_caller_answered() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    results = await asyncio.gather(*(coalescer.submit("c1", "same") for _ in range(30)))
    assert results == ["SAME"] * 30
    assert api.batches == [("c1", ["same"])]


async def test_groups_are_sent_separately() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    await asyncio.gather(coalescer.submit("a", "x"), coalescer.submit("b", "y"))
    assert sorted(group for group, _ in api.batches) == ["a", "b"]


async def test_each_caller_gets_its_own_item_error() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    ok, bad = await asyncio.gather(
        coalescer.submit("c", "fine"), coalescer.submit("c", "bad"), return_exceptions=True
    )
    assert ok == "FINE"
    assert isinstance(bad, ItemError)


async def test_a_failed_request_fails_every_caller() -> None:
    coalescer = Coalescer(Recorder(fail=True).call, max_batch=40)
    results = await asyncio.gather(
        *(coalescer.submit("c", f"i{i}") for i in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, ServerError) for r in results)


async def test_a_cancelled_caller_does_not_cancel_the_others() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40, linger=0.01)
    first = asyncio.create_task(coalescer.submit("c", "a"))
    second = asyncio.create_task(coalescer.submit("c", "b"))
    await asyncio.sleep(0)
    first.cancel()
    assert await second == "B"
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_a_caller_joins_the_request_already_pricing_its_item() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    items = [f"item{i}" for i in range(200)]
    # 1,000 callers over 200 items: the repeats arrive after the first 200 filled five batches.
    callers = [items[n % 200] for n in range(1_000)]
    results = await asyncio.gather(*(coalescer.submit("c1", item) for item in callers))
    assert results == [item.upper() for item in callers]
    assert len(api.batches) == 5
    assert sorted(item for _, batch in api.batches for item in batch) == sorted(items)


async def test_a_finished_request_is_not_joined() -> None:
    api = Recorder()
    coalescer = Coalescer(api.call, max_batch=40)
    assert await coalescer.submit("c", "x") == "X"
    assert await coalescer.submit("c", "x") == "X"
    assert len(api.batches) == 2  # the coalescer is no cache
    assert await coalescer.submit("other", "x") == "X"
    assert len(api.batches) == 3


async def test_the_repr_shows_callers_gathering_and_on_their_way() -> None:
    answer = asyncio.Event()

    async def call(group: Hashable, items: Sequence[str]) -> list[str | ScanSourceError]:
        await answer.wait()
        return [item.upper() for item in items]

    coalescer = Coalescer(call, max_batch=3, linger=60)
    first = [asyncio.create_task(coalescer.submit("g", f"item{i}")) for i in range(2)]
    await asyncio.sleep(0)
    assert repr(coalescer) == (
        "<Coalescer max_batch=3 linger=60s gathering=2 on_their_way=0 batches_sent=0>"
    )
    third = asyncio.create_task(coalescer.submit("g", "item2"))  # fills the batch: sent
    for _ in range(3):
        await asyncio.sleep(0)
    assert "gathering=0 on_their_way=3 batches_sent=1>" in repr(coalescer)
    answer.set()
    assert await asyncio.gather(*first, third) == ["ITEM0", "ITEM1", "ITEM2"]
    assert "gathering=0 on_their_way=0 batches_sent=1>" in repr(coalescer)
