"""AsyncPaginator: ``async for`` over the items of a paged endpoint (``page``/``pageSize``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import attrs

from .errors import ValidationError

__all__ = ["AsyncPaginator", "Page"]

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of results: its 1-based ``number``, the ``size`` asked for, and its items."""

    number: int
    size: int
    items: tuple[T, ...]
    total: int | None = None

    @property
    def is_last(self) -> bool:
        """A short or empty page ends the listing (or the known total is reached)."""
        if len(self.items) < self.size:
            return True
        return self.total is not None and self.number * self.size >= self.total


FetchPage = Callable[[int, int], Awaitable[tuple[Sequence[T], int | None]]]


class AsyncPaginator(Generic[T]):
    """Iterates a paged endpoint lazily: one request per page, as the caller consumes items.

    ``async for item in paginator`` yields items across pages; ``paginator.pages()`` yields
    :class:`Page` objects. Iteration stops at a short or empty page. ``max_pages`` bounds the
    number of requests (a guard against an endpoint that never returns a short page).
    """

    def __init__(
        self,
        fetch_page: FetchPage[T],
        *,
        page_size: int,
        first_page: int = 1,
        max_pages: int | None = None,
    ) -> None:
        if page_size < 1:
            raise ValidationError(f"page_size must be at least 1, got {page_size}")
        if first_page < 1:
            raise ValidationError(f"first_page must be at least 1, got {first_page}")
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._first_page = first_page
        self._max_pages = max_pages

    def __repr__(self) -> str:
        return f"<AsyncPaginator page_size={self._page_size} first_page={self._first_page}>"

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield each page in turn, stopping after the last one."""
        number = self._first_page
        fetched = 0
        while self._max_pages is None or fetched < self._max_pages:
            items, total = await self._fetch_page(number, self._page_size)
            fetched += 1
            page = Page(number=number, size=self._page_size, items=tuple(items), total=total)
            yield page
            if page.is_last:
                return
            number += 1

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self, limit: int | None = None) -> list[T]:
        """Collect items into a list (at most ``limit`` of them)."""
        collected: list[T] = []
        if limit is not None and limit <= 0:
            return collected
        # Walk pages, not items, so reaching the limit never fetches one page too many.
        async for page in self.pages():
            for item in page.items:
                collected.append(item)
                if limit is not None and len(collected) >= limit:
                    return collected
        return collected
