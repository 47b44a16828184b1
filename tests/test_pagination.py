"""AsyncPaginator and page envelopes: lazy paging, stopping rules, limits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import Any

import pytest

from scansource_async import AsyncPaginator, InvalidResponseError, Page, ValidationError
from scansource_async.resources._base import page_items
from scansource_async.testing import FaultModel, Simulator


class FakeEndpoint:
    """Serves ``total`` numbered items in pages, recording each request."""

    def __init__(self, total: int, *, report_total: bool = False) -> None:
        self.total = total
        self.report_total = report_total
        self.requests: list[tuple[int, int]] = []

    async def __call__(self, number: int, size: int) -> tuple[Sequence[int], int | None]:
        self.requests.append((number, size))
        start = (number - 1) * size
        items = list(range(start, min(start + size, self.total)))
        return items, self.total if self.report_total else None


async def test_iterates_across_pages_and_stops_at_a_short_page() -> None:
    endpoint = FakeEndpoint(7)
    items = [item async for item in AsyncPaginator(endpoint, page_size=3)]
    assert items == list(range(7))
    assert endpoint.requests == [(1, 3), (2, 3), (3, 3)]


async def test_stops_at_an_empty_page_when_the_total_divides() -> None:
    endpoint = FakeEndpoint(6)
    assert await AsyncPaginator(endpoint, page_size=3).to_list() == list(range(6))
    assert endpoint.requests == [(1, 3), (2, 3), (3, 3)]


async def test_a_known_total_saves_the_empty_page() -> None:
    endpoint = FakeEndpoint(6, report_total=True)
    assert await AsyncPaginator(endpoint, page_size=3).to_list() == list(range(6))
    assert endpoint.requests == [(1, 3), (2, 3)]


async def test_empty_listing_is_one_request() -> None:
    endpoint = FakeEndpoint(0)
    assert await AsyncPaginator(endpoint, page_size=10).to_list() == []
    assert endpoint.requests == [(1, 10)]


async def test_is_lazy() -> None:
    endpoint = FakeEndpoint(100)
    paginator = AsyncPaginator(endpoint, page_size=10, prefetch=0)
    assert endpoint.requests == []
    async for item in paginator:
        if item == 12:
            break
    assert endpoint.requests == [(1, 10), (2, 10)]


async def test_pages() -> None:
    endpoint = FakeEndpoint(5, report_total=True)
    pages = [page async for page in AsyncPaginator(endpoint, page_size=2).pages()]
    assert pages == [
        Page(number=1, size=2, items=(0, 1), total=5),
        Page(number=2, size=2, items=(2, 3), total=5),
        Page(number=3, size=2, items=(4,), total=5),
    ]
    assert [page.is_last for page in pages] == [False, False, True]


async def test_max_pages_bounds_the_requests() -> None:
    endpoint = FakeEndpoint(1000)
    items = await AsyncPaginator(endpoint, page_size=10, max_pages=3).to_list()
    assert items == list(range(30))
    assert len(endpoint.requests) == 3


async def test_first_page() -> None:
    endpoint = FakeEndpoint(10)
    items = await AsyncPaginator(endpoint, page_size=4, first_page=2).to_list()
    assert items == [4, 5, 6, 7, 8, 9]


async def test_to_list_limit() -> None:
    endpoint = FakeEndpoint(100)
    assert await AsyncPaginator(endpoint, page_size=10).to_list(limit=15) == list(range(15))
    assert len(endpoint.requests) == 2


async def test_to_list_limit_on_a_page_boundary_fetches_no_extra_page() -> None:
    endpoint = FakeEndpoint(100)
    assert await AsyncPaginator(endpoint, page_size=10).to_list(limit=10) == list(range(10))
    assert len(endpoint.requests) == 1


@pytest.mark.parametrize(("page_size", "first_page"), [(0, 1), (-1, 1), (10, 0)])
def test_bad_arguments(page_size: int, first_page: int) -> None:
    with pytest.raises(ValidationError):
        AsyncPaginator(FakeEndpoint(1), page_size=page_size, first_page=first_page)


@pytest.mark.parametrize("prefetch", [-1, 1.5, True, "1"])
def test_bad_prefetch(prefetch: Any) -> None:
    with pytest.raises(ValidationError):
        AsyncPaginator(FakeEndpoint(1), page_size=1, prefetch=prefetch)


# -- prefetch ---------------------------------------------------------------------------------


class Timeline:
    """An endpoint that takes ``delay`` per page and notes when each request starts and ends,
    on one list shared with the consumer's own notes."""

    def __init__(self, total: int, delay: float) -> None:
        self.inner = FakeEndpoint(total)
        self.delay = delay
        self.events: list[str] = []
        self.cancelled: list[int] = []

    async def __call__(self, number: int, size: int) -> tuple[Sequence[int], int | None]:
        self.events.append(f"request {number}")
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled.append(number)
            raise
        self.events.append(f"answer {number}")
        return await self.inner(number, size)


async def test_the_next_page_is_requested_while_the_current_one_is_consumed() -> None:
    endpoint = Timeline(total=25, delay=0.02)
    async for page in AsyncPaginator(endpoint, page_size=10).pages():
        endpoint.events.append(f"consume {page.number}")
        await asyncio.sleep(0.05)  # the caller's own work on the page
        endpoint.events.append(f"consumed {page.number}")
    events = endpoint.events
    # Page 2 was asked for (and answered) while page 1 was still being worked on.
    assert events.index("consume 1") < events.index("request 2")
    assert events.index("answer 2") < events.index("consumed 1")
    assert events.index("request 3") < events.index("consumed 2")
    assert endpoint.inner.requests == [(1, 10), (2, 10), (3, 10)]  # none past the short page


async def test_without_prefetch_pages_are_requested_only_when_reached() -> None:
    endpoint = Timeline(total=25, delay=0.01)
    async for page in AsyncPaginator(endpoint, page_size=10, prefetch=0).pages():
        endpoint.events.append(f"consume {page.number}")
    assert endpoint.events.index("request 2") > endpoint.events.index("consume 1")


async def test_stopping_cancels_the_page_asked_ahead() -> None:
    endpoint = Timeline(total=1_000, delay=30.0)
    endpoint.delay = 0.0  # page 1 answers at once; the page asked ahead hangs
    paginator = AsyncPaginator(endpoint, page_size=10)
    async with paginator:
        async for item in paginator:
            endpoint.delay = 30.0
            await asyncio.sleep(0.01)  # page 2's request is now on its way
            assert item == 0
            break
    assert endpoint.cancelled == [2]
    assert [number for number, _ in endpoint.inner.requests] == [1]
    assert not paginator._ahead  # nothing left running


async def test_a_page_asked_ahead_is_cancelled_when_the_consumer_is() -> None:
    endpoint = Timeline(total=1_000, delay=0.0)
    got_first = asyncio.Event()

    async def consume() -> None:
        async with contextlib.aclosing(AsyncPaginator(endpoint, page_size=10).pages()) as pages:
            async for _ in pages:
                endpoint.delay = 30.0
                got_first.set()
                await asyncio.sleep(30)

    task = asyncio.create_task(consume())
    await got_first.wait()
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert endpoint.cancelled == [2]
    assert [number for number, _ in endpoint.inner.requests] == [1]


async def test_a_failing_page_asked_ahead_surfaces_in_order() -> None:
    async def failing(number: int, size: int) -> tuple[Sequence[int], int | None]:
        if number == 2:
            raise InvalidResponseError("bad page", status_code=200)
        return list(range(size)), None

    seen: list[int] = []

    async def consume() -> None:
        async for item in AsyncPaginator(failing, page_size=2, prefetch=3):
            seen.append(item)

    with pytest.raises(InvalidResponseError):
        await consume()
    assert seen == [0, 1]  # page 1 whole, then the error of page 2


async def test_errors_from_a_page_propagate() -> None:
    calls = 0

    async def failing(number: int, size: int) -> tuple[Sequence[int], int | None]:
        nonlocal calls
        calls += 1
        if number == 2:
            raise InvalidResponseError("bad page", status_code=200)
        return list(range(size)), None

    seen: list[int] = []

    async def consume() -> None:
        async for item in AsyncPaginator(failing, page_size=2):
            seen.append(item)

    with pytest.raises(InvalidResponseError):
        await consume()
    assert seen == [0, 1]
    assert calls == 2


# -- page envelopes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "items", "total"),
    [
        ([1, 2], [1, 2], None),
        ([], [], None),
        ({"Items": [1], "TotalCount": 9}, [1], 9),
        ({"items": [1, 2]}, [1, 2], None),
        ({"Results": [3], "Total": 4}, [3], 4),
        ({"data": [], "totalCount": 0}, [], 0),
        ({"Items": [1], "TotalCount": "9"}, [1], None),
        ({}, [], None),
    ],
)
def test_page_items(data: Any, items: list[int], total: int | None) -> None:
    assert page_items(data) == (items, total)


@pytest.mark.parametrize("data", [None, "x", 5, {"Items": "x"}, {"Other": [1]}])
def test_page_items_rejects_other_shapes(data: Any) -> None:
    with pytest.raises(InvalidResponseError):
        page_items(data)


async def test_a_listing_helper_prefetches_against_the_simulator() -> None:
    sim = Simulator(catalog_size=2_000, faults=FaultModel(latency=0.05))
    async with sim.client(max_rate=100_000) as client:
        listing = client.products.search(page_size=5, max_pages=3)
        finished: dict[int, float] = {}
        async with listing:
            async for page in listing.pages():
                await asyncio.sleep(0.1)  # the caller's work on the page
                finished[page.number] = time.monotonic()
        searches = [r for r in sim.requests if r.path.endswith("search")]
        assert [r.query["page"] for r in searches] == ["1", "2", "3"]
        # Pages 2 and 3 were on their way while the page before was being worked on.
        assert searches[1].started < finished[1] and searches[2].started < finished[2]

        # Leaving early cancels the page asked ahead: nothing stays on the wire.
        sim.reset()
        listing = client.products.search(page_size=5)
        async with listing:
            async for _ in listing:
                sim.set_faults(FaultModel(latency=30.0))
                await asyncio.sleep(0.05)  # page 2's request is now in flight
                break
        assert client.pipeline.in_flight == 0
        assert [r.query["page"] for r in sim.requests if r.status == 200] == ["1"]
