"""Retry policy in small named steps: should we retry, how long to wait, what Retry-After says."""

from __future__ import annotations

import email.utils
import math
import random
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from ._validate import (
    check_non_negative,
    check_non_negative_int,
    check_positive,
    check_status_codes,
)
from .errors import (
    APIConnectionError,
    APIStatusError,
    ScanSourceError,
)

__all__ = [
    "DEFAULT_RETRY_STATUSES",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable",
    "parse_retry_after",
    "retry_wait",
]

# 500 too: a gateway's transient failure often shows as a bare 500. Only retry-safe
# operations are ever retried, so a create that got a 500 still raises OutcomeUnknownError.
DEFAULT_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _status_set(value: Any) -> Any:
    # Anything not a collection of codes is left for the validator to refuse by name.
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    return frozenset(value)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How failed attempts are retried.

    Args:
        max_retries: retries after the first attempt (0 disables retrying).
        backoff_base: the first backoff ceiling, in seconds; it doubles per retry.
        backoff_cap: the largest backoff ceiling, in seconds.
        max_retry_after: the longest Retry-After the client will wait; a longer one
            raises :class:`~scansource_async.errors.RateLimitError` at once.
        retry_statuses: HTTP statuses that are retried (default 429, 500, 502, 503, 504);
            retried only for retry-safe operations, never for creates.
    """

    max_retries: int = attrs.field(default=3, validator=check_non_negative_int)
    backoff_base: float = attrs.field(default=0.25, validator=check_positive)
    backoff_cap: float = attrs.field(default=8.0, validator=check_positive)
    max_retry_after: float = attrs.field(default=60.0, validator=check_non_negative)
    retry_statuses: frozenset[int] = attrs.field(
        default=DEFAULT_RETRY_STATUSES, converter=_status_set, validator=check_status_codes
    )


def is_retryable(policy: RetryPolicy, error: ScanSourceError) -> bool:
    """Whether a failed attempt may be tried again (ignoring how many tries are left)."""
    if isinstance(error, APIStatusError):
        return error.status_code in policy.retry_statuses
    return isinstance(error, APIConnectionError)


def backoff_delay(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**(n-1))]."""
    # The exponent is bounded: past 2**64 the cap applies anyway, and a float overflows.
    ceiling = min(policy.backoff_cap, policy.backoff_base * 2.0 ** min(retry_number - 1, 64))
    return rng.uniform(0.0, ceiling)


def retry_wait(
    policy: RetryPolicy, retry_number: int, retry_after: float | None, rng: random.Random
) -> float | None:
    """How long to wait before retry ``retry_number``: the server's Retry-After when it sent
    one, else the backoff. None when the server asks for longer than ``max_retry_after``."""
    if retry_after is None:
        return backoff_delay(policy, retry_number, rng)
    return retry_after if retry_after <= policy.max_retry_after else None


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date).

    ``headers`` must look up names case-insensitively (httpx.Headers does) or hold them in
    lower case. Returns None when neither header is present or readable.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        seconds = _parse_number(raw_ms)
        if seconds is not None:
            return seconds / 1000.0
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _parse_number(raw)
    if seconds is not None:
        return seconds
    return _parse_http_date(raw, now or datetime.now(UTC))


def _parse_number(raw: str) -> float | None:
    try:
        value = float(raw.strip())
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return max(0.0, value)


def _parse_http_date(raw: str, now: datetime) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
