"""Request pacing: the rate limiter interface, its in-process implementation, the 429 pause,
and the adaptive rate (cut on a 429, regrown along a CUBIC curve).

The in-flight cap lives in ``_in_flight.py``; the rate's pacing lives here so that a limiter
shared across processes (Redis) can replace the local one without touching it.
"""

from __future__ import annotations

import collections
import math
from typing import Protocol, runtime_checkable

import anyio
import attrs

from . import _checks as checks

__all__ = ["CubicRate", "LimiterStats", "LocalRateLimiter", "RateLimiter"]


@attrs.define
class LimiterStats:
    """What a limiter has done so far, and the rate it paces to now."""

    acquired: int = 0
    pauses: int = 0
    paused_seconds: float = 0.0
    rate: float = 0.0
    """The send rate now, in requests per second."""
    rate_cuts: int = 0
    """How often a 429 cut the send rate (adaptive rate only)."""


@runtime_checkable
class RateLimiter(Protocol):
    """Paces requests: one ``acquire()`` before each attempt.

    ``pause(seconds)`` is called when the API answers 429: every later ``acquire()`` of every
    request sharing the limiter waits until the pause is over. An adaptive limiter also cuts
    its rate there.

    ``stats`` is read-only here, so an implementation may keep a subclass of
    :class:`LimiterStats` with counters of its own.
    """

    @property
    def stats(self) -> LimiterStats: ...

    async def acquire(self) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def aclose(self) -> None: ...


#: the share of one second's worth of requests the fixed-rate limiter lets through at once
BURST_FRACTION = 0.9
#: how far the adaptive limiter's schedule may fall behind and still catch up (seconds' worth)
ADAPTIVE_BURST_SECONDS = 0.05
#: a request that gets its slot this much later than the slot's time has seen the event loop
#: stall (a long garbage collection, a blocking call): slots that passed meanwhile, up to
#: STALL_CATCH_UP seconds' worth, are handed out at once rather than lost, for STALL_CATCH_UP
#: seconds after it
STALL_LATENESS = 0.05
STALL_CATCH_UP = 0.25

# CUBIC (RFC 9438) in requests per second, with the AWS SDKs' adaptive-retry constants: after
# a 429 the rate drops to BETA times the measured rate, then grows back along
# rate(t) = C (t - K)^3 + W_max, K = cbrt(W_max (1 - BETA) / C), reaching the rate measured at
# the 429 (W_max) after K seconds, flat around it, then probing above it up to max_rate.
CUBIC_BETA = 0.7
CUBIC_C = 0.4
#: the lowest rate a cut goes to (requests per second)
MIN_RATE = 0.5
#: the window over which the achieved rate is measured (seconds)
MEASURE_WINDOW = 2.0
#: the shortest span a measurement divides by: over the first second of sending, the count so
#: far is taken as the rate (an API's burst allowance would otherwise look like its rate)
MEASURE_MIN_SPAN = 1.0
#: 429s this soon after the end of the pause of the last cut answer requests sent before it:
#: they belong to the same overload and do not cut again
CUT_SPACING = 0.25
#: how often a request waiting for its slot looks whether the adaptive rate has grown back
#: (seconds), and by how much it must have grown for the waiting slots to be laid out anew
REGROWTH_CHECK = 0.25
REGROWTH_FACTOR = 1.25


class CubicRate:
    """The adaptive send rate: cut on a 429 to a fraction of the measured rate, then regrown
    along a CUBIC curve toward ``max_rate``.

    The measured rate is what got through in the last ``MEASURE_WINDOW`` seconds: requests
    sent minus those answered 429. Two seconds, not one: an API with a one-second bucket hands
    out a second's worth on top of its rate just before it answers 429, and a shorter window
    would take that for the rate. A cut never goes above ``BETA`` times the current rate, so
    repeated overloads keep lowering it; 429s within ``CUT_SPACING`` after the last cut's
    pause (answers to requests sent before it) do not cut again. When the measured rate is
    below the last plateau, the new plateau is set lower still (CUBIC's fast convergence), so
    the curve spends its flat part under the limit rather than on it.
    """

    def __init__(self, max_rate: float) -> None:
        self.max_rate = float(max_rate)
        self.cuts = 0
        self._w_max = self.max_rate
        self._floor = self.max_rate  # the rate right after the last cut
        self._grow_from: float | None = None  # when the curve starts (end of the cut's pause)
        self._k = 0.0
        self._quiet_until = -math.inf
        self._sent: collections.deque[float] = collections.deque()
        self._throttled: collections.deque[float] = collections.deque()

    def rate(self, now: float) -> float:
        """The rate to pace to at ``now``."""
        if self._grow_from is None:
            return self.max_rate
        t = now - self._grow_from
        if t <= 0:
            return self._floor
        return min(self.max_rate, max(self._floor, CUBIC_C * (t - self._k) ** 3 + self._w_max))

    def sent(self, now: float) -> None:
        self._sent.append(now)
        self._forget(self._sent, now)

    def measured(self, now: float) -> float:
        """Requests per second that got through in the last ``MEASURE_WINDOW`` seconds (or
        since sending began, counted as at least ``MEASURE_MIN_SPAN``)."""
        self._forget(self._sent, now)
        self._forget(self._throttled, now)
        if not self._sent:
            return 0.0
        span = min(MEASURE_WINDOW, max(MEASURE_MIN_SPAN, now - self._sent[0]))
        return max(0.0, len(self._sent) - len(self._throttled)) / span

    def throttled(self, now: float, resume_at: float) -> bool:
        """A 429 at ``now``; the client resumes at ``resume_at``. True when the rate was cut."""
        self._throttled.append(now)
        if now < self._quiet_until:
            return False
        current = self.rate(now)
        achieved = min(self.measured(now), current)
        if achieved < self._w_max:
            # Fast convergence (RFC 9438 4.7): the limit is lower than at the last cut, so
            # plateau a little below what got through, and probe up from there slowly.
            achieved *= (1 + CUBIC_BETA) / 2
        self._w_max = max(MIN_RATE, achieved)
        self._floor = max(MIN_RATE, min(CUBIC_BETA * achieved, CUBIC_BETA * current))
        self._k = (max(0.0, self._w_max - self._floor) / CUBIC_C) ** (1 / 3)
        self._grow_from = resume_at
        self._quiet_until = resume_at + CUT_SPACING
        self.cuts += 1
        return True

    @staticmethod
    def _forget(times: collections.deque[float], now: float) -> None:
        while times and times[0] <= now - MEASURE_WINDOW:
            times.popleft()


class LocalRateLimiter:
    """An in-process limiter: requests paced on a schedule (GCRA) plus the 429 pause.

    ``adaptive=False``: a fixed ``max_rate`` with a burst of up to 0.9 s worth of requests after
    an idle spell. ``adaptive=True`` (what :class:`ScanSourceClient` uses by default): the rate
    is cut on each 429 and grows back toward ``max_rate`` (:class:`CubicRate`), and the burst is
    only a few tens of milliseconds' worth. Either way a pause ends with requests at the paced
    rate: what the schedule could have handed out during the pause is not handed out after it.
    """

    def __init__(self, max_rate: float, *, adaptive: bool = False) -> None:
        checks.positive_number(max_rate, "max_rate")
        self._max_rate = float(max_rate)
        self._adaptive = CubicRate(max_rate) if adaptive else None
        if adaptive:
            self._burst_seconds = ADAPTIVE_BURST_SECONDS
        else:
            # A burst of 0.9 s worth, not the API's whole second: after a burst both buckets
            # would otherwise be empty, and a request reaching the server a millisecond earlier
            # than we paced it (event-loop jitter) is a 429. The 10% left in the API's bucket
            # absorbs 100 ms of such jitter; the steady rate is still max_rate
            # (benchmarks/ceiling.py). Below 10 requests/s: one second's worth.
            burst = max(1.0, max_rate * BURST_FRACTION if max_rate >= 10 else max_rate)
            self._burst_seconds = (burst - 1.0) / max_rate
        self._next_at = -math.inf  # GCRA: the theoretical time of the next send
        # Bumped by each 429: slots reserved before it (at the old rate, maybe inside the
        # pause) are given up and taken again on the new schedule.
        self._schedule = 0
        # The rate the slots handed out so far were spaced at: after a deep cut, requests
        # queued at the cut rate would otherwise wait out that spacing while the rate regrows.
        self._laid_at_rate = self._max_rate
        self._paused_until = 0.0
        self._stall_seen_at = -math.inf  # when a request last got its slot late (a stall)
        self._waiters = 0  # acquire() calls not yet returned
        self.stats = LimiterStats(rate=self._max_rate)

    def __repr__(self) -> str:
        mode = "adaptive" if self._adaptive is not None else "fixed"
        try:  # live figures need the running event loop's clock
            now = anyio.current_time()
        except Exception:  # no event loop here (a repr in a debugger, a log line at exit)
            rate, paused, tokens = self.stats.rate, 0.0, None
        else:
            rate = self.current_rate()
            paused = max(0.0, self._paused_until - now)
            # Requests that may go at once now (the schedule's unused burst), as aiolimiter shows
            # its bucket's level; negative when requests have reserved slots ahead.
            tokens = (now + self._burst_seconds - self._next_at) * rate + 1
        level = "-" if tokens is None else f"{min(tokens, self._burst_seconds * rate + 1):.1f}"
        return (
            f"<LocalRateLimiter max_rate={self._max_rate:g} {mode} rate={rate:.4g}/s"
            f" tokens={level} waiters={self._waiters} paused_for={paused:.3f}s"
            f" acquired={self.stats.acquired} pauses={self.stats.pauses}"
            f" rate_cuts={self.stats.rate_cuts}>"
        )

    @property
    def max_rate(self) -> float:
        return self._max_rate

    @property
    def adaptive(self) -> bool:
        return self._adaptive is not None

    def current_rate(self) -> float:
        """The rate paced to now (requests per second)."""
        if self._adaptive is None:
            return self._max_rate
        self.stats.rate = self._adaptive.rate(anyio.current_time())
        return self.stats.rate

    async def acquire(self) -> None:
        self._waiters += 1
        try:
            await self._acquire()
        finally:
            self._waiters -= 1

    async def _acquire(self) -> None:
        while True:
            await self._wait_out_pause()
            schedule = self._schedule
            send_at = self._reserve(anyio.current_time())
            while (wait := send_at - anyio.current_time()) > 0 and schedule == self._schedule:
                if self._adaptive is None:
                    await anyio.sleep(wait)
                else:
                    await anyio.sleep(min(wait, REGROWTH_CHECK))
                    self._relay_if_regrown()
            # A 429 may have arrived while we waited for our slot: then queue again behind
            # its pause, at the rate it left.
            now = anyio.current_time()
            if schedule == self._schedule and now >= self._paused_until:
                if now - send_at > STALL_LATENESS:
                    self._stall_seen_at = now
                self.stats.acquired += 1
                if self._adaptive is not None:
                    self._adaptive.sent(now)
                return

    async def pause(self, seconds: float) -> None:
        now = anyio.current_time()
        until = now + seconds
        if until > self._paused_until:
            self._paused_until = until
            self.stats.pauses += 1
            self.stats.paused_seconds += seconds
        if self._adaptive is not None and self._adaptive.throttled(now, self._paused_until):
            self.stats.rate_cuts = self._adaptive.cuts
            self.current_rate()
        # No burst after the pause: the first request goes when it ends, the next ones at the
        # paced rate, whatever the schedule had saved up; slots already handed out are void.
        self._next_at = self._paused_until + self._burst_seconds
        self._schedule += 1
        self._laid_at_rate = self.current_rate()

    async def aclose(self) -> None:
        return None

    def _relay_if_regrown(self) -> None:
        """Give up the slots handed out at a rate the adaptive curve has since outgrown: the
        requests waiting for them take new ones, from now on, at the current rate."""
        rate = self.current_rate()
        if rate >= self._laid_at_rate * REGROWTH_FACTOR:
            now = anyio.current_time()
            self._next_at = max(now, self._paused_until) + self._burst_seconds
            self._schedule += 1
            self._laid_at_rate = rate

    def _reserve(self, now: float) -> float:
        """Take the next send slot on the schedule; return when it is.

        A schedule left behind by idleness restarts now (what was not used is gone); one left
        behind by a stall, seen within the last STALL_CATCH_UP seconds, restarts at most that
        far back, so the requests that were queued get the slots the stall took.
        """
        interval = 1.0 / self.current_rate()
        due = self._next_at
        if due < now:
            stalled = now - self._stall_seen_at <= STALL_CATCH_UP
            due = max(due, now - STALL_CATCH_UP) if stalled else now
        send_at = max(now, due - self._burst_seconds)
        self._next_at = due + interval
        return send_at

    async def _wait_out_pause(self) -> None:
        # A newer 429 can extend the pause while we sleep, so re-read it after each wake.
        while (remaining := self._paused_until - anyio.current_time()) > 0:  # noqa: ASYNC110
            await anyio.sleep(remaining)
