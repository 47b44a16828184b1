"""Events the client reports while it works: each attempt's request and response, retries,
rate-limit waits, the end of each call, bulk-job progress and price-cache lookups.

Register a listener with ``client.add_listener(fn)`` to receive every event of a client, or pass
``on_progress=`` to a bulk job for that job's events. Events are plain attrs classes and carry no
secret: no subscription key, token, header or request body, only method, path, operation and
counts.
"""

from __future__ import annotations

import attrs

__all__ = [
    "CacheEvent",
    "CallEndEvent",
    "Event",
    "ProgressEvent",
    "RateLimitEvent",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
]


@attrs.frozen(kw_only=True)
class RequestEvent:
    """An attempt is about to be sent (after the rate limiter let it through).

    ``call_id`` is the same for every event of one logical call (all its attempts).
    """

    call_id: int
    operation: str | None
    method: str
    path: str
    attempt: int
    items: int | None = None
    """Pricing lines or availability items the request carries (None for other calls)."""


@attrs.frozen(kw_only=True)
class ResponseEvent:
    """An attempt ended: with an HTTP status, or with a network error (``status_code`` None).

    ``latency`` is the attempt's time on the wire in seconds; ``request_id`` the API's own id
    of the request (from its response headers) when it sent one.
    """

    call_id: int
    operation: str | None
    method: str
    path: str
    attempt: int
    status_code: int | None
    latency: float
    request_id: str | None = None
    error: str | None = None
    """The error type of a failed attempt (``"ServerError"``, ``"APITimeoutError"`` …)."""


@attrs.frozen(kw_only=True)
class RetryEvent:
    """An attempt failed and will be retried after ``wait`` seconds."""

    method: str
    path: str
    attempt: int
    wait: float
    reason: str
    call_id: int | None = None
    operation: str | None = None


@attrs.frozen(kw_only=True)
class RateLimitEvent:
    """The API answered 429: the whole client pauses for ``wait`` seconds."""

    method: str
    path: str
    wait: float
    call_id: int | None = None
    operation: str | None = None


@attrs.frozen(kw_only=True)
class CallEndEvent:
    """A logical call finished, successfully or not, after ``attempts`` attempts.

    ``duration`` covers every attempt and wait of the call (rate limiter, backoff). ``error``
    is the type of the exception the call raised (None on success); ``status_code`` the last
    HTTP status seen, if any.
    """

    call_id: int
    operation: str | None
    method: str
    path: str
    attempts: int
    duration: float
    status_code: int | None
    request_id: str | None = None
    error: str | None = None
    items: int | None = None
    """Pricing lines or availability items the call carried (None for other calls)."""


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


@attrs.frozen(kw_only=True)
class CacheEvent:
    """The price cache was consulted for ``hits + misses + stale_hits`` lines of one call.

    ``stale_hits`` were served from an entry past its TTL (within ``stale_ttl``) while one
    refresh per key runs in the background.
    """

    operation: str
    hits: int
    misses: int
    stale_hits: int = 0


Event = (
    RequestEvent
    | ResponseEvent
    | RetryEvent
    | RateLimitEvent
    | CallEndEvent
    | ProgressEvent
    | CacheEvent
)
