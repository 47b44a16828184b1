"""The rate check of ``RedisRateLimiter(strategy="moving-window")``: the :mod:`limits`
library's moving window over its async Redis storage (redis-py), one-second windows.

Kept for comparison with the default GCRA strategy (``benchmarks/redis_limiter.py`` measures
both); ``limits`` is installed by the ``[moving-window]`` extra, not by ``[redis]``.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

import redis.asyncio as aioredis
from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

if TYPE_CHECKING:
    from ._redis_limiter import RedisLimiterStats

__all__ = ["MovingWindow"]


class MovingWindow:
    """One subscription key's moving window: ``check()`` asks for a turn."""

    def __init__(
        self,
        url: str,
        prefix: str,
        key_id: str,
        max_rate: float,
        connection: dict[str, Any],
    ) -> None:
        scheme = url.split("://", 1)[0]
        target = url if scheme != "unix" else "redis+unix" + url[len("unix") :]
        self._storage = RedisStorage(
            "async+" + target, implementation="redispy", key_prefix=prefix, **connection
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        # limits counts whole requests per whole seconds.
        self._item = RateLimitItemPerSecond(max(1, math.floor(max_rate)))
        self._key_id = key_id

    async def check(
        self, redis: aioredis.Redis, pause_key: str, stats: RedisLimiterStats
    ) -> tuple[bool, float]:
        stats.round_trips += 1
        pause_ms = await redis.pttl(pause_key)
        if pause_ms > 0:
            return False, pause_ms / 1000
        stats.round_trips += 1
        if await self._limiter.hit(self._item, self._key_id):
            return True, 0.0
        stats.round_trips += 1
        window = await self._limiter.get_window_stats(self._item, self._key_id)
        return False, max(window.reset_time - time.time(), 0.001)

    async def aclose(self) -> None:
        bridge: Any = self._storage.bridge
        connection = bridge.get_connection()
        await connection.aclose()
