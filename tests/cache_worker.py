"""One process of the cross-process price cache test (tests/test_redis_price_cache.py).

Usage: ``python tests/cache_worker.py BASE_URL REDIS_URL PREFIX TTL STALE_TTL ITEM...``

Prints ``ready``, waits for a line on stdin, then asks for every item 50 times at once through a
client whose price cache is a RedisPriceCache, waits for its background refreshes, and prints
one JSON line: the client's cache counters and how many answers it got.
"""

from __future__ import annotations

import asyncio
import json
import sys

from scansource_async import RedisPriceCache, ScanSourceClient


async def main(
    base_url: str, redis_url: str, prefix: str, ttl: str, stale: str, *items: str
) -> None:
    cache = RedisPriceCache(redis_url, float(ttl), key_prefix=prefix, stale_ttl=float(stale))
    async with ScanSourceClient(
        subscription_key="test-key",
        customer_number="1000001",
        base_url=base_url,
        max_rate=1_000,
        price_cache=cache,
    ) as client:
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        callers = [item for item in items for _ in range(50)]
        products = await asyncio.gather(*(client.products.price(item) for item in callers))
        refreshes = client.products._cached._refreshes  # type: ignore[union-attr]
        while refreshes:
            await asyncio.gather(*refreshes, return_exceptions=True)
        stats = client.stats
        print(
            json.dumps(
                {
                    "answers": sum(1 for product in products if product.unit_price is not None),
                    "hits": stats.cache_hits,
                    "misses": stats.cache_misses,
                    "stale_hits": stats.cache_stale_hits,
                    "requests": stats.requests,
                }
            ),
            flush=True,
        )
    await cache.aclose()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
