"""Above the HTTP seam: auth headers, pacing, retries, deadline, lifecycle, typed errors.

One ``send()`` is one logical call: it paces itself through the shared rate limiter, holds one
in-flight slot per attempt, retries what is safe to retry, and raises one typed error. The
token request takes the same path (without the rate limiter and the auth headers). No type
of any HTTP library is seen here: the backend (``_http``) answers status, headers and bytes,
or one of the seam's own exceptions.

The call's data lives in ``_call``, its error mapping in ``_call_errors``, its events in
``_call_events`` and the token request in ``_token_fetch``; what to retry and how long to
wait are the named steps of ``_retry``.
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

import anyio

from ._auth import SUBSCRIPTION_KEY_HEADER, AccessToken, TokenCache
from ._call import Attempt, CallOptions, CallState, PipelineStats, Target
from ._call_errors import (
    CLOSED_MESSAGE,
    decode_success,
    error_of_failure,
    error_of_response,
    final_error,
    is_rate_limited,
    outcome_unknown,
    should_retry,
    status_of,
    too_large,
    undecodable,
)
from ._call_events import (
    emit_call_end,
    emit_rate_limit,
    emit_request,
    emit_response,
    emit_retry,
)
from ._config import ClientConfig
from ._http import BodyTooLarge, BodyUndecodable, HttpBackend, HttpFailure, create_backend
from ._in_flight import InFlightCap
from ._limits import LocalRateLimiter, RateLimiter
from ._listeners import Listeners, current_items
from ._redaction import forget_secrets, register_secrets
from ._retry import retry_wait
from ._token_fetch import fetch_token
from ._urls import request_url
from ._version import __version__
from .errors import (
    AuthenticationError,
    ClientClosedError,
    DeadlineExceededError,
    EventLoopMismatchError,
    ScanSourceError,
)

__all__ = ["CallOptions", "PipelineStats", "RequestPipeline"]

logger = logging.getLogger("scansource_async")

USER_AGENT = f"scansource-async/{__version__}"
# Connections beyond the in-flight cap, so no attempt ever queues inside the library's pool
# (in httpcore's, a cancellation there can leak the slot).
POOL_HEADROOM = 4


class RequestPipeline:
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
            proxy=config.proxy,
            verify=config.verify,
            trust_env=config.trust_env,
        )
        self._config = config
        self._base_url = config.base_url
        self._limiter: RateLimiter = rate_limiter or LocalRateLimiter(config.max_rate)
        self._in_flight = InFlightCap(config.max_in_flight, pacing=config.pace_in_flight)
        self._tokens = TokenCache(self._fetch_token) if config.uses_oauth else None
        self._rng = random.Random()
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._calls: set[asyncio.Task[Any]] = set()  # tasks inside send() right now
        self._closing: set[asyncio.Task[Any]] = set()  # of those, the ones aclose() cancelled
        self.stats = PipelineStats()
        self.token_stats = PipelineStats()  # the token requests, kept out of ``stats``
        self.listeners = Listeners()
        self._call_ids = itertools.count(1)
        register_secrets(*config.secrets)
        # A client dropped without aclose() must not keep its secrets registered for good.
        self._forget_secrets = weakref.finalize(self, forget_secrets, *config.secrets)

    def __repr__(self) -> str:
        return (
            f"<RequestPipeline base_url={self._config.base_url!r} backend={self._http.name}"
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
            raise ClientClosedError(CLOSED_MESSAGE)
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
        secrets = list(self._config.secrets)
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
            raise ClientClosedError(CLOSED_MESSAGE)
        self._check_loop()
        task = asyncio.current_task()
        assert task is not None
        content_type = "application/json" if body is not None else None
        target = Target(request_url(self._base_url, path, params), path, content_type)
        # Read before the first await: bulk-job chunks share one context, so it may change.
        state = CallState(call_id=next(self._call_ids), items=current_items())
        self._calls.add(task)
        try:
            if not self.listeners:
                return await self._call(method, target, body, options, state)
            started = time.perf_counter()
            try:
                result = await self._call(method, target, body, options, state)
            except BaseException as exc:
                emit_call_end(self.listeners, method, path, options, state, started, exc)
                raise
            emit_call_end(self.listeners, method, path, options, state, started, None)
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

    async def _call(
        self,
        method: str,
        target: Target,
        body: bytes | None,
        options: CallOptions,
        state: CallState,
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
            raise outcome_unknown(options, state.last_error, "the deadline passed mid-request")
        raise DeadlineExceededError(
            f"{method} {target.path}: deadline of {options.deadline}s exceeded"
            f" after {state.attempts} attempt(s)"
        ) from state.last_error

    async def _attempt_until_done(
        self,
        method: str,
        target: Target,
        body: bytes | None,
        options: CallOptions,
        deadline_at: float,
        state: CallState,
    ) -> Any:
        """Attempt, and after each failure take one path: should it be retried, how long to
        wait; then either raise the call's error or wait and attempt again."""
        path = target.path
        stats = self.stats if target.authenticate else self.token_stats
        retries = 0
        while True:
            attempt = await self._attempt(method, target, body, options, state)
            if target.authenticate:
                emit_response(self.listeners, method, path, options, state, attempt)
            if attempt.response is not None and attempt.response.is_success:
                self._log(method, path, attempt.response.status, state.attempts, 0.0)
                return decode_success(attempt.response, method, path)
            error, retry_after = error_of_response(attempt, method, path, self._secrets())
            if self._should_refresh_token(error, state):
                self._log(method, path, 401, state.attempts, 0.0)
                continue
            state.last_error = error
            wait = self._retry_wait(error, retry_after, options, retries)
            if wait is not None and is_rate_limited(error):
                # The server's pause holds the whole client, whether or not this call retries.
                stats.rate_limited += 1
                await self._limiter.pause(wait)
                emit_rate_limit(self.listeners, method, path, options, state, wait)
            self._log(method, path, status_of(error), state.attempts, wait or 0.0)
            if wait is None or retries >= options.retry.max_retries:
                stats.failures += 1
                final = final_error(error, options)
                if final is error:
                    raise error
                raise final from error
            if anyio.current_time() + wait >= deadline_at:
                raise DeadlineExceededError(
                    f"{method} {path}: no time left for retry {retries + 1}"
                    f" (it would start {wait:.3f}s from now, past the deadline)"
                ) from error
            retries += 1
            stats.retries += 1
            if target.authenticate:
                emit_retry(self.listeners, method, path, options, state, retries, wait, error)
            if not is_rate_limited(error):
                await anyio.sleep(wait)
            # After a 429 the shared limiter holds every request (this one included) for `wait`.

    async def _attempt(
        self,
        method: str,
        target: Target,
        body: bytes | None,
        options: CallOptions,
        state: CallState,
    ) -> Attempt:
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
                emit_request(self.listeners, method, target.path, options, state)
            else:
                self.token_stats.requests += 1
            state.in_request = True
            sent_at = time.monotonic()
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
                error = error_of_failure(failure, method, target.path, self._secrets())
                return Attempt(error=error)
            except BodyTooLarge as exc:
                # Not reset: the server answered, so a create may have happened.
                return Attempt(error=too_large(exc, method, target.path))
            except BodyUndecodable as exc:
                return Attempt(error=undecodable(exc, method, target.path))
            # Not reset when the deadline cancels the attempt: `send` must then know that the
            # request may have reached the server.
            state.in_request = False
            if target.authenticate:  # the token service's round trip says nothing of the API's
                self._in_flight.record_round_trip(time.monotonic() - sent_at)
        return Attempt(response=response)

    # -- the named steps of a retry decision -----------------------------------------------

    def _retry_wait(
        self,
        error: ScanSourceError,
        retry_after: float | None,
        options: CallOptions,
        retries: int,
    ) -> float | None:
        """How long to wait before the next attempt, or None when ``error`` ends the call
        (not retryable, or the server asks for a longer wait than the policy allows)."""
        if not should_retry(error, options):
            return None
        return retry_wait(options.retry, retries + 1, retry_after, self._rng)

    def _should_refresh_token(self, error: ScanSourceError, state: CallState) -> bool:
        """A refused token is fetched anew once per call; a second 401 is final."""
        if not isinstance(error, AuthenticationError) or self._tokens is None:
            return False
        if state.refreshed or state.token is None:
            return False
        state.refreshed = True
        self._tokens.invalidate(state.token)
        return True

    def _log(self, method: str, path: str, status: int | str, attempt: int, wait: float) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s (attempt %d, wait %.3fs)", method, path, status, attempt, wait
            )

    async def _fetch_token(self) -> AccessToken:
        """One token request, through the same call loop as every other call."""
        return await fetch_token(self._config, self._call)
