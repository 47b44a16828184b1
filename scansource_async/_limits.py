"""Request pacing: the rate limiter interface, its in-process implementation, and the 429 pause.

The in-flight cap is an ``anyio.CapacityLimiter`` held by the transport; pacing lives here so
that a limiter shared across processes (Redis) can replace the local one without touching it.
"""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

import anyio
import attrs
from aiolimiter import AsyncLimiter

__all__ = ["InFlightCap", "LimiterStats", "LocalRateLimiter", "RateLimiter"]


@attrs.define
class LimiterStats:
    """What a limiter has done so far."""

    acquired: int = 0
    pauses: int = 0
    paused_seconds: float = 0.0


@runtime_checkable
class RateLimiter(Protocol):
    """Paces requests: one ``acquire()`` before each attempt.

    ``pause(seconds)`` is called when the API answers 429: every later ``acquire()`` of every
    request sharing the limiter waits until the pause is over.

    ``stats`` is read-only here, so an implementation may keep a subclass of
    :class:`LimiterStats` with counters of its own.
    """

    @property
    def stats(self) -> LimiterStats: ...

    async def acquire(self) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def aclose(self) -> None: ...


#: the share of one second's worth of requests the local limiter lets through at once
BURST_FRACTION = 0.9


class LocalRateLimiter:
    """An in-process limiter: aiolimiter's leaky bucket (one second of burst) plus a 429 pause."""

    def __init__(self, max_rate: float) -> None:
        # A bucket of one second's worth, like the API's own per-key limit; a much smaller
        # bucket loses throughput to timer overshoot without making bursts any safer.
        # From 10 requests/s up it holds 10% less than the API's: after a burst both buckets
        # would otherwise be empty, and a request reaching the server a millisecond earlier
        # than we paced it (event-loop jitter) is a 429. The 10% left in the API's bucket
        # absorbs 100 ms of such jitter; the steady rate is still max_rate
        # (benchmarks/ceiling.py: a few 429s per 100,000 lines at equal rates without it).
        # Below one request per second the bucket holds one request and drains over
        # 1/max_rate seconds (aiolimiter refuses to acquire more than its capacity).
        capacity = max(1.0, max_rate * BURST_FRACTION if max_rate >= 10 else max_rate)
        self._limiter = AsyncLimiter(capacity, capacity / max_rate)
        self._paused_until = 0.0
        self.stats = LimiterStats()

    async def acquire(self) -> None:
        while True:
            await self._wait_out_pause()
            await self._limiter.acquire()
            # A 429 may have arrived while we queued for the bucket: honour it too.
            if anyio.current_time() >= self._paused_until:
                self.stats.acquired += 1
                return

    async def pause(self, seconds: float) -> None:
        until = anyio.current_time() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self.stats.pauses += 1
            self.stats.paused_seconds += seconds

    async def aclose(self) -> None:
        return None

    async def _wait_out_pause(self) -> None:
        # A newer 429 can extend the pause while we sleep, so re-read it after each wake.
        while (remaining := self._paused_until - anyio.current_time()) > 0:  # noqa: ASYNC110
            await anyio.sleep(remaining)


class InFlightCap:
    """The in-flight cap: an asyncio semaphore that counts its holders (anyio's CapacityLimiter
    did the same at several times the cost per request)."""

    def __init__(self, total: int) -> None:
        self._semaphore = asyncio.Semaphore(total)
        self.borrowed = 0

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()
        self.borrowed += 1
        # Let the other requests that got past the rate limiter start too before this one
        # goes out, as a burst (as CapacityLimiter's checkpoint did): a 429 answered to this
        # one then cannot hold back requests that were already on their way.
        try:
            await asyncio.sleep(0)
        except BaseException:
            # Cancelled here, ``async with`` never calls __aexit__: give the slot back, or
            # every such cancellation would shrink the cap for good (and finally deadlock).
            self.borrowed -= 1
            self._semaphore.release()
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        self.borrowed -= 1
        self._semaphore.release()
