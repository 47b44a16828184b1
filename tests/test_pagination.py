"""AsyncPaginator and page envelopes: lazy paging, stopping rules, limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from scansource_async import AsyncPaginator, InvalidResponseError, Page, ValidationError
from scansource_async.resources._base import page_items


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
    paginator = AsyncPaginator(endpoint, page_size=10)
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
