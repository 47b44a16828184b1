"""The only module that touches httpx: pool, auth headers, pacing, retries, deadline, typed errors.

One ``send()`` is one logical call: it paces itself through the shared rate limiter, holds one
in-flight slot per attempt, retries what is safe to retry, and raises one typed error.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import random
import time
import weakref
from collections.abc import Mapping
from typing import Any

import anyio
import attrs
import httpx

from ._auth import SUBSCRIPTION_KEY_HEADER, AccessToken, TokenCache, parse_token
from ._config import ClientConfig, Timeout
from ._limits import InFlightCap, LocalRateLimiter, RateLimiter
from ._listeners import Listeners, current_items
from ._pool_repair import ATTEMPT_EXTENSION, reclaim
from ._redaction import forget_secrets, register_secrets
from ._response import decode_body, error_for_status, invalid_response, redact, request_id_from
from ._retry import RetryPolicy, backoff_delay, is_retryable, parse_retry_after
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ClientClosedError,
    DeadlineExceededError,
    OutcomeUnknownError,
    ScanSourceError,
    ServerError,
    ValidationError,
)
from .events import CallEndEvent, RateLimitEvent, RequestEvent, ResponseEvent, RetryEvent

__all__ = ["CallOptions", "Transport", "TransportStats"]

logger = logging.getLogger("scansource_async")

USER_AGENT = f"scansource-async/{__version__}"
# Connections beyond the in-flight cap, so no attempt ever queues inside httpcore's pool,
# where a cancellation can leak the slot.
POOL_HEADROOM = 4


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
class TransportStats:
    """Counters over the life of a client (shared by its ``with_options`` copies)."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    failures: int = 0
    # Price cache lookups (``ScanSourceClient(price_cache=...)``), counted per line.
    cache_hits: int = 0
    cache_misses: int = 0
    cache_stale_hits: int = 0


@attrs.define
class _Attempt:
    """What a finished attempt left behind: a response or a translated network error."""

    response: httpx.Response | None = None
    error: APIConnectionError | None = None


@functools.lru_cache(maxsize=64)  # once per distinct Timeout, not once per attempt
def _httpx_timeout(timeout: Timeout) -> httpx.Timeout:
    return httpx.Timeout(
        connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool
    )


def translate_error(exc: httpx.TransportError, method: str, path: str) -> APIConnectionError:
    """httpx's network errors as ours, each saying whether the server may have seen the request."""
    detail = f"{method} {path}: {type(exc).__name__}" + (f": {exc}" if str(exc) else "")
    # Connection never made or never taken from the pool: the server cannot have acted.
    not_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    error_type = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return error_type(detail, method=method, path=path, sent=not not_sent)


def _may_have_acted(error: ScanSourceError) -> bool:
    if isinstance(error, APIConnectionError):
        return error.sent
    return isinstance(error, ServerError)


class Transport:
    """Owns the HTTP pool, the auth token cache and the limiters of one client family."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        pool = config.max_in_flight + POOL_HEADROOM
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            transport=transport,
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            timeout=_httpx_timeout(config.timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
        )
        self._config = config
        self._limiter: RateLimiter = rate_limiter or LocalRateLimiter(config.max_rate)
        self._in_flight = InFlightCap(config.max_in_flight)
        self._tokens = TokenCache(self._fetch_token) if config.uses_oauth else None
        self._rng = random.Random()
        self._closed = False
        self.stats = TransportStats()
        self.listeners = Listeners()
        self._call_ids = itertools.count(1)
        register_secrets(config.subscription_key, config.client_secret)
        # A client dropped without aclose() must not keep its secrets registered for good.
        self._forget_secrets = weakref.finalize(
            self, forget_secrets, config.subscription_key, config.client_secret
        )

    def __repr__(self) -> str:
        return f"<Transport base_url={self._config.base_url!r} closed={self._closed}>"

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def rate_limiter(self) -> RateLimiter:
        return self._limiter

    @property
    def token_fetches(self) -> int:
        return 0 if self._tokens is None else self._tokens.fetches

    @property
    def in_flight(self) -> int:
        return self._in_flight.borrowed

    def connections_in_use(self) -> int:
        """Pooled connections busy with a request right now (0 for in-process transports)."""
        pool = getattr(getattr(self._http, "_transport", None), "_pool", None)
        connections = getattr(pool, "connections", ())
        return sum(1 for conn in connections if not conn.is_idle() and not conn.is_closed())

    def check_open(self) -> None:
        if self._closed:
            raise ClientClosedError("the client is closed; create a new one")

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._forget_secrets()
            if self._tokens is not None:
                self._tokens.forget()
            await self._http.aclose()
            await self._limiter.aclose()
            await self.listeners.aclose()

    def _secrets(self) -> list[str]:
        secrets = [self._config.subscription_key, self._config.client_secret or ""]
        if self._tokens is not None and self._tokens.current:
            secrets.append(self._tokens.current)
        # Also as quoted inside a repr (h11 and httpx quote header values that way).
        escaped = [repr(secret.encode())[2:-1] for secret in secrets if secret]
        return secrets + [text for text in escaped if text not in secrets]

    # -- one logical call ------------------------------------------------------------------

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | list[str]] | None = None,
        body: bytes | None = None,
        options: CallOptions,
    ) -> Any:
        """Send one call with retries; return its decoded body (JSON data, bytes or None)."""
        self.check_open()
        # Read before the first await: bulk-job chunks share one context, so it may change.
        state = _CallState(call_id=next(self._call_ids), items=current_items())
        if not self.listeners:
            return await self._send(method, path, params, body, options, state)
        started = time.perf_counter()
        try:
            result = await self._send(method, path, params, body, options, state)
        except BaseException as exc:
            self._emit_call_end(method, path, options, state, started, exc)
            raise
        self._emit_call_end(method, path, options, state, started, None)
        return result

    async def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | list[str]] | None,
        body: bytes | None,
        options: CallOptions,
        state: _CallState,
    ) -> Any:
        if options.deadline is None:  # nothing to cancel: spare the cancel scope's cost
            return await self._attempt_until_done(
                method, path, params, body, options, math.inf, state
            )
        deadline_at = anyio.current_time() + options.deadline
        with anyio.CancelScope(deadline=deadline_at) as scope:
            return await self._attempt_until_done(
                method, path, params, body, options, deadline_at, state
            )
        # Only reached when the deadline cancelled the scope.
        assert scope.cancelled_caught
        if state.in_request and not options.retry_safe:
            raise self._outcome_unknown(
                options, state.last_error, "the deadline passed mid-request"
            )
        raise DeadlineExceededError(
            f"{method} {path}: deadline of {options.deadline}s exceeded"
            f" after {state.attempts} attempt(s)"
        ) from state.last_error

    async def _attempt_until_done(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | list[str]] | None,
        body: bytes | None,
        options: CallOptions,
        deadline_at: float,
        state: _CallState,
    ) -> Any:
        policy = options.retry
        retries = 0
        while True:
            attempt = await self._attempt(method, path, params, body, options, state)
            self._emit_response(method, path, options, state, attempt)
            if attempt.response is not None and attempt.response.is_success:
                self._log(method, path, attempt.response.status_code, state.attempts, 0.0)
                return self._decode(attempt.response, method, path)
            error, retry_after = self._failure(attempt, method, path)
            if self._should_refresh_token(error, state):
                self._log(method, path, 401, state.attempts, 0.0)
                continue
            state.last_error = error
            final = self._final_error(error, options)
            if final is not None:
                self._log(method, path, _status_of(error), state.attempts, 0.0)
                self.stats.failures += 1
                if final is error:
                    raise error
                raise final from error
            wait = await self._wait_before_retry(
                error, retry_after, policy, retries, method, path, options, state
            )
            self._log(method, path, _status_of(error), state.attempts, wait)
            if retries >= policy.max_retries:
                self.stats.failures += 1
                raise error
            if anyio.current_time() + wait >= deadline_at:
                raise DeadlineExceededError(
                    f"{method} {path}: no time left for retry {retries + 1}"
                    f" (it would start {wait:.3f}s from now, past the deadline)"
                ) from error
            retries += 1
            self.stats.retries += 1
            if self.listeners.active:
                self.listeners.emit(
                    RetryEvent(
                        method=method,
                        path=path,
                        attempt=retries,
                        wait=wait,
                        reason=str(error),
                        call_id=state.call_id,
                        operation=options.operation,
                    )
                )
            if not _is_rate_limited(error):
                await anyio.sleep(wait)
            # After a 429 the shared limiter holds every request (this one included) for `wait`.

    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | list[str]] | None,
        body: bytes | None,
        options: CallOptions,
        state: _CallState,
    ) -> _Attempt:
        await self._limiter.acquire()
        headers = {SUBSCRIPTION_KEY_HEADER: self._config.subscription_key}
        if self._tokens is not None:
            state.token = await self._tokens.get()
            headers["Authorization"] = f"Bearer {state.token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        async with self._in_flight:
            state.attempts += 1
            self.stats.requests += 1
            self._emit_request(method, path, options, state)
            state.in_request = True
            marker = object()
            try:
                response = await self._http.request(
                    method,
                    path,
                    params=params,
                    content=body,
                    headers=headers,
                    timeout=_httpx_timeout(options.timeout),
                    extensions={ATTEMPT_EXTENSION: marker},
                )
            except (httpx.LocalProtocolError, httpx.InvalidURL) as exc:
                # Refused before anything was sent: a header h11 will not write, or a URL httpx
                # will not build (too long, control characters).
                state.in_request = False
                # h11 quotes the offending header value, which may be the subscription key.
                message = f"{method} {path}: request cannot be sent: {exc}"
                raise ValidationError(redact(message, self._secrets())) from None
            except httpx.TransportError as exc:
                state.in_request = False
                error = translate_error(exc, method, path)
                error.args = (redact(str(error), self._secrets()),)
                return _Attempt(error=error)
            except BaseException as exc:
                if not isinstance(exc, Exception):  # cancelled mid-flight: see _pool_repair
                    reclaim(self._http._transport, marker)
                raise
            # Not reset when the deadline cancels the attempt: `send` must then know that the
            # request may have reached the server.
            state.in_request = False
        return _Attempt(response=response)

    # -- the named steps of a retry decision -----------------------------------------------

    def _failure(
        self, attempt: _Attempt, method: str, path: str
    ) -> tuple[ScanSourceError, float | None]:
        """The typed error of a failed attempt, and the wait the server asked for, if any."""
        if attempt.error is not None:
            return attempt.error, None
        response = attempt.response
        assert response is not None
        retry_after = parse_retry_after(response.headers)
        try:
            body = decode_body(response.headers.get("content-type", ""), response.content)
        except ValueError:
            body = response.content[:500].decode("utf-8", "replace")
        error = error_for_status(
            response.status_code,
            response.headers,
            body,
            method=method,
            path=path,
            secrets=self._secrets(),
            retry_after=retry_after,
        )
        return error, retry_after

    def _final_error(self, error: ScanSourceError, options: CallOptions) -> ScanSourceError | None:
        """The error to raise now instead of retrying, or None when a retry is allowed."""
        if not options.retry_safe and _may_have_acted(error):
            # A create that may have happened is never repeated blindly.
            return self._outcome_unknown(options, error)
        if not is_retryable(options.retry, error):
            return error
        return None

    def _should_refresh_token(self, error: ScanSourceError, state: _CallState) -> bool:
        """A refused token is fetched anew once per call; a second 401 is final."""
        if not isinstance(error, AuthenticationError) or self._tokens is None:
            return False
        if state.refreshed or state.token is None:
            return False
        state.refreshed = True
        self._tokens.invalidate(state.token)
        return True

    async def _wait_before_retry(
        self,
        error: ScanSourceError,
        retry_after: float | None,
        policy: RetryPolicy,
        retries: int,
        method: str,
        path: str,
        options: CallOptions,
        state: _CallState,
    ) -> float:
        """How long to wait before the next attempt; a 429 also pauses the whole client."""
        wait = backoff_delay(policy, retries + 1, self._rng)
        if retry_after is not None and isinstance(error, APIStatusError):
            if retry_after > policy.max_retry_after:
                raise error  # a RateLimitError/ServerError carrying .retry_after or the status
            wait = retry_after
        if _is_rate_limited(error):
            self.stats.rate_limited += 1
            await self._limiter.pause(wait)
            if self.listeners.active:
                self.listeners.emit(
                    RateLimitEvent(
                        method=method,
                        path=path,
                        wait=wait,
                        call_id=state.call_id,
                        operation=options.operation,
                    )
                )
        return wait

    def _outcome_unknown(
        self, options: CallOptions, cause: BaseException | None, why: str | None = None
    ) -> OutcomeUnknownError:
        operation = options.operation or "request"
        reference = f" (reference {options.reference})" if options.reference else ""
        return OutcomeUnknownError(
            f"{operation}: the request may have reached the server{reference}; it was not"
            f" retried to avoid a duplicate. Check whether it took effect. Cause: {why or cause}",
            operation=operation,
            reference=options.reference,
            cause=cause,
        )

    def _decode(self, response: httpx.Response, method: str, path: str) -> Any:
        try:
            return decode_body(response.headers.get("content-type", ""), response.content)
        except ValueError:
            raise invalid_response(
                response.status_code,
                response.headers,
                response.content,
                method=method,
                path=path,
                why="the body is not valid JSON",
            ) from None

    # -- events: the only places that tell listeners about calls and attempts ---------------

    def _emit_request(
        self, method: str, path: str, options: CallOptions, state: _CallState
    ) -> None:
        """An attempt is about to go out (called once per attempt, inside its in-flight slot)."""
        state.attempt_started = time.perf_counter()
        if self.listeners:
            self.listeners.notify(
                RequestEvent(
                    call_id=state.call_id,
                    operation=options.operation,
                    method=method,
                    path=path,
                    attempt=state.attempts,
                    items=state.items,
                )
            )

    def _emit_response(
        self, method: str, path: str, options: CallOptions, state: _CallState, attempt: _Attempt
    ) -> None:
        """An attempt came back, with a response or a network error."""
        if not self.listeners:
            return
        response = attempt.response
        state.status_code = None if response is None else response.status_code
        state.request_id = None if response is None else request_id_from(response.headers)
        self.listeners.notify(
            ResponseEvent(
                call_id=state.call_id,
                operation=options.operation,
                method=method,
                path=path,
                attempt=state.attempts,
                status_code=state.status_code,
                latency=time.perf_counter() - state.attempt_started,
                request_id=state.request_id,
                error=None if attempt.error is None else type(attempt.error).__name__,
            )
        )

    def _emit_call_end(
        self,
        method: str,
        path: str,
        options: CallOptions,
        state: _CallState,
        started: float,
        error: BaseException | None,
    ) -> None:
        """The logical call is over (returned, raised, or was cancelled)."""
        self.listeners.notify(
            CallEndEvent(
                call_id=state.call_id,
                operation=options.operation,
                method=method,
                path=path,
                attempts=state.attempts,
                duration=time.perf_counter() - started,
                status_code=state.status_code,
                request_id=state.request_id,
                error=None if error is None else type(error).__name__,
                items=state.items,
            )
        )

    def _log(self, method: str, path: str, status: int | str, attempt: int, wait: float) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s (attempt %d, wait %.3fs)", method, path, status, attempt, wait
            )

    # -- OAuth2 client credentials ---------------------------------------------------------

    async def _fetch_token(self) -> AccessToken:
        config = self._config
        form = {
            "grant_type": "client_credentials",
            "client_id": config.client_id or "",
            "client_secret": config.client_secret or "",
            "scope": config.scope,
        }
        policy = config.retry
        for retry in range(policy.max_retries + 1):
            try:
                response = await self._http.post(config.token_url, data=form)
            except httpx.TransportError as exc:
                error: ScanSourceError = translate_error(exc, "POST", "token")
            else:
                if response.is_success:
                    return self._read_token(response)
                error, _ = self._failure(_Attempt(response=response), "POST", "token")
                if not is_retryable(policy, error):
                    raise AuthenticationError(
                        f"the token request was refused: {error}",
                        status_code=response.status_code,
                        request_id=getattr(error, "request_id", None),
                        method="POST",
                        path="token",
                    )
            if retry == policy.max_retries:
                raise error
            await anyio.sleep(backoff_delay(policy, retry + 1, self._rng))
        raise AssertionError("unreachable")

    def _read_token(self, response: httpx.Response) -> AccessToken:
        try:
            data = decode_body(response.headers.get("content-type", ""), response.content)
            return parse_token(data)
        except ValueError:
            raise invalid_response(
                response.status_code,
                response.headers,
                b"",
                method="POST",
                path="token",
                why="the token response has no usable access_token",
            ) from None


@attrs.define
class _CallState:
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


def _is_rate_limited(error: ScanSourceError) -> bool:
    return isinstance(error, APIStatusError) and error.status_code == 429


def _status_of(error: ScanSourceError) -> int | str:
    if isinstance(error, APIStatusError):
        return error.status_code
    return type(error).__name__
