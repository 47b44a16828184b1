"""The in-flight cap, and the pacing that spreads a full window of requests over the round trip.

A client that sends the next request the moment a slot frees keeps its requests in step:
when they reach the server together they queue behind one another there, and they come back
together to be sent together again. Against a server that serialises any part of its work (a
single event loop, one lock, one database connection) every round trip then carries the
others' service time. While the cap is full, or was within the last two round trips (so the
window is what bounds throughput), each request goes out at least ``round trip / (cap ×
PACING_GAIN)`` after the last paced one, as TCP pacing spreads a congestion window over the
round trip. Otherwise nothing waits, so a burst of calls from idle goes out at once; nor
when that gap is under ``MIN_PACING_GAP``, which a timer cannot keep.
``PACING_GAIN`` keeps the paced rate above what the cap allows, so pacing only ever spreads a
full window in time, never lowers its ceiling.
"""

from __future__ import annotations

import asyncio
import math
import time

__all__ = [
    "FULL_WINDOW_MEMORY",
    "MIN_PACING_GAP",
    "PACING_GAIN",
    "ROUND_TRIP_WINDOW",
    "InFlightCap",
    "RoundTripFloor",
]

#: how much faster than ``cap / round trip`` a full window is paced
PACING_GAIN = 1.25
#: the shortest gap worth pacing to: asyncio's timers wake on whole milliseconds at best, and
#: each paced wait is one more turn of the event loop (in a client bound by its own CPU, pacing
#: to a 1 ms gap cost about a tenth of its throughput)
MIN_PACING_GAP = 0.002
#: for how many round trips after the cap was last full requests are still paced
FULL_WINDOW_MEMORY = 2.0
#: seconds per window of the round-trip floor (the least of the current and the last window)
ROUND_TRIP_WINDOW = 5.0


class RoundTripFloor:
    """The shortest round trip seen lately: the least of the current and the previous window,
    so that it follows a server that became slower within two windows."""

    def __init__(self, window: float = ROUND_TRIP_WINDOW) -> None:
        self._window = window
        self._started = -math.inf
        self._current = math.inf
        self._previous = math.inf

    def add(self, seconds: float, now: float) -> None:
        if now - self._started >= self._window:
            self._previous, self._current, self._started = self._current, math.inf, now
        if seconds < self._current:
            self._current = seconds

    @property
    def seconds(self) -> float | None:
        """The floor, or None before the first round trip."""
        floor = min(self._current, self._previous)
        return None if floor == math.inf else floor


class InFlightCap:
    """The in-flight cap: an asyncio semaphore that counts its holders (anyio's CapacityLimiter
    did the same at several times the cost per request), pacing the requests that fill it."""

    def __init__(self, total: int, *, pacing: bool = True) -> None:
        self._semaphore = asyncio.Semaphore(total)
        self._total = total
        self._pacing = pacing
        self._next_paced_send = 0.0
        self._full_at = -math.inf
        self.round_trip = RoundTripFloor()
        self.borrowed = 0
        self.waiting = 0  # requests queued for a slot
        self.paced = 0  # requests that waited for their paced send time

    def __repr__(self) -> str:
        pace = ""
        if self._pacing and (gap := self.pacing_gap()):
            pace = f" pacing_gap={gap * 1000:.2f}ms paced={self.paced}"
        return f"<InFlightCap borrowed={self.borrowed}/{self._total} waiting={self.waiting}{pace}>"

    def pacing_gap(self) -> float:
        """Seconds between the sends of requests that fill the cap: 0 before any round trip,
        and when shorter than ``MIN_PACING_GAP``."""
        floor = self.round_trip.seconds
        gap = 0.0 if floor is None else floor / (self._total * PACING_GAIN)
        return gap if gap >= MIN_PACING_GAP else 0.0

    def record_round_trip(self, seconds: float) -> None:
        """One answered attempt took ``seconds`` from sending to its whole body."""
        self.round_trip.add(seconds, time.monotonic())

    async def __aenter__(self) -> None:
        semaphore = self._semaphore
        if semaphore.locked():
            self.waiting += 1
            try:
                await semaphore.acquire()
            finally:
                self.waiting -= 1
        else:
            await semaphore.acquire()
        self.borrowed += 1
        delay = self._paced_delay() if self._pacing else 0.0
        # Otherwise let the other requests that got past the rate limiter start too before
        # this one goes out, as a burst (as CapacityLimiter's checkpoint did): a 429 answered
        # to this one then cannot hold back requests that were already on their way.
        try:
            await asyncio.sleep(delay)
        except BaseException:
            # Cancelled here, ``async with`` never calls __aexit__: give the slot back, or
            # every such cancellation would shrink the cap for good (and finally deadlock).
            self.borrowed -= 1
            self._semaphore.release()
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        self.borrowed -= 1
        self._semaphore.release()

    def _paced_delay(self) -> float:
        """How long this request waits for its paced send time: none unless the cap is full
        now or was within the last two round trips (a window that fills once per round trip
        plus the time to read each answer and send the next)."""
        gap = self.pacing_gap()
        if not gap:
            return 0.0
        now = time.monotonic()
        if self.borrowed == self._total:
            self._full_at = now
        elif now - self._full_at > FULL_WINDOW_MEMORY * (self.round_trip.seconds or 0.0):
            return 0.0
        send_at = max(now, self._next_paced_send)
        self._next_paced_send = send_at + gap
        if send_at > now:
            self.paced += 1
        return send_at - now
