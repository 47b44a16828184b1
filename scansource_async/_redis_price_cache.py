"""A price cache shared by every process and host through Redis (the ``[redis]`` extra).

::

    cache = RedisPriceCache("redis://cache:6379/0", ttl=60, stale_ttl=30)
    async with ScanSourceClient(..., price_cache=cache) as client:
        product = await client.products.price("ABC-123")

Each entry is one Redis string: the product's JSON, stored for ``ttl + stale_ttl`` seconds
(``negative_ttl`` for a product the API could not price). Freshness is read from the key's
remaining time to live on Redis's own clock, so hosts with skewed clocks agree. A stale
entry's refresh is claimed with ``SET NX`` on a companion key, so one process refreshes it
while every other keeps serving the stale product.

Lookups made at about the same time in one process go to Redis together, one script call per
event-loop turn. The cache is an optimisation: while Redis is unreachable every lookup is a
miss (the price comes from the API) and stores are skipped; the cache probes Redis again every
``probe_interval`` seconds. Key names hold hashes only: the subscription key and the item
numbers never appear in them, and values hold the product as the API returned it.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import math
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any, Final

import redis.asyncio as aioredis

from . import _checks as checks
from ._coalesce import Coalescer
from ._convert import structure, unstructure
from ._price_cache import CachedPrice, CacheLifetimes, check_lifetimes
from ._redis_store import STORE_ERRORS, StoreHealth, connect, describe
from .errors import ScanSourceError
from .models.products import Product

__all__ = ["RedisPriceCache"]

logger = logging.getLogger("scansource_async")

# Keys looked up in one script call at most.
_MAX_BATCH: Final = 500
# Decoded products kept by their stored bytes: a repeated hit skips JSON and the converter.
_DECODED: Final = 10_000

# Every key's value and remaining lifetime in one reply: [value1, ms1, value2, ms2, ...]
# (a missing value comes back as nil). One reply parses far faster than a command per key.
_READ_LUA: Final = """
local out = {}
for i, key in ipairs(KEYS) do
  out[2 * i - 1] = redis.call('GET', key)
  out[2 * i] = redis.call('PTTL', key)
end
return out
"""


class RedisPriceCache(CacheLifetimes):
    """A :class:`~scansource_async.PriceCacheBackend` shared through Redis by every process
    and host (see the module documentation for how entries are kept).

    Args:
        url: the Redis URL (``redis://host:port/db``, ``rediss://…``, ``unix:///path``).
        ttl: seconds an entry is served as fresh.
        key_prefix: the start of every Redis key this cache writes.
        stale_ttl: seconds after ``ttl`` an entry is still served, stale, while one refresh
            (of all processes together) runs.
        negative_ttl: seconds a product the API could not price is remembered (0: never).
        refresh_timeout: how long a claimed refresh holds its claim at most (a process that
            dies mid-refresh blocks other refreshes of that key no longer than this).
        socket_timeout: seconds to connect to Redis and to wait for one answer.
        probe_interval: while Redis is unreachable, how often to try it again.
    """

    def __init__(
        self,
        url: str,
        ttl: float = 60,
        *,
        key_prefix: str = "scansource_async:price",
        stale_ttl: float = 0,
        negative_ttl: float = 5.0,
        refresh_timeout: float = 30.0,
        socket_timeout: float = 1.0,
        probe_interval: float = 1.0,
    ) -> None:
        check_lifetimes(ttl, stale_ttl, negative_ttl)
        checks.non_empty_str(key_prefix, "key_prefix")
        checks.seconds(refresh_timeout, "refresh_timeout")
        checks.seconds(socket_timeout, "socket_timeout")
        checks.seconds(probe_interval, "probe_interval")
        self._ttl = float(ttl)
        self._stale_ttl = float(stale_ttl)
        self._negative_ttl = float(negative_ttl)
        self._prefix = key_prefix
        self._refresh_ms = math.ceil(refresh_timeout * 1000)
        self._where = describe(url)
        self._redis: aioredis.Redis = connect(url, socket_timeout)
        self._health = StoreHealth(self._where, float(probe_interval), "shared price cache")
        self._read = self._redis.register_script(_READ_LUA)
        # stored bytes -> (product, ms of its lifetime served stale), least recently used first
        self._decoded: collections.OrderedDict[bytes, tuple[Product, int]] = (
            collections.OrderedDict()
        )
        # Calls made in the same event-loop turn share one round trip (and one connection).
        self._reads: Coalescer[str, CachedPrice | None] = Coalescer(
            self._read_batch, max_batch=_MAX_BATCH, linger=0.0
        )
        self._claims: Coalescer[str, bool] = Coalescer(
            self._claim_batch, max_batch=_MAX_BATCH, linger=0.0
        )
        self._releases: Coalescer[str, bool] = Coalescer(
            self._release_batch, max_batch=_MAX_BATCH, linger=0.0
        )
        self.round_trips = 0
        """Pipelines and commands sent to Redis."""
        self.store_errors = 0
        """Redis calls that failed (each lookup in them counted as a miss)."""

    def __repr__(self) -> str:
        return (
            f"<RedisPriceCache {self._where} prefix={self._prefix!r} ttl={self._ttl:g}"
            f" stale_ttl={self._stale_ttl:g}>"
        )

    @property
    def available(self) -> bool:
        """False while Redis is known to be unreachable."""
        return self._health.available

    def redis_key(self, key: str) -> str:
        """The Redis key of a cache key."""
        return f"{self._prefix}:{key}"

    # -- the PriceCacheBackend protocol ------------------------------------------------------

    async def get_many(self, keys: Sequence[str]) -> list[CachedPrice | None]:
        if not keys or not self._health.usable():
            return [None] * len(keys)
        if len(keys) == 1:
            return [await self._reads.submit(None, keys[0])]
        # Submitted together, they share one script call (with other callers' lookups).
        return list(await asyncio.gather(*(self._reads.submit(None, key) for key in keys)))

    async def set_many(self, entries: Sequence[tuple[str, Product]]) -> None:
        if not entries or not self._health.usable():
            return
        pipe = self._redis.pipeline(transaction=False)
        for key, product in entries:
            lifetimes = self._lifetimes_of(product)
            if lifetimes is None:
                continue
            fresh, stale = lifetimes
            value = json.dumps(
                {"s": math.ceil(stale * 1000), "p": unstructure(product)},
                default=str,
                separators=(",", ":"),
            )
            pipe.set(self.redis_key(key), value, px=math.ceil((fresh + stale) * 1000))
        await self._run(pipe)

    async def claim_refresh(self, key: str) -> bool:
        if not self._health.usable():
            return False
        return await self._claims.submit(None, key)

    async def release_refresh(self, key: str) -> None:
        if self._health.usable():
            await self._releases.submit(None, key)

    async def aclose(self) -> None:
        """Close the connections to Redis (a later call opens new ones)."""
        for batches in (self._reads, self._claims, self._releases):
            await batches.aclose()
        await self._redis.aclose()

    async def clear(self) -> None:
        """Delete every entry under ``key_prefix`` (for tests and maintenance)."""
        async for name in self._redis.scan_iter(match=f"{self._prefix}:*", count=1000):
            await self._redis.delete(name)

    # -- steps -------------------------------------------------------------------------------

    async def _read_batch(
        self, _group: Hashable, keys: Sequence[str]
    ) -> list[CachedPrice | ScanSourceError | None]:
        """One script call: every value with its remaining lifetime."""
        try:
            self.round_trips += 1
            answer: list[Any] = await self._read(keys=[self.redis_key(key) for key in keys])
        except STORE_ERRORS as exc:
            self._failed(exc)
            return [None] * len(keys)
        self._answered()
        return [self._entry(answer[2 * n], int(answer[2 * n + 1])) for n in range(len(keys))]

    def _entry(self, value: bytes | None, lifetime_ms: int) -> CachedPrice | None:
        """A stored value and its remaining lifetime as a lookup's answer (None: a miss)."""
        if value is None or lifetime_ms <= 0:
            return None
        decoded = self._decoded.get(value)
        if decoded is None:
            decoded = _decode(value)
            if decoded is None:
                return None
            self._decoded[value] = decoded
            if len(self._decoded) > _DECODED:
                self._decoded.popitem(last=False)
        else:
            self._decoded.move_to_end(value)
        product, stale_ms = decoded
        return CachedPrice(product, stale=lifetime_ms <= stale_ms)

    async def _claim_batch(self, _group: Hashable, keys: Sequence[str]) -> list[bool]:
        """``SET NX`` each refresh marker: True where this process got the refresh."""
        pipe = self._redis.pipeline(transaction=False)
        for key in keys:
            pipe.set(self.redis_key(key) + ":refresh", b"1", nx=True, px=self._refresh_ms)
        answers = await self._run(pipe)
        return [bool(answer) for answer in answers] if answers else [False] * len(keys)

    async def _release_batch(self, _group: Hashable, keys: Sequence[str]) -> list[bool]:
        pipe = self._redis.pipeline(transaction=False)
        pipe.delete(*(self.redis_key(key) + ":refresh" for key in keys))
        return [await self._run(pipe) is not None] * len(keys)

    async def _run(self, pipe: Any) -> list[Any] | None:
        try:
            self.round_trips += 1
            answers: list[Any] = await pipe.execute()
        except STORE_ERRORS as exc:
            self._failed(exc)
            return None
        self._answered()
        return answers

    def _failed(self, exc: BaseException) -> None:
        self.store_errors += 1
        self._health.failed(exc, "every lookup is a miss")

    def _answered(self) -> None:
        self._health.answered()


def _decode(value: bytes) -> tuple[Product, int] | None:
    """A stored product and its stale milliseconds; None for a value it cannot read."""
    try:
        data = json.loads(value, parse_float=Decimal)
        product: Product = structure(data["p"], Product, what="cached price")
        return product, int(data["s"])
    except (ValueError, KeyError, TypeError, ScanSourceError):
        logger.debug("price cache: an unreadable entry is treated as a miss")
        return None
