"""AsyncPaginator: ``async for`` over the items of a paged endpoint (``page``/``pageSize``),
with the next page requested while the current one is consumed."""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from typing import Generic, Self, TypeVar

import attrs

from . import _checks as checks

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
    """Iterates a paged endpoint lazily, one request per page.

    ``async for item in paginator`` yields items across pages; ``paginator.pages()`` yields
    :class:`Page` objects. Iteration stops at a short or empty page. ``max_pages`` bounds the
    number of requests (a guard against an endpoint that never returns a short page).

    ``prefetch`` pages are requested ahead: with the default 1 the next page is on its way while
    the caller works through the current one, so a listing costs about the larger of the
    caller's time and the API's, not their sum. ``prefetch=0`` requests a page only when the
    caller reaches it. A request made ahead is cancelled when the caller stops: leave the loop
    inside ``async with paginator:`` (or call :meth:`aclose`) to have that happen at once.
    """

    def __init__(
        self,
        fetch_page: FetchPage[T],
        *,
        page_size: int,
        first_page: int = 1,
        max_pages: int | None = None,
        prefetch: int = 1,
    ) -> None:
        checks.positive_int(page_size, "page_size")
        checks.positive_int(first_page, "first_page")
        checks.non_negative_int(prefetch, "prefetch")
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._first_page = first_page
        self._max_pages = max_pages
        self._prefetch = prefetch
        self._ahead: set[asyncio.Task[tuple[Sequence[T], int | None]]] = set()

    def __repr__(self) -> str:
        return (
            f"<AsyncPaginator page_size={self._page_size} first_page={self._first_page}"
            f" prefetch={self._prefetch}>"
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel the page requests made ahead that nobody will read."""
        tasks = list(self._ahead)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def pages(self) -> AsyncIterator[Page[T]]:
        """Yield each page in turn, stopping after the last one."""
        return self._pages(lambda _: True)

    async def _pages(self, wants_more: Callable[[Page[T]], bool]) -> AsyncGenerator[Page[T], None]:
        """The pages; the next ones are requested ahead only while ``wants_more(page)``."""
        ahead: collections.deque[tuple[int, asyncio.Task[tuple[Sequence[T], int | None]]]]
        ahead = collections.deque()
        next_number = self._first_page
        last_number = None if self._max_pages is None else self._first_page + self._max_pages - 1

        def request() -> None:
            nonlocal next_number
            task = asyncio.ensure_future(self._fetch_page(next_number, self._page_size))
            self._ahead.add(task)
            task.add_done_callback(self._ahead.discard)
            ahead.append((next_number, task))
            next_number += 1

        try:
            while True:
                if not ahead:
                    if last_number is not None and next_number > last_number:
                        return
                    request()
                number, task = ahead.popleft()
                items, total = await task
                page = Page(number=number, size=self._page_size, items=tuple(items), total=total)
                if not page.is_last and wants_more(page):
                    while len(ahead) < self._prefetch and (
                        last_number is None or next_number <= last_number
                    ):
                        request()
                yield page
                if page.is_last:
                    return
        finally:
            # The caller stopped (or a page failed): nobody will read the pages asked ahead.
            for _, task in ahead:
                task.cancel()
            if ahead:
                await asyncio.gather(*(task for _, task in ahead), return_exceptions=True)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self, limit: int | None = None) -> list[T]:
        """Collect items into a list (at most ``limit`` of them)."""
        collected: list[T] = []
        if limit is not None and limit <= 0:
            return collected

        def wants_more(page: Page[T]) -> bool:
            # Ask ahead only if this page cannot reach the limit: never one page too many.
            return limit is None or len(collected) + len(page.items) < limit

        pages = self._pages(wants_more)
        async with contextlib.aclosing(pages):
            async for page in pages:
                for item in page.items:
                    collected.append(item)
                    if limit is not None and len(collected) >= limit:
                        return collected
        return collected
