"""Events the client reports while it works: retries, rate-limit waits, bulk-job progress.

Pass a callback (``on_progress=``) to a bulk job to receive them; they are plain attrs classes.
"""

from __future__ import annotations

import attrs

__all__ = ["Event", "ProgressEvent", "RateLimitEvent", "RetryEvent"]


@attrs.frozen(kw_only=True)
class RetryEvent:
    """An attempt failed and will be retried after ``wait`` seconds."""

    method: str
    path: str
    attempt: int
    wait: float
    reason: str


@attrs.frozen(kw_only=True)
class RateLimitEvent:
    """The API answered 429: the whole client pauses for ``wait`` seconds."""

    method: str
    path: str
    wait: float


@attrs.frozen(kw_only=True)
class ProgressEvent:
    """A bulk job's progress after a chunk finished."""

    items_done: int
    items_failed: int
    items_total: int | None
    chunks_done: int
    chunks_in_flight: int
    retries: int
    rate_limit_waits: int
    elapsed: float
    items_per_second: float
    eta: float | None


Event = RetryEvent | RateLimitEvent | ProgressEvent
