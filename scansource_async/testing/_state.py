"""Mutable simulator state shared by the middleware and the routes: tokens, rate limits,
the request log, statistics, and the per-request context."""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, overload

import attrs

from ..resources._endpoints import API_LAYOUTS
from ._catalog import Catalog
from ._customers import SimulatedCustomer
from ._faults import FaultInjector

if TYPE_CHECKING:
    from .routes._router import Router

__all__ = [
    "REDACTED",
    "RequestContext",
    "RequestLog",
    "RequestRecord",
    "SimulatorState",
    "SimulatorStats",
    "TokenBucketLimiter",
    "TokenStore",
    "key_fingerprint",
]

REDACTED: Final = "***"


def key_fingerprint(key: str) -> str:
    """A short, stable fingerprint of a secret, safe to log and compare (never the secret)."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


@attrs.frozen(slots=True, kw_only=True)
class RequestRecord:
    """One request as the simulator saw it. Secrets are never stored.

    ``path`` is written as in the seeds (no leading slash), ``query`` holds the last value of
    each parameter, ``body`` is the parsed JSON (or form, with ``client_secret`` redacted;
    the raw text if it did not parse; None if empty). ``started``/``finished`` are
    ``time.monotonic()`` readings. ``fault`` names an injected fault ("error", "throttle",
    "drop", "slow_body") or "rate_limit" when the per-key limit answered 429.
    ``subscription_key_hash`` is :func:`key_fingerprint` of the key sent, if any.
    ``operation`` is the client's operation name the path matched (``"products.pricing"``),
    the same in either layout; None for the token endpoint and unknown paths.
    """

    method: str
    path: str
    query: Mapping[str, str]
    body: Any
    status: int
    started: float
    finished: float
    fault: str | None
    subscription_key_hash: str | None
    request_id: str
    operation: str | None = None

    @property
    def duration(self) -> float:
        return self.finished - self.started


class RequestLog(Sequence[RequestRecord]):
    """The request log: a read-only sequence of :class:`RequestRecord`, oldest first."""

    def __init__(self, maxlen: int | None = None) -> None:
        self._records: deque[RequestRecord] = deque(maxlen=maxlen)
        self.enabled = maxlen != 0

    def append(self, record: RequestRecord) -> None:
        self._records.append(record)

    def clear(self) -> None:
        self._records.clear()

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> RequestRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[RequestRecord]: ...
    def __getitem__(self, index: int | slice) -> RequestRecord | list[RequestRecord]:
        if isinstance(index, slice):
            return list(self._records)[index]
        return self._records[index]

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self._records)

    def __repr__(self) -> str:
        return f"<RequestLog of {len(self)} requests>"

    def filter(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        fault: str | None = None,
        operation: str | None = None,
    ) -> list[RequestRecord]:
        """Records matching every given criterion (``path`` without leading slash;
        ``operation`` as in the client's endpoint table, the same in either layout)."""
        return [
            r
            for r in self._records
            if (method is None or r.method == method)
            and (path is None or r.path == path)
            and (operation is None or r.operation == operation)
            and (status is None or r.status == status)
            and (fault is None or r.fault == fault)
        ]


class SimulatorStats:
    """Counters kept by the middleware. ``reset()`` zeroes them; ``reset_peak()`` only the peak."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.peak_in_flight = self.in_flight
        self.tokens_issued = 0
        self.status_counts: Counter[int] = Counter()
        self.fault_counts: Counter[str] = Counter()

    def reset_peak(self) -> None:
        self.peak_in_flight = self.in_flight

    def __repr__(self) -> str:
        return (
            f"SimulatorStats(requests={self.requests}, peak_in_flight={self.peak_in_flight}, "
            f"tokens_issued={self.tokens_issued}, status_counts={dict(self.status_counts)}, "
            f"fault_counts={dict(self.fault_counts)})"
        )


class TokenStore:
    """Bearer tokens issued by the token endpoint, each valid for ``lifetime`` seconds."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        if not lifetime > 0:
            raise ValueError("token_lifetime must be > 0 seconds")
        self.lifetime = float(lifetime)
        self._clock = clock
        self._expiry: dict[str, float] = {}

    @property
    def expires_in(self) -> int:
        """The ``expires_in`` the endpoint reports (whole seconds, at least 1)."""
        return max(1, math.ceil(self.lifetime))

    def issue(self) -> str:
        now = self._clock()
        if len(self._expiry) > 10_000:  # drop expired tokens now and then; bounded memory
            self._expiry = {t: e for t, e in self._expiry.items() if e > now}
        token = secrets.token_urlsafe(32)
        self._expiry[token] = now + self.lifetime
        return token

    def is_valid(self, token: str) -> bool:
        expiry = self._expiry.get(token)
        return expiry is not None and self._clock() < expiry

    def was_issued(self, token: str) -> bool:
        """Whether the token was issued here (and not yet forgotten), expired or not."""
        return token in self._expiry

    def expire_all(self) -> None:
        """Make every issued token invalid at once (tests of the client's 401 → refresh path)."""
        self._expiry.clear()


class TokenBucketLimiter:
    """A per-key token bucket: capacity ``burst`` (default: one second's worth, ``rate``, but at
    least one request), refilled continuously at ``rate`` tokens per second."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not rate > 0:
            raise ValueError("rate_limit must be > 0 requests per second")
        self.rate = float(rate)
        self.capacity = float(burst if burst is not None else max(rate, 1.0))
        if self.capacity < 1:
            raise ValueError("the rate limit's burst capacity must be at least 1 request")
        self._clock = clock
        self._buckets: dict[str, list[float]] = {}

    def acquire(self, key: str) -> float:
        """Take a token for ``key``: 0.0 if granted, else the seconds until one is available."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = [self.capacity, now]
        tokens = min(self.capacity, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens >= 1.0 - 1e-9:  # tolerate float rounding at exactly one token
            bucket[0] = tokens - 1.0
            return 0.0
        bucket[0] = tokens
        return (1.0 - tokens) / self.rate


class RequestContext:
    """Per-request scratch space the middleware hands to routes through the ASGI scope."""

    __slots__ = ("body", "json", "log_body", "operation")

    def __init__(self, body: bytes) -> None:
        self.body = body
        #: the endpoint-table operation the router matched (None: token, unknown path)
        self.operation: str | None = None
        #: what the request log stores as the body; routes set it (redacted) when they parse
        self.log_body: Any = _UNSET
        self.json: Any = _UNSET


_UNSET: Final[Any] = object()


class SimulatorState:
    """Everything the routes and the middleware share. One per :class:`Simulator`."""

    UNSET: Final[Any] = _UNSET

    def __init__(
        self,
        *,
        seed: int,
        catalog: Catalog,
        customers: Mapping[str, SimulatedCustomer],
        default_customer: str,
        max_lines: int,
        max_page_size: int,
        default_page_size: int,
        subscription_keys: Sequence[str],
        clients: Mapping[str, str],
        token_lifetime: float,
        rate_limit: float | None,
        faults: FaultInjector,
        developer_email: str,
        request_log_size: int | None,
        api_layout: str = "gateway",
        order_visibility_delay: float = 0.0,
    ) -> None:
        if max_lines < 1:
            raise ValueError("max_lines must be at least 1")
        if not subscription_keys:
            raise ValueError("at least one subscription key is needed")
        if api_layout not in API_LAYOUTS:
            raise ValueError(f"api_layout must be one of {', '.join(API_LAYOUTS)}")
        if order_visibility_delay < 0:
            raise ValueError("order_visibility_delay must not be negative")
        self.api_layout = api_layout
        #: seconds before an order placed with createAsync shows in list/find (gateway)
        self.order_visibility_delay = order_visibility_delay
        #: set by build_app: the router of this layout (the middleware asks it for fault keys)
        self.router: Router = None  # type: ignore[assignment]
        self.seed = seed
        self.catalog = catalog
        self.customers = dict(customers)
        self.default_customer = default_customer
        self.max_lines = max_lines
        self.max_page_size = max_page_size
        self.default_page_size = default_page_size
        self.subscription_keys = tuple(subscription_keys)
        # header bytes → fingerprint, so the hot path checks a key with one dict lookup
        self.key_fingerprints = {k.encode("latin-1"): key_fingerprint(k) for k in subscription_keys}
        self.clients = dict(clients)
        self.tokens = TokenStore(token_lifetime)
        self.limiter: TokenBucketLimiter | None = None
        self.set_rate_limit(rate_limit)
        self.faults = faults
        self.developer_email = developer_email
        self.requests = RequestLog(request_log_size)
        self.stats = SimulatorStats()
        self.throttled_until = 0.0
        #: per-API-group state that later route modules keep (carts, orders …), by group name
        self.groups: dict[str, Any] = {}
        self._request_counter = 0
        self._request_id_prefix = f"{seed & 0xFFFFFFFF:08x}-5c5c-4000-8000-"

    def set_rate_limit(self, rate: float | None, burst: float | None = None) -> None:
        self.limiter = None if rate is None else TokenBucketLimiter(rate, burst)

    def next_request_id(self) -> str:
        """A UUID-shaped, deterministic request id."""
        self._request_counter += 1
        return f"{self._request_id_prefix}{self._request_counter:012x}"
