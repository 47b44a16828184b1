"""Reading prices through the client's price cache (``ScanSourceClient(price_cache=...)``).

``price()`` and ``pricing()`` always read through it; bulk jobs only with ``use_cache=True``.
A fresh entry answers without a request; a missing one is priced and stored. A stale entry
(past ``ttl``, within ``stale_ttl``) answers ``price()``/``pricing()`` at once while one
background refresh per key (per cache: across processes with Redis) prices it again; bulk jobs
price stale lines anew instead, as they want fresh prices.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from .._key_id import subscription_key_id
from .._price_cache import CachedPrice, PriceCacheBackend, price_key
from ..events import CacheEvent
from ..models.products import PricingLine, Product
from ._pricing import PricingScope, outcome_of, pair_products

if TYPE_CHECKING:
    from .._client import ScanSourceClient

__all__ = ["CachedPricing"]

logger = logging.getLogger("scansource_async")

RequestPrices = Callable[[PricingScope, Sequence[PricingLine]], Awaitable[list[Product]]]
Submit = Callable[[PricingScope, PricingLine], Awaitable[Product]]


class CachedPricing:
    """The read-through of one ``client.products``."""

    def __init__(
        self,
        client: ScanSourceClient,
        cache: PriceCacheBackend,
        request: RequestPrices,
        submit: Submit,
    ) -> None:
        self._client = client
        self._cache = cache
        self._request = request
        self._submit = submit  # the coalescer: refreshes of many keys share requests
        config = client.config
        # Entries of another host or key never answer: both are in every cache key.
        self._namespace = f"{config.base_url}\x1f{subscription_key_id(config.subscription_key)}"
        self._refreshes: set[asyncio.Task[None]] = set()
        self._refreshing: set[str] = set()  # keys this process is refreshing (or claiming)

    def key(self, options: PricingScope, line: PricingLine) -> str:
        return price_key(
            self._namespace,
            line.customer_number or options.customer_number,
            line,
            options.warehouse,
            options.business_unit,
            options.deal_id,
        )

    async def store(
        self, options: PricingScope, lines: Sequence[PricingLine], products: Sequence[Product]
    ) -> None:
        """Keep freshly priced products (a line without a product in the answer is not kept)."""
        entries = [
            (self.key(options, line), product)
            for line, product in zip(lines, pair_products(lines, products), strict=True)
            if product is not None
        ]
        if entries:
            await self._cache.set_many(entries)

    # -- the three ways in -------------------------------------------------------------

    async def price(self, options: PricingScope, line: PricingLine) -> Product:
        """One item: from the cache, else through the coalescer (which stores the answer)."""
        key = self.key(options, line)
        (found,) = await self._lookup("products.price", [key], serve_stale=True)
        if found is None:
            return await self._submit(options, line)
        if found.stale:
            self._refresh(options, line, key)
        outcome = outcome_of(line, found.product)
        if isinstance(outcome, Product):
            return outcome
        raise outcome

    async def pricing(self, options: PricingScope, lines: Sequence[PricingLine]) -> list[Product]:
        """One request's lines: the missing ones priced in one request, in line order."""
        keys = [self.key(options, line) for line in lines]
        found = await self._lookup("products.pricing", keys, serve_stale=True)
        for line, key, entry in zip(lines, keys, found, strict=True):
            if entry is not None and entry.stale:
                self._refresh(options, line, key)
        missing = [line for line, entry in zip(lines, found, strict=True) if entry is None]
        if not missing:
            return [entry.product for entry in found if entry is not None]
        products = await self._request(options, missing)
        await self.store(options, missing, products)
        if len(missing) == len(lines):
            return products  # nothing from the cache: the API's answer as it came
        fetched = iter(pair_products(missing, products))
        merged = [entry.product if entry is not None else next(fetched) for entry in found]
        return [product for product in merged if product is not None]

    async def bulk(self, options: PricingScope, lines: Sequence[PricingLine]) -> list[Any]:
        """A bulk job's chunk (``use_cache=True``): stale entries count as misses."""
        keys = [self.key(options, line) for line in lines]
        found = await self._lookup("products.price_many", keys, serve_stale=False)
        missing = [line for line, entry in zip(lines, found, strict=True) if entry is None]
        fetched: Any = iter(())
        if missing:
            products = await self._request(options, missing)
            await self.store(options, missing, products)
            fetched = iter(pair_products(missing, products))
        return [
            outcome_of(line, entry.product if entry is not None else next(fetched))
            for line, entry in zip(lines, found, strict=True)
        ]

    async def aclose(self) -> None:
        """Cancel refreshes still running (their stale entries stay until they run out)."""
        tasks = list(self._refreshes)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- steps -------------------------------------------------------------------------

    async def _lookup(
        self, operation: str, keys: Sequence[str], *, serve_stale: bool
    ) -> list[CachedPrice | None]:
        found = await self._cache.get_many(keys)
        if not serve_stale:
            found = [None if entry is not None and entry.stale else entry for entry in found]
        hits = stale = 0
        for entry in found:
            if entry is not None:
                if entry.stale:
                    stale += 1
                else:
                    hits += 1
        misses = len(found) - hits - stale
        stats = self._client.stats
        stats.cache_hits += hits
        stats.cache_misses += misses
        stats.cache_stale_hits += stale
        listeners = self._client.pipeline.listeners
        if listeners:
            listeners.notify(
                CacheEvent(operation=operation, hits=hits, misses=misses, stale_hits=stale)
            )
        return found

    def _refresh(self, options: PricingScope, line: PricingLine, key: str) -> None:
        if key in self._refreshing:
            return
        self._refreshing.add(key)
        task = asyncio.get_running_loop().create_task(self._run_refresh(options, line, key))
        self._refreshes.add(task)
        task.add_done_callback(self._refreshes.discard)

    async def _run_refresh(self, options: PricingScope, line: PricingLine, key: str) -> None:
        try:
            if not await self._cache.claim_refresh(key):
                return  # another process refreshes this key
            try:
                await self._submit(options, line)  # the coalescer's request stores the answer
            except Exception as exc:  # the stale entry keeps answering until it runs out
                logger.debug("price cache: refreshing %s failed: %s", line.item_number, exc)
            finally:
                await self._cache.release_refresh(key)
        finally:
            self._refreshing.discard(key)
