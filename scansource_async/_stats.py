"""``client.stats``: the transport's counters plus what the client has learned of the API."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ._limits import LocalRateLimiter, RateLimiter
from ._line_limit import LineLimits
from ._transport import PipelineStats

__all__ = ["ClientStats"]


@attrs.define(repr=False)
class ClientStats(PipelineStats):
    """Counters over the life of a client (shared by its ``with_options`` copies).

    The counters of :class:`PipelineStats` (``requests``, ``retries``, ``rate_limited`` for
    429s, ``failures``, price-cache lookups), plus what the client has learned of the API:
    ``rate`` and ``rate_cuts``, the rate limiter's current send rate and how often a 429 cut
    it, and ``learned_chunk_size``, the most lines per request the API was found to take.
    """

    limiter: RateLimiter | None = attrs.field(default=None, eq=False, kw_only=True)
    line_limits: LineLimits = attrs.field(factory=LineLimits, eq=False, kw_only=True)

    def __repr__(self) -> str:
        counters = ", ".join(
            f"{field.name}={getattr(self, field.name)!r}" for field in attrs.fields(PipelineStats)
        )
        return (
            f"ClientStats({counters}, rate={self.rate:.3g}, rate_cuts={self.rate_cuts},"
            f" learned_chunk_size={self.learned_chunk_size})"
        )

    @property
    def rate(self) -> float:
        """The send rate the rate limiter paces to now, in requests per second (with the
        adaptive rate, below ``max_rate`` after a 429 until it has grown back)."""
        if isinstance(self.limiter, LocalRateLimiter):
            return self.limiter.current_rate()  # the curve moves on between requests
        return 0.0 if self.limiter is None else self.limiter.stats.rate

    @property
    def rate_cuts(self) -> int:
        """How often a 429 cut the send rate (0 when the rate is not adaptive)."""
        return 0 if self.limiter is None else self.limiter.stats.rate_cuts

    @property
    def learned_chunk_size(self) -> int | None:
        """The most lines per request the API was found to take (the smallest over pricing
        and availability), or None while no request was refused for its size. Bulk jobs of
        this client use no larger chunks."""
        learned = self.line_limits.learned
        return min(learned.values()) if learned else None

    @property
    def learned_chunk_sizes(self) -> Mapping[str, int]:
        """The learned limit per bulk operation (``"products.pricing"``,
        ``"products.availability"``)."""
        return self.line_limits.learned
