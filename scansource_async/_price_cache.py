"""The price cache: one protocol, an in-process bounded LRU, and the cache key.

A web backend asks for the same items' prices again and again; coalescing folds concurrent
lookups into one request, and the cache serves the ones that repeat over seconds. Entries are
:class:`~scansource_async.Product` objects under a key that covers everything that changes a
price. :class:`PriceCache` keeps them in this process; ``RedisPriceCache`` shares them between
processes and hosts. Both follow :class:`PriceCacheBackend`.

Lifetimes: an entry is fresh for ``ttl`` seconds. With ``stale_ttl`` > 0 it is then served
*stale* for up to ``stale_ttl`` more seconds while one refresh per key runs in the background
(stale-while-revalidate). A product the API could not price (``pricing_error``) is kept for
``negative_ttl`` seconds only, and never served stale.
"""

from __future__ import annotations

import collections
import hashlib
import time
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import attrs

from . import _checks as checks
from .models.products import PricingLine, Product

__all__ = [
    "PRICE_CACHE_ENTRY_BYTES",
    "CacheLifetimes",
    "CachedPrice",
    "PriceCache",
    "PriceCacheBackend",
    "check_lifetimes",
    "price_key",
]

#: Upper bound of the memory one in-process entry takes with a full product as the API returns
#: it (the key, the LRU node, the entry, the Product with its Decimals and strings), in bytes:
#: about 1,300 measured on CPython 3.11 (tests/test_price_cache.py checks the bound).
PRICE_CACHE_ENTRY_BYTES = 1_500


@attrs.frozen
class CachedPrice:
    """What a lookup found: the product, and whether it is past its TTL (served stale)."""

    product: Product
    stale: bool = False


@runtime_checkable
class PriceCacheBackend(Protocol):
    """What the client needs of a price cache (:class:`PriceCache`, ``RedisPriceCache``).

    Keys are opaque strings made by the client (hashes; never the subscription key).
    """

    @property
    def ttl(self) -> float: ...

    @property
    def stale_ttl(self) -> float: ...

    async def get_many(self, keys: Sequence[str]) -> list[CachedPrice | None]:
        """One entry (or None for a miss) per key, in order."""
        ...

    async def set_many(self, entries: Sequence[tuple[str, Product]]) -> None:
        """Store products; one with ``pricing_error`` only for the negative TTL."""
        ...

    async def claim_refresh(self, key: str) -> bool:
        """True for the one caller (of every process sharing the cache) that should refresh
        ``key``'s stale entry now; False while another refresh of it runs."""
        ...

    async def release_refresh(self, key: str) -> None:
        """The refresh of ``key`` is over (stored or failed)."""
        ...

    async def aclose(self) -> None: ...


def check_lifetimes(ttl: float, stale_ttl: float, negative_ttl: float) -> None:
    """A cache's lifetimes: ``ttl`` > 0, the others >= 0, all finite seconds."""
    checks.seconds(ttl, "ttl")
    checks.non_negative_number(stale_ttl, "stale_ttl")
    checks.non_negative_number(negative_ttl, "negative_ttl")


class CacheLifetimes:
    """The lifetimes of a price cache's entries, shared by :class:`PriceCache` and
    ``RedisPriceCache``: fresh for ``ttl``, then stale for ``stale_ttl``; a product the API
    could not price for ``negative_ttl`` only, never stale."""

    _ttl: float
    _stale_ttl: float
    _negative_ttl: float

    @property
    def ttl(self) -> float:
        """Seconds an entry is served as fresh."""
        return self._ttl

    @property
    def stale_ttl(self) -> float:
        """Seconds after ``ttl`` an entry is still served, stale, while one refresh runs."""
        return self._stale_ttl

    @property
    def negative_ttl(self) -> float:
        """Seconds a product the API could not price is remembered (0: never)."""
        return self._negative_ttl

    def _lifetimes_of(self, product: Product) -> tuple[float, float] | None:
        """Seconds ``product`` is served fresh, then stale; None when it is not kept."""
        if product.pricing_error:
            return (self._negative_ttl, 0.0) if self._negative_ttl else None
        return self._ttl, self._stale_ttl


def price_key(namespace: str, customer_number: str, line: PricingLine, *options: str | None) -> str:
    """The cache key of one priced line: a hash of everything that changes its price.

    ``namespace`` holds the API host and the subscription key's hash; ``options`` the request's
    warehouse, business unit and deal id.
    """
    material = "\x1f".join(
        (
            namespace,
            customer_number,
            line.item_number,
            str(int(line.part_number_type)),
            str(line.quantity),
            *(option or "" for option in options),
            "\x1e".join(line.deal_ids),
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()[:32]


class PriceCache(CacheLifetimes):
    """An in-process price cache: a bounded LRU of products, for one process's clients.

    Memory is bounded by ``max_entries`` (the least recently used entry goes first); one entry
    costs at most :data:`PRICE_CACHE_ENTRY_BYTES` bytes (about 1.3 KB: 100,000 entries take
    about 130 MB). Share one instance between the clients of a process, or pass a
    ``RedisPriceCache`` to share entries between processes.

    Args:
        ttl: seconds an entry is served as fresh.
        max_entries: entries kept at most.
        stale_ttl: seconds after ``ttl`` an entry is still served, stale, while one refresh
            runs (0: never served stale).
        negative_ttl: seconds a product the API could not price is remembered (0: never).
    """

    def __init__(
        self,
        ttl: float = 60,
        max_entries: int = 100_000,
        stale_ttl: float = 0,
        *,
        negative_ttl: float = 5.0,
    ) -> None:
        check_lifetimes(ttl, stale_ttl, negative_ttl)
        checks.positive_int(max_entries, "max_entries")
        self._ttl = float(ttl)
        self._stale_ttl = float(stale_ttl)
        self._negative_ttl = float(negative_ttl)
        self._max_entries = max_entries
        # key -> (product, fresh until, served-stale until), in least recently used order.
        self._entries: collections.OrderedDict[str, tuple[Product, float, float]] = (
            collections.OrderedDict()
        )
        self._refreshing: set[str] = set()

    def __repr__(self) -> str:
        return (
            f"<PriceCache entries={len(self._entries)}/{self._max_entries} ttl={self._ttl:g}"
            f" stale_ttl={self._stale_ttl:g}>"
        )

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def max_entries(self) -> int:
        return self._max_entries

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()

    async def get_many(self, keys: Sequence[str]) -> list[CachedPrice | None]:
        return [self._get(key, time.monotonic()) for key in keys]

    def _get(self, key: str, now: float) -> CachedPrice | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        product, fresh_until, stale_until = entry
        if now < fresh_until:
            self._entries.move_to_end(key)
            return CachedPrice(product)
        if now < stale_until:
            self._entries.move_to_end(key)
            return CachedPrice(product, stale=True)
        del self._entries[key]
        return None

    async def set_many(self, entries: Sequence[tuple[str, Product]]) -> None:
        now = time.monotonic()
        for key, product in entries:
            lifetimes = self._lifetimes_of(product)
            if lifetimes is None:
                self._entries.pop(key, None)
                continue
            fresh, stale = lifetimes
            self._entries[key] = (product, now + fresh, now + fresh + stale)
            self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def claim_refresh(self, key: str) -> bool:
        if key in self._refreshing:
            return False
        self._refreshing.add(key)
        return True

    async def release_refresh(self, key: str) -> None:
        self._refreshing.discard(key)

    async def aclose(self) -> None:
        """Nothing to release: entries stay for other clients sharing this cache."""
