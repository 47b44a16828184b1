"""Above the HTTP seam: auth headers, pacing, retries, deadline, lifecycle, typed errors.

One ``send()`` is one logical call: it paces itself through the shared rate limiter, holds one
in-flight slot per attempt, retries what is safe to retry, and raises one typed error. The
token request takes the same path (without the rate limiter and the auth headers). No type
of any HTTP library is seen here: the backend (``_http``) answers status, headers and bytes,
or one of the seam's own exceptions.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import random
import time
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import anyio
import attrs

from ._auth import SUBSCRIPTION_KEY_HEADER, AccessToken, TokenCache, parse_token
from ._config import ClientConfig, Timeout
from ._http import (
    BodyTooLarge,
    BodyUndecodable,
    HttpBackend,
    HttpFailure,
    HttpResponse,
    create_backend,
)
from ._limits import InFlightCap, LocalRateLimiter, RateLimiter
from ._listeners import Listeners, current_items
from ._redaction import forget_secrets, register_secrets
from ._response import (
    decode_body,
    error_for_status,
    invalid_response,
    redact,
    request_id_from,
)
from ._retry import RetryPolicy, backoff_delay, is_retryable, parse_retry_after
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ClientClosedError,
    DeadlineExceededError,
    EventLoopMismatchError,
    InvalidResponseError,
    OutcomeUnknownError,
    ResponseTooLargeError,
    ScanSourceError,
    ServerError,
    ValidationError,
)
from .events import CallEndEvent, RateLimitEvent, RequestEvent, ResponseEvent, RetryEvent

__all__ = ["CallOptions", "Transport", "TransportStats"]

logger = logging.getLogger("scansource_async")

USER_AGENT = f"scansource-async/{__version__}"
# Connections beyond the in-flight cap, so no attempt ever queues inside the library's pool
# (in httpcore's, a cancellation there can leak the slot).
POOL_HEADROOM = 4
_FORM = "application/x-www-form-urlencoded"
# Characters kept as they are when a path is made safe for the request line: the reserved
# ones a path may use, and "%" so that segments encoded by build_path stay as they are.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%?"
_CLOSED_MESSAGE = "the client is closed; create a new one"


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
    """What a finished attempt left behind: a response or a typed error."""

    response: HttpResponse | None = None
    error: ScanSourceError | None = None


@attrs.frozen
class _Target:
    """Where one call goes and what it carries besides the caller's body."""

    url: str
    path: str  # as shown in errors and logs
    content_type: str | None = None
    authenticate: bool = True  # API calls: paced, with the key and the token


def _connection_error(failure: HttpFailure, method: str, path: str) -> APIConnectionError:
    error_type = APITimeoutError if failure.kind == "timeout" else APIConnectionError
    return error_type(
        f"{method} {path}: {failure.detail}", method=method, path=path, sent=failure.sent
    )


def _may_have_acted(error: ScanSourceError) -> bool:
    if isinstance(error, APIConnectionError):
        return error.sent
    return isinstance(error, ServerError)


class Transport:
    """Owns the HTTP backend, the auth token cache and the limiters of one client family.

    It belongs to the event loop it first runs in; closing it ends every call in progress,
    including those still waiting for the limiter, the in-flight cap or the token, with
    :class:`ClientClosedError`.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: Any = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self._http: HttpBackend = create_backend(
            config.http_backend,
            max_connections=config.max_in_flight + POOL_HEADROOM,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )
        self._config = config
        self._base_url = config.base_url
        self._limiter: RateLimiter = rate_limiter or LocalRateLimiter(config.max_rate)
        self._in_flight = InFlightCap(config.max_in_flight)
        self._tokens = TokenCache(self._fetch_token) if config.uses_oauth else None
        self._rng = random.Random()
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._calls: set[asyncio.Task[Any]] = set()  # tasks inside send() right now
        self._closing: set[asyncio.Task[Any]] = set()  # of those, the ones aclose() cancelled
        self.stats = TransportStats()
        self.token_stats = TransportStats()  # the token requests, kept out of ``stats``
        self.listeners = Listeners()
        self._call_ids = itertools.count(1)
        register_secrets(config.subscription_key, config.client_secret)
        # A client dropped without aclose() must not keep its secrets registered for good.
        self._forget_secrets = weakref.finalize(
            self, forget_secrets, config.subscription_key, config.client_secret
        )

    def __repr__(self) -> str:
        return (
            f"<Transport base_url={self._config.base_url!r} backend={self._http.name}"
            f" closed={self._closed} calls={len(self._calls)} in_flight={self.in_flight}>"
        )

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def backend(self) -> str:
        """The HTTP library in use: ``"httpx"`` or ``"aiohttp"``."""
        return self._http.name

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
        return self._http.connections_in_use()

    def check_open(self) -> None:
        """Raise unless the client is open and this is its event loop (if it has run yet)."""
        if self._closed:
            raise ClientClosedError(_CLOSED_MESSAGE)
        if self._loop is not None:
            self._check_loop()

    def _check_loop(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in a coroutine: nothing is being used yet
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            raise EventLoopMismatchError(
                "this client was used from another event loop than its own; one client"
                " belongs to one event loop: create one inside each asyncio.run() or thread"
            )

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._forget_secrets()
        if self._tokens is not None:
            self._tokens.forget()
        try:
            self._check_loop()
        except EventLoopMismatchError:
            # Its tasks and connections belong to another loop: nothing here may touch them.
            return
        # Every call still in progress ends now, as ClientClosedError (see send()).
        current = asyncio.current_task()
        for task in self._calls:
            if task is not current and not task.done():
                self._closing.add(task)
                task.cancel()
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
        if self._closed:
            raise ClientClosedError(_CLOSED_MESSAGE)
        self._check_loop()
        task = asyncio.current_task()
        assert task is not None
        target = _Target(
            self._url(path, params), path, "application/json" if body is not None else None
        )
        # Read before the first await: bulk-job chunks share one context, so it may change.
        state = _CallState(call_id=next(self._call_ids), items=current_items())
        self._calls.add(task)
        try:
            if not self.listeners:
                return await self._call(method, target, body, options, state)
            started = time.perf_counter()
            try:
                result = await self._call(method, target, body, options, state)
            except BaseException as exc:
                self._emit_call_end(method, path, options, state, started, exc)
                raise
            self._emit_call_end(method, path, options, state, started, None)
            return result
        except asyncio.CancelledError:
            if task in self._closing:
                self._closing.discard(task)
                if task.uncancel() == 0:  # cancelled by aclose() alone, not also by the caller
                    raise ClientClosedError(
                        f"{method} {path}: the client was closed during the call"
                    ) from None
            raise
        finally:
            self._calls.discard(task)

    def _url(self, path: str, params: Mapping[str, str | list[str]] | None) -> str:
        url = self._base_url + quote(path, safe=_PATH_SAFE)
        if params:
            url += ("&" if "?" in path else "?") + urlencode(params, doseq=True)
        return url

    async def _call(
        self,
        method: str,
        target: _Target,
        body: bytes | None,
        options: CallOptions,
        state: _CallState,
    ) -> Any:
        """Every request's one path: the deadline around the retry loop."""
        if options.deadline is None:  # nothing to cancel: spare the cancel scope's cost
            return await self._attempt_until_done(method, target, body, options, math.inf, state)
        deadline_at = anyio.current_time() + options.deadline
        with anyio.CancelScope(deadline=deadline_at) as scope:
            return await self._attempt_until_done(method, target, body, options, deadline_at, state)
        # Only reached when the deadline cancelled the scope.
        assert scope.cancelled_caught
        if state.in_request and not options.retry_safe:
            raise self._outcome_unknown(
                options, state.last_error, "the deadline passed mid-request"
            )
        raise DeadlineExceededError(
            f"{method} {target.path}: deadline of {options.deadline}s exceeded"
            f" after {state.attempts} attempt(s)"
        ) from state.last_error

    async def _attempt_until_done(
        self,
        method: str,
        target: _Target,
        body: bytes | None,
        options: CallOptions,
        deadline_at: float,
        state: _CallState,
    ) -> Any:
        policy = options.retry
        path = target.path
        stats = self.stats if target.authenticate else self.token_stats
        retries = 0
        while True:
            attempt = await self._attempt(method, target, body, options, state)
            if target.authenticate:
                self._emit_response(method, path, options, state, attempt)
            if attempt.response is not None and attempt.response.is_success:
                self._log(method, path, attempt.response.status, state.attempts, 0.0)
                return self._decode(attempt.response, method, path)
            error, retry_after = self._failure(attempt, method, path)
            if self._should_refresh_token(error, state):
                self._log(method, path, 401, state.attempts, 0.0)
                continue
            state.last_error = error
            final = self._final_error(error, options)
            if final is not None:
                self._log(method, path, _status_of(error), state.attempts, 0.0)
                stats.failures += 1
                if final is error:
                    raise error
                raise final from error
            wait = await self._wait_before_retry(
                error, retry_after, policy, retries, method, path, stats, options, state
            )
            self._log(method, path, _status_of(error), state.attempts, wait)
            if retries >= policy.max_retries:
                stats.failures += 1
                raise error
            if anyio.current_time() + wait >= deadline_at:
                raise DeadlineExceededError(
                    f"{method} {path}: no time left for retry {retries + 1}"
                    f" (it would start {wait:.3f}s from now, past the deadline)"
                ) from error
            retries += 1
            stats.retries += 1
            if self.listeners.active and target.authenticate:
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
        target: _Target,
        body: bytes | None,
        options: CallOptions,
        state: _CallState,
    ) -> _Attempt:
        headers: dict[str, str] = {}
        if target.authenticate:
            await self._limiter.acquire()
            headers[SUBSCRIPTION_KEY_HEADER] = self._config.subscription_key
            if self._tokens is not None:
                state.token = await self._tokens.get()
                headers["Authorization"] = f"Bearer {state.token}"
        if target.content_type is not None:
            headers["Content-Type"] = target.content_type
        async with self._in_flight:
            state.attempts += 1
            if target.authenticate:
                self.stats.requests += 1
                self._emit_request(method, target.path, options, state)
            else:
                self.token_stats.requests += 1
            state.in_request = True
            try:
                response = await self._http.send(
                    method,
                    target.url,
                    headers,
                    body,
                    options.timeout,
                    self._config.max_response_bytes,
                )
            except HttpFailure as failure:
                state.in_request = False
                return _Attempt(error=self._failure_error(failure, method, target.path))
            except BodyTooLarge as exc:
                # Not reset: the server answered, so a create may have happened.
                return _Attempt(error=self._too_large(exc, method, target.path))
            except BodyUndecodable as exc:
                return _Attempt(
                    error=invalid_response(
                        exc.status, exc.headers, b"", method=method, path=target.path, why=str(exc)
                    )
                )
            # Not reset when the deadline cancels the attempt: `send` must then know that the
            # request may have reached the server.
            state.in_request = False
        return _Attempt(response=response)

    def _failure_error(self, failure: HttpFailure, method: str, path: str) -> ScanSourceError:
        if failure.kind == "closed":
            raise ClientClosedError(_CLOSED_MESSAGE) from None
        if failure.kind == "refused":
            # Refused before anything was sent: a header the library will not write (its
            # message may quote the value, the subscription key), or a URL it will not build.
            message = f"{method} {path}: request cannot be sent: {failure.detail}"
            # from None: the library's exception may hold the value too.
            raise ValidationError(redact(message, self._secrets())) from None
        error = _connection_error(failure, method, path)
        error.args = (redact(str(error), self._secrets()),)
        return error

    def _too_large(self, exc: BodyTooLarge, method: str, path: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"{method} {path} -> {exc.status}: the response body is larger than"
            f" max_response_bytes ({exc.limit} bytes after decompression); reading stopped",
            limit=exc.limit,
            status_code=exc.status,
            request_id=request_id_from(exc.headers),
            method=method,
            path=path,
        )

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
            response.status,
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
        if isinstance(error, InvalidResponseError):
            return error  # an answer that cannot be read (too large, undecodable): no retry
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
        stats: TransportStats,
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
            stats.rate_limited += 1
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

    def _decode(self, response: HttpResponse, method: str, path: str) -> Any:
        try:
            return decode_body(response.headers.get("content-type", ""), response.content)
        except ValueError:
            raise invalid_response(
                response.status,
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
        state.status_code = None if response is None else response.status
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
        """One token request, through the same retry loop as every other call (not paced by
        the API's rate limiter, and without the API's credentials)."""
        config = self._config
        form = urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": config.client_id or "",
                "client_secret": config.client_secret or "",
                "scope": config.scope,
            }
        ).encode()
        target = _Target(config.token_url, "token", _FORM, authenticate=False)
        options = CallOptions(timeout=config.timeout, retry=config.retry, operation="token")
        try:
            data = await self._call("POST", target, form, options, _CallState())
        except APIStatusError as error:
            if isinstance(error, InvalidResponseError) or is_retryable(config.retry, error):
                raise
            raise AuthenticationError(
                f"the token request was refused: {error}",
                status_code=error.status_code,
                request_id=error.request_id,
                method="POST",
                path="token",
            ) from None
        try:
            return parse_token(data)
        except ValueError:
            raise InvalidResponseError(
                "POST token -> 200: the token response has no usable access_token",
                status_code=200,
                method="POST",
                path="token",
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
