"""The data of one logical call: its options, where it goes, what each attempt left behind.

Shared by the request pipeline's call loop, its error mapping and its event emission, so none of
them needs another's module.
"""

from __future__ import annotations

import attrs

from ._config import Timeout
from ._http import HttpResponse
from ._retry import RetryPolicy
from .errors import ScanSourceError

__all__ = ["Attempt", "CallOptions", "CallState", "PipelineStats", "Target", "TransportStats"]


@attrs.frozen(kw_only=True)
class CallOptions:
    """The per-call settings of one logical request."""

    timeout: Timeout
    retry: RetryPolicy
    deadline: float | None = None
    retry_safe: bool = True
    operation: str | None = None
    reference: str | None = None


@attrs.define
class PipelineStats:
    """Counters over the life of a client (shared by its ``with_options`` copies)."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    failures: int = 0
    # Price cache lookups (``ScanSourceClient(price_cache=...)``), counted per line.
    cache_hits: int = 0
    cache_misses: int = 0
    cache_stale_hits: int = 0


@attrs.frozen
class Target:
    """Where one call goes and what it carries besides the caller's body."""

    url: str
    path: str  # as shown in errors and logs
    content_type: str | None = None
    authenticate: bool = True  # API calls: paced, with the key and the token


@attrs.define
class Attempt:
    """What a finished attempt left behind: a response or a typed error."""

    response: HttpResponse | None = None
    error: ScanSourceError | None = None


@attrs.define
class CallState:
    """What the attempts of one call have learned so far (read by events and errors)."""

    call_id: int = 0
    items: int | None = None
    attempts: int = 0
    attempt_started: float = 0.0
    status_code: int | None = None
    request_id: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    refreshed: bool = False
    in_request: bool = False
    last_error: ScanSourceError | None = None


#: The 0.1.0 name of :class:`PipelineStats`, kept so code written against it still runs.
TransportStats = PipelineStats
