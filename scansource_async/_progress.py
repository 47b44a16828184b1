"""A bulk job's running counts, and the progress event built from them."""

from __future__ import annotations

import time

import attrs

from .events import Event, ProgressEvent, RateLimitEvent, RetryEvent

__all__ = ["Progress"]


@attrs.define
class Progress:
    started: float
    total: int | None
    items_done: int = 0
    items_failed: int = 0
    chunks_done: int = 0
    retries: int = 0
    rate_limit_waits: int = 0

    def count(self, items: int, failed: bool) -> None:
        self.items_done += items
        if failed:
            self.items_failed += items

    def heard(self, event: Event) -> None:
        """An event of one of the job's requests (a retry, a 429 wait)."""
        if isinstance(event, RetryEvent):
            self.retries += 1
        elif isinstance(event, RateLimitEvent):
            self.rate_limit_waits += 1

    def event(self, in_flight: int) -> ProgressEvent:
        elapsed = time.monotonic() - self.started
        rate = self.items_done / elapsed if elapsed > 0 else 0.0
        eta = None
        if self.total is not None and rate > 0:
            eta = max(0, self.total - self.items_done) / rate
        return ProgressEvent(
            items_done=self.items_done,
            items_failed=self.items_failed,
            items_total=self.total,
            chunks_done=self.chunks_done,
            chunks_in_flight=in_flight,
            retries=self.retries,
            rate_limit_waits=self.rate_limit_waits,
            elapsed=elapsed,
            items_per_second=rate,
            eta=eta,
        )
