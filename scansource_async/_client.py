"""ScanSourceClient: one object, resources as attributes, ``async with`` lifecycle."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import attrs

from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_SCOPE,
    DEFAULT_TIMEOUT,
    DEFAULT_TOKEN_URL,
    ClientConfig,
    Timeout,
    config_from_env,
)
from ._http import HttpxTransport
from ._json import dumps
from ._limits import LocalRateLimiter, RateLimiter
from ._line_limit import LineLimits
from ._listeners import AnyListener
from ._options import (
    DEFAULT_OPTIONS,
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    NotGiven,
    RequestOptions,
    TimeoutArg,
)
from ._price_cache import PriceCacheBackend
from ._resource_groups import ResourceGroups
from ._retry import RetryPolicy
from ._stats import ClientStats
from ._transport import CallOptions, RequestPipeline
from ._urls import build_path, clean_params
from ._validate import validate_arguments
from .errors import ValidationError

__all__ = ["ScanSourceClient"]

_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"})


class ScanSourceClient(ResourceGroups):
    """Async client for the ScanSource Partner API.

    Use it as an async context manager and keep one for the life of your application:
    it holds the connection pool, the rate limiter and the token cache::

        async with ScanSourceClient(subscription_key="...", customer_number="...") as client:
            products = await client.products.pricing([PricingLine("ABC-123")])

    Args:
        subscription_key: the APIM subscription key (``Ocp-Apim-Subscription-Key``).
        customer_number: the default customer number; every call can override it.
        base_url: the API's base URL; seed paths such as ``product/pricing`` are joined onto it.
        client_id, client_secret: OAuth2 client credentials; when set, every call also sends a
            bearer token fetched from ``token_url`` for ``scope``.
        max_rate: requests per second, shared by every call of this client.
        adaptive_rate: on a 429, cut the send rate to a fraction of the rate actually achieved,
            then grow it back toward ``max_rate`` (CUBIC); ``False`` paces at ``max_rate``
            throughout. Applies to the client's own limiter, not to a ``rate_limiter`` passed in.
        max_in_flight: requests on the wire at once.
        pace_in_flight: while all ``max_in_flight`` slots are busy, send the request that
            fills the last one no sooner than the shortest recent round trip
            ÷ (``max_in_flight`` × 1.25) after the previous such request, so a full window
            reaches the server spread out rather than in step (``True`` by default; below the
            cap nothing waits, nor when that gap would be under 2 ms).
        max_retries: retries after a failed attempt (overrides ``retry.max_retries``).
        timeout: per-attempt timeout in seconds, or a :class:`Timeout` (its ``total`` bounds
            a whole attempt, 60 s by default).
        deadline: default overall deadline of one call, in seconds (all attempts and waits).
        transport: an httpx transport (the simulator's, or one for tests); needs the httpx
            backend.
        rate_limiter: a :class:`RateLimiter` to share one rate across processes (it decides
            for itself whether it adapts; :class:`RedisRateLimiter` does by default).
        retry: backoff settings (:class:`RetryPolicy`).
        chunk_size: lines per pricing/availability request in bulk jobs.
        page_size: items per page for paged endpoints.
        api_layout: ``"gateway"`` (default: the production gateway, ``scsc/{group}/v{n}/...``
            with identifiers as query parameters) or ``"legacy"`` (the seeds' paths).
        routes: per-operation route overrides, e.g.
            ``{"sales_orders.cancel": "scsc/salesorder/v1/cancel"}``; identifiers the route
            does not place are sent as query parameters.
        price_cache: a :class:`PriceCache` (in-process) or :class:`RedisPriceCache` (shared by
            processes) that ``products.price()`` and ``products.pricing()`` read through; bulk
            jobs use it only when called with ``use_cache=True``.
        http_backend: the HTTP library to send with: ``"httpx"`` (the default) or
            ``"aiohttp"`` (the ``[aiohttp]`` extra; faster, about half the CPU per request).
        max_response_bytes: the largest response body read, counted after decompression
            (32 MiB by default); a larger one ends the attempt with
            :class:`ResponseTooLargeError`, and is not retried.
        proxy: an ``http://`` (or ``https://``) proxy URL every request goes through, the
            token request included; it may carry credentials (``http://user:pass@host:3128``),
            which never appear in reprs, logs or errors. Env ``SCANSOURCE_PROXY``.
        verify: ``True`` (verify TLS against the default CA bundle), ``False`` (do not
            verify), a path to a CA bundle file or directory, or an :class:`ssl.SSLContext`.
        trust_env: read ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` from
            the environment when no ``proxy`` is given (``True`` by default, as in httpx).
    """

    @validate_arguments
    def __init__(
        self,
        *,
        subscription_key: str,
        customer_number: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_url: str = DEFAULT_TOKEN_URL,
        scope: str = DEFAULT_SCOPE,
        max_rate: float = 10.0,
        adaptive_rate: bool = True,
        max_in_flight: int = 16,
        pace_in_flight: bool = True,
        max_retries: int | None = None,
        timeout: float | Timeout | None = DEFAULT_TIMEOUT,
        deadline: float | None = None,
        transport: HttpxTransport | None = None,
        rate_limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        chunk_size: int = 40,
        page_size: int = 100,
        api_layout: str = "gateway",
        routes: Mapping[str, str] | None = None,
        price_cache: PriceCacheBackend | None = None,
        http_backend: str = "httpx",
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        trust_env: bool = True,
    ) -> None:
        retry = retry or RetryPolicy()
        if max_retries is not None:
            retry = _evolve_retry(retry, max_retries)
        self._config = ClientConfig(
            subscription_key=subscription_key,
            customer_number=customer_number,
            base_url=base_url,
            client_id=client_id,
            client_secret=client_secret,
            token_url=token_url,
            scope=scope,
            max_rate=max_rate,
            max_in_flight=max_in_flight,
            pace_in_flight=pace_in_flight,
            timeout=timeout,
            deadline=deadline,
            retry=retry,
            chunk_size=chunk_size,
            page_size=page_size,
            api_layout=api_layout,
            routes=dict(routes or {}),
            http_backend=http_backend,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            verify=verify,
            trust_env=trust_env,
        )
        if transport is not None and self._config.http_backend != "httpx":
            raise ValidationError("transport= is an httpx transport: it needs http_backend='httpx'")
        if transport is not None and proxy is not None:
            raise ValidationError("proxy= has no effect with transport=: pass one or the other")
        if rate_limiter is None:
            rate_limiter = LocalRateLimiter(self._config.max_rate, adaptive=adaptive_rate)
        self._transport = RequestPipeline(
            self._config, transport=transport, rate_limiter=rate_limiter
        )
        self._price_cache = _check_cache(price_cache)
        # What the client learns of the API (lines per request) outlives each job. The
        # transport counts into the same stats object, which also reads the rate limiter.
        self._line_limits = LineLimits()
        self._transport.stats = ClientStats(limiter=rate_limiter, line_limits=self._line_limits)

    @classmethod
    def from_env(cls, *, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from ``SCANSOURCE_*`` variables; keyword arguments win."""
        found = config_from_env(environ)
        found.update(overrides)
        if "subscription_key" not in found:
            raise ValidationError("SCANSOURCE_SUBSCRIPTION_KEY is not set")
        return cls(**found)

    @validate_arguments
    def with_options(
        self,
        *,
        customer_number: str | NotGiven | None = NOT_GIVEN,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
        retry: RetryPolicy | NotGiven = NOT_GIVEN,
        chunk_size: int | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client with other defaults that shares this one's pool, limiter and token cache.

        Every argument left :data:`NOT_GIVEN` keeps this client's setting; ``None`` is a value
        (``timeout=None``: no timeout, ``deadline=None``: no default deadline,
        ``customer_number=None``: no default customer number).
        """
        options = RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries)
        changes: dict[str, Any] = {}
        if not isinstance(customer_number, NotGiven):
            changes["customer_number"] = customer_number
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(deadline, NotGiven):
            changes["deadline"] = deadline
        base = (
            self._config if isinstance(retry, NotGiven) else attrs.evolve(self._config, retry=retry)
        )
        changes["retry"] = options.resolve_retry(base)
        if not isinstance(chunk_size, NotGiven):
            changes["chunk_size"] = chunk_size
        if not isinstance(page_size, NotGiven):
            changes["page_size"] = page_size
        clone = object.__new__(type(self))
        clone._config = attrs.evolve(self._config, **changes)
        clone._transport = self._transport
        clone._price_cache = self._price_cache
        clone._line_limits = self._line_limits
        return clone

    def __repr__(self) -> str:
        return (
            f"<ScanSourceClient base_url={self._config.base_url!r}"
            f" customer_number={self._config.customer_number!r}"
            f" closed={self._transport.closed}>"
        )

    async def __aenter__(self) -> Self:
        self._transport.check_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (shared with ``with_options`` copies)."""
        products = self.__dict__.get("products")  # only if it was ever used
        if products is not None:
            await products._close()  # price-cache refreshes still running
        await self._transport.aclose()

    @property
    def config(self) -> ClientConfig:
        """The validated settings of this client (secrets redacted in its repr)."""
        return self._config

    @property
    def customer_number(self) -> str | None:
        """The default customer number."""
        return self._config.customer_number

    @property
    def stats(self) -> ClientStats:
        """Requests sent, retries, 429s and price-cache hits, misses and stale hits so far, the
        current send rate and how often it was cut, and the learned chunk size (shared with
        ``with_options`` copies)."""
        stats = self._transport.stats
        assert isinstance(stats, ClientStats)
        return stats

    @property
    def price_cache(self) -> PriceCacheBackend | None:
        """The price cache this client reads through, if any."""
        return self._price_cache

    def add_listener(self, listener: AnyListener) -> None:
        """Send every event this client emits to ``listener`` (shared with ``with_options``
        copies): :class:`RequestEvent` and :class:`ResponseEvent` per attempt,
        :class:`CallEndEvent` per call, :class:`RetryEvent`, :class:`RateLimitEvent`,
        :class:`ProgressEvent` of bulk jobs and :class:`CacheEvent` of price-cache lookups.

        ``listener`` may be a function or a coroutine function of one event. It runs in the
        task that emitted the event (a coroutine is scheduled as a task of its own); one that
        raises is logged on the ``scansource_async`` logger and never breaks the call.
        """
        self._transport.listeners.add(listener)

    def remove_listener(self, listener: AnyListener) -> None:
        """Stop sending events to ``listener`` (nothing happens if it was not added)."""
        self._transport.listeners.remove(listener)

    @property
    def pipeline(self) -> RequestPipeline:
        """The request pipeline shared by this client and its copies: the HTTP backend and
        its pool, the limiters, the token cache and the listeners."""
        return self._transport

    @property
    def transport(self) -> RequestPipeline:
        """Another name of :attr:`pipeline` (kept for code written against it). Not to be
        confused with the ``transport=`` argument, an httpx transport."""
        return self._transport

    # -- the escape hatch ------------------------------------------------------------------

    @validate_arguments
    async def request(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        retry_safe: bool = True,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Any:
        """Call any endpoint: returns the decoded JSON (Decimal for fractions), bytes for
        non-JSON bodies, or None for an empty body.

        ``path`` is relative to the base URL and may hold ``{name}`` placeholders filled from
        ``path_params``, each encoded as one path segment. Query values that are None are left
        out. Set ``retry_safe=False`` for requests that create something: they are then never
        retried once they may have reached the server (see :class:`OutcomeUnknownError`).
        ``timeout``, ``deadline`` and ``max_retries`` override the client's for this call.
        """
        return await self._send(
            method,
            path,
            path_params=path_params,
            params=params,
            json=json,
            retry_safe=retry_safe,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def _send(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        retry_safe: bool = True,
        options: RequestOptions = DEFAULT_OPTIONS,
        operation: str | None = None,
        reference: str | None = None,
    ) -> Any:
        verb = method.upper()
        if verb not in _METHODS:
            raise ValidationError(f"unsupported HTTP method {method!r}")
        self._transport.check_open()
        config = self._config
        call = CallOptions(
            timeout=options.resolve_timeout(config),
            retry=options.resolve_retry(config),
            deadline=options.resolve_deadline(config),
            retry_safe=retry_safe,
            operation=operation,
            reference=reference,
        )
        return await self._transport.send(
            verb,
            build_path(path, path_params),
            params=clean_params(params),
            body=None if json is None else dumps(json),
            options=call,
        )


def _check_cache(cache: PriceCacheBackend | None) -> PriceCacheBackend | None:
    if cache is not None and not isinstance(cache, PriceCacheBackend):
        raise ValidationError(
            f"price_cache must be a PriceCache or RedisPriceCache, got {type(cache).__name__}"
        )
    return cache


def _evolve_retry(policy: RetryPolicy, max_retries: int) -> RetryPolicy:
    return attrs.evolve(policy, max_retries=max_retries)
