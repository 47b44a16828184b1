"""One rate limit shared by many processes and hosts, kept in Redis (the ``[redis]`` extra).

A subscription key has one rate limit at the API. :class:`RedisRateLimiter` lets every process
that uses the key (workers of one job, web backends on several hosts) draw from that one limit::

    limiter = RedisRateLimiter("redis://cache:6379/0", key=subscription_key, max_rate=40)
    async with ScanSourceClient(subscription_key=..., rate_limiter=limiter) as client:
        ...

How it paces (``strategy="gcra"``, the default): Redis keeps the time of the next free send
slot for the key (a GCRA "theoretical arrival time"). Each request reserves the next slot in
one atomic script call (one round trip), on Redis's own clock, and sleeps locally until its
slot. Slots are ``1 / max_rate`` apart, so requests leave evenly spaced, never in bursts:
with every process together at ``max_rate`` the API's token bucket never empties. The same
call reads the shared 429 pause, so a 429 seen by any process delays every later slot of every
process until the pause is over. A process holds one reservation at a time (its other
requests queue locally, first come first served), which bounds how far ahead slots are given
out and so how many already-reserved requests can still go out during a pause: at most one per
process.

``strategy="moving-window"`` does the rate check with the :mod:`limits` library's moving
window instead (``_moving_window``; the ``[moving-window]`` extra installs ``limits``). It is
kept for comparison: it lets a full window's worth of requests out at once and makes a waiting
request ask again, so it costs more round trips and can overshoot the API's bucket
(``benchmarks/redis_limiter.py`` measures both).

The subscription key is never stored: Redis key names carry a truncated SHA-256 of it, and
the values are timestamps and a pause marker.

When Redis cannot be reached (down, restarting, timing out), ``fail_mode`` decides:

- ``"closed"`` (default): ``acquire()`` keeps trying for up to ``max_wait`` seconds, then
  raises :class:`~scansource_async.errors.RateLimiterUnavailableError`; the request is not
  sent. Once an outage has lasted ``max_wait``, every ``acquire()`` that finds Redis still
  away fails at once, so a job's remaining requests fail quickly, each with that error.
- ``"open"``: requests are paced by a local limiter at ``max_rate / expected_processes``
  until Redis answers again.

Either way the limiter probes Redis again every ``probe_interval`` seconds and returns to the
shared limit as soon as Redis answers (redis-py reconnects; the scripts are reloaded by hash).

The rate adapts (``adaptive=True``, the default with GCRA), and every process shares what it
learns: the script that writes a 429 pause also cuts the shared rate to 0.7 of what got through
in the last two seconds (every process's sends, counted in Redis, minus the 429s), and the script
that reserves send slots spaces them by the shared rate, grown back along the same CUBIC curve
as :class:`~scansource_async.LocalRateLimiter`'s, on Redis's clock. A cut by one process slows
all of them at once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final, Literal

import anyio
import attrs
import redis.asyncio as aioredis

from . import _checks as checks
from ._extras import missing_extra
from ._key_id import subscription_key_id
from ._limits import LimiterStats, LocalRateLimiter
from ._redis_scripts import ADAPTIVE_PAUSE_LUA, ADAPTIVE_RESERVE_LUA, PAUSE_LUA, RESERVE_LUA
from ._redis_store import STORE_ERRORS, StoreHealth, connect, connection_options, describe
from .errors import RateLimiterUnavailableError, ValidationError

if TYPE_CHECKING:
    from ._moving_window import MovingWindow

__all__ = ["RedisLimiterStats", "RedisRateLimiter", "subscription_key_id"]

FailMode = Literal["closed", "open"]
Strategy = Literal["gcra", "moving-window"]

# How far behind "now" a reserved slot may fall and still keep the schedule: covers timer
# overshoot of the local sleep. At most this many seconds' worth of requests go out back to
# back, far below the API's one-second bucket.
_CATCH_UP_SECONDS: Final = 0.05


def _text(answer: bytes | str) -> str:
    return answer.decode() if isinstance(answer, bytes) else answer


@attrs.define
class RedisLimiterStats(LimiterStats):
    """:class:`LimiterStats` plus what the shared limiter did with Redis."""

    round_trips: int = 0
    """Commands sent to Redis (rate checks and pause writes)."""
    waited_seconds: float = 0.0
    """Time spent sleeping until reserved send slots."""
    store_errors: int = 0
    """Redis calls that failed (unreachable, timeout, loading …)."""
    unavailable: int = 0
    """``acquire()`` calls that raised :class:`RateLimiterUnavailableError` (fail closed)."""
    fallback_acquired: int = 0
    """Requests paced by the local fallback limiter while Redis was away (fail open)."""
    recoveries: int = 0
    """Times Redis answered again after failing."""


class RedisRateLimiter:
    """A :class:`~scansource_async.RateLimiter` shared through Redis by every process using
    one subscription key (see the module documentation for how it paces).

    Args:
        url: the Redis URL (``redis://host:port/db``, ``rediss://…``, ``unix:///path``).
        key: the subscription key whose limit is shared; only its hash reaches Redis.
        max_rate: requests per second for all processes together (the API's limit).
        fail_mode: ``"closed"`` to raise :class:`RateLimiterUnavailableError` when Redis has
            been unreachable for ``max_wait`` seconds, ``"open"`` to fall back to a local
            limiter at ``max_rate / expected_processes``.
        max_wait: how long one ``acquire()`` waits for an unreachable Redis, and how long an
            outage may last before every ``acquire()`` fails at once (fail closed).
        expected_processes: how many processes share the key; sets the fallback rate.
        strategy: ``"gcra"`` (default) or ``"moving-window"`` (the :mod:`limits` library,
            installed by the ``[moving-window]`` extra; kept for comparison).
        prefix: the start of every Redis key name this limiter uses.
        socket_timeout: seconds to connect to Redis and to wait for one answer.
        probe_interval: while Redis is unreachable, how often to try it again.
        adaptive: share an adaptive rate (see the module documentation); the default is on
            with ``strategy="gcra"``; ``"moving-window"`` keeps a fixed rate.
    """

    def __init__(
        self,
        url: str,
        *,
        key: str,
        max_rate: float,
        fail_mode: FailMode = "closed",
        max_wait: float = 5.0,
        expected_processes: int = 1,
        strategy: Strategy = "gcra",
        prefix: str = "scansource_async:rate",
        socket_timeout: float = 1.0,
        probe_interval: float = 0.25,
        adaptive: bool | None = None,
    ) -> None:
        if not key:
            raise ValidationError("key (the subscription key) must not be empty")
        checks.positive_number(max_rate, "max_rate")
        if fail_mode not in ("closed", "open"):
            raise ValidationError(f"fail_mode must be 'closed' or 'open', not {fail_mode!r}")
        if strategy not in ("gcra", "moving-window"):
            raise ValidationError(f"strategy must be 'gcra' or 'moving-window', not {strategy!r}")
        if not max_wait >= 0:
            raise ValidationError(f"max_wait must be >= 0, not {max_wait!r}")
        if expected_processes < 1:
            raise ValidationError(f"expected_processes must be >= 1, not {expected_processes!r}")
        if not socket_timeout > 0 or not probe_interval > 0:
            raise ValidationError("socket_timeout and probe_interval must be > 0")
        if adaptive and strategy == "moving-window":
            raise ValidationError("the moving-window strategy keeps a fixed rate: adaptive=False")
        self._adaptive = strategy == "gcra" if adaptive is None else adaptive
        self._key_id = subscription_key_id(key)
        self._where = describe(url)
        self._max_rate = float(max_rate)
        self._fail_mode: FailMode = fail_mode
        self._max_wait = float(max_wait)
        self._strategy: Strategy = strategy
        self._next_key = f"{prefix}:{{{self._key_id}}}:next"
        self._pause_key = f"{prefix}:{{{self._key_id}}}:pause"
        self._adaptive_keys = [
            self._next_key,
            self._pause_key,
            f"{prefix}:{{{self._key_id}}}:rate",
            f"{prefix}:{{{self._key_id}}}:sent",
            f"{prefix}:{{{self._key_id}}}:throttled",
        ]
        # No retries inside redis-py: this class decides how long to wait for Redis.
        self._redis: aioredis.Redis = connect(url, socket_timeout)
        self._reserve = self._redis.register_script(RESERVE_LUA)
        self._set_pause = self._redis.register_script(PAUSE_LUA)
        self._adaptive_reserve = self._redis.register_script(ADAPTIVE_RESERVE_LUA)
        self._adaptive_pause = self._redis.register_script(ADAPTIVE_PAUSE_LUA)
        self._window = (
            _moving_window(url, prefix, self._key_id, max_rate, socket_timeout)
            if strategy == "moving-window"
            else None
        )
        self._fallback_rate = max_rate / expected_processes
        self._fallback = LocalRateLimiter(self._fallback_rate)
        self._lock = anyio.Lock()
        self._paused_until = 0.0
        self._health = StoreHealth(self._where, float(probe_interval), "shared rate limiter")
        self.stats = RedisLimiterStats(rate=self._max_rate)

    def __repr__(self) -> str:
        return (
            f"<RedisRateLimiter {self._where} key_id={self._key_id} max_rate={self._max_rate:g}"
            f" strategy={self._strategy} fail_mode={self._fail_mode}"
            f"{' adaptive' if self._adaptive else ''}>"
        )

    @property
    def key_id(self) -> str:
        """The subscription key's name in Redis (a truncated SHA-256)."""
        return self._key_id

    @property
    def max_rate(self) -> float:
        return self._max_rate

    @property
    def adaptive(self) -> bool:
        return self._adaptive

    @property
    def redis_keys(self) -> tuple[str, str]:
        """The Redis keys of the GCRA schedule and of the shared pause."""
        return (self._next_key, self._pause_key)

    @property
    def available(self) -> bool:
        """False while Redis is known to be unreachable."""
        return self._health.available

    # -- the RateLimiter protocol ------------------------------------------------------------

    async def acquire(self) -> None:
        """Wait for this process's turn under the shared limit (see ``fail_mode``)."""
        give_up_at = anyio.current_time() + self._max_wait
        while True:
            await self._wait_out_pause()
            async with self._lock:
                outcome = await self._take_turn()
            if outcome == "done":
                self.stats.acquired += 1
                return
            if outcome == "again":
                continue
            # Redis is away and we fail closed: wait for the next probe, until this call has
            # waited max_wait or the outage has lasted max_wait (then fail at once).
            now = anyio.current_time()
            down_since = now if self._health.down_since is None else self._health.down_since
            limit = min(give_up_at, down_since + self._max_wait)
            if now >= limit:
                self.stats.unavailable += 1
                raise RateLimiterUnavailableError(
                    f"the shared rate limiter ({self._where}) has been unreachable for"
                    f" {now - down_since:.1f}s ({self._health.last_error}); the request was not"
                    " sent"
                )
            await anyio.sleep(min(limit, max(self._health.next_probe_at, now + 0.001)) - now)

    async def pause(self, seconds: float) -> None:
        """Pause every process sharing the key for ``seconds`` (after a 429)."""
        if not seconds > 0:
            return
        until = anyio.current_time() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self.stats.pauses += 1
            self.stats.paused_seconds += seconds
        if not self._store_usable():
            return  # this process still pauses; the others learn it from the API
        try:
            self.stats.round_trips += 1
            if self._adaptive:
                # The cut is written with the pause: one round trip, seen by every process.
                answer = await self._adaptive_pause(
                    keys=self._adaptive_keys, args=[math.ceil(seconds * 1000), self._max_rate]
                )
                self._note_rate(answer)
            else:
                await self._set_pause(keys=[self._pause_key], args=[math.ceil(seconds * 1000)])
        except STORE_ERRORS as exc:
            self._store_failed(exc)
        else:
            self._store_answered()

    async def aclose(self) -> None:
        """Close the connections to Redis (a later ``acquire()`` opens new ones)."""
        await self._redis.aclose()
        if self._window is not None:
            await self._window.aclose()

    # -- steps -------------------------------------------------------------------------------

    async def _take_turn(self) -> Literal["done", "again", "down"]:
        """One try under the process lock: reserve a slot and sleep until it."""
        if not self._store_usable():
            return await self._without_store()
        try:
            granted, wait = await self._check()
        except STORE_ERRORS as exc:
            self._store_failed(exc)
            return await self._without_store()
        self._store_answered()
        if wait > 0:
            self.stats.waited_seconds += wait
            await anyio.sleep(wait)
        if not granted:
            return "again"
        if anyio.current_time() < self._paused_until:
            return "again"  # a 429 of this process came in while we slept: give the slot up
        return "done"

    async def _check(self) -> tuple[bool, float]:
        """Ask Redis for a turn: (granted, seconds to wait before sending or asking again)."""
        if self._window is not None:
            return await self._window.check(self._redis, self._pause_key, self.stats)
        self.stats.round_trips += 1
        if self._adaptive:
            answer = await self._adaptive_reserve(
                keys=self._adaptive_keys, args=[repr(self._max_rate), repr(_CATCH_UP_SECONDS)]
            )
            wait, rest = _text(answer).split(" ", 1)
            self._note_rate(rest)
            return True, float(wait)
        answer = await self._reserve(
            keys=[self._next_key, self._pause_key],
            args=[repr(1.0 / self._max_rate), repr(_CATCH_UP_SECONDS)],
        )
        return True, float(answer)

    def _note_rate(self, answer: bytes | str) -> None:
        """Read "rate cuts" from a script's answer into the stats."""
        rate, cuts = _text(answer).split()
        self.stats.rate = float(rate)
        self.stats.rate_cuts = int(cuts)

    async def _without_store(self) -> Literal["done", "down"]:
        if self._fail_mode == "closed":
            return "down"
        await self._fallback.acquire()
        self.stats.fallback_acquired += 1
        return "done"

    async def _wait_out_pause(self) -> None:
        # A newer 429 can extend the pause while we sleep, so re-read it after each wake.
        while (remaining := self._paused_until - anyio.current_time()) > 0:  # noqa: ASYNC110
            await anyio.sleep(remaining)

    def _store_usable(self) -> bool:
        return self._health.usable()

    def _store_failed(self, exc: BaseException) -> None:
        self.stats.store_errors += 1
        self._health.failed(
            exc,
            f"failing closed after {self._max_wait:g}s"
            if self._fail_mode == "closed"
            else f"pacing locally at {self._fallback_rate:g} req/s",
        )

    def _store_answered(self) -> None:
        if self._health.answered():
            self.stats.recoveries += 1


def _moving_window(
    url: str, prefix: str, key_id: str, max_rate: float, socket_timeout: float
) -> MovingWindow:
    """The moving-window rate check; only this strategy needs :mod:`limits`."""
    try:
        from ._moving_window import MovingWindow
    except ImportError as exc:
        what = "RedisRateLimiter(strategy='moving-window')"
        raise (missing_extra(what, "moving-window", exc) or exc) from exc
    return MovingWindow(url, prefix, key_id, max_rate, connection_options(socket_timeout))
