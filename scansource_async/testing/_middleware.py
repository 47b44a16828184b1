"""The ASGI middleware in front of every route of the simulator.

The middleware, outermost so it sees the server's own ``receive``, does per request, in order:
request id and statistics; reading the body (routes get it through the scope); the subscription
key (``Ocp-Apim-Subscription-Key``) and bearer token checks (401); the per-key token-bucket rate
limit and any ``Simulator.throttle()`` window (429); the fault model and the route (which runs on
arrival, while the answer waits out the latency; see ``_faults``); and finally one
:class:`RequestRecord` in the request log. The token endpoint skips the key, token and rate
checks.

Every answer carries ``Request-Id`` (:data:`REQUEST_ID_HEADER`); the middleware's own errors
are JSON with APIM's shape and, for 401/429, APIM's wording. A request whose connection is
dropped is logged with status 0.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import parse_qsl

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._faults import FaultDecision
from ._json import JSON_CONTENT_TYPE, error_body
from ._state import REDACTED, RequestContext, RequestRecord, SimulatorState, key_fingerprint
from .routes._common import CONTEXT_KEY, STATE_KEY
from .routes.token import TOKEN_PATH

__all__ = ["REQUEST_ID_HEADER", "ConnectionDropped", "SimulatorMiddleware"]

#: the response header carrying the request id (APIM-style); on every response
REQUEST_ID_HEADER: Final = "Request-Id"
_REQUEST_ID: Final = REQUEST_ID_HEADER.lower().encode()
_KEY_HEADER: Final = b"ocp-apim-subscription-key"
_AUTH_HEADER: Final = b"authorization"
_SECRET_FIELDS: Final = frozenset({"client_secret", "APIKey", "subscription-key", "password"})

MISSING_KEY: Final = (
    "Access denied due to missing subscription key. "
    "Make sure to include subscription key when making requests to an API."
)
INVALID_KEY: Final = (
    "Access denied due to invalid subscription key. "
    "Make sure to provide a valid key for an active subscription."
)
MISSING_TOKEN: Final = "Unauthorized. Access token is missing or invalid."
EXPIRED_TOKEN: Final = "Unauthorized. Access token has expired."
_FAULT_MESSAGES: Final = {
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class ConnectionDropped(Exception):
    """Raised by the app in-process to ask the transport to act as if the socket closed."""


class _Denied(Exception):
    def __init__(
        self, status: int, message: str, headers: list[tuple[bytes, bytes]], fault: str | None
    ):
        self.status = status
        self.message = message
        self.headers = headers
        self.fault = fault


def _log_query(query_string: bytes) -> dict[str, str]:
    if not query_string:
        return {}
    query = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    for name in _SECRET_FIELDS.intersection(query):
        query[name] = REDACTED
    return query


def _log_body(ctx: RequestContext) -> Any:
    if ctx.log_body is not SimulatorState.UNSET:
        return ctx.log_body
    body = ctx.body
    if not body:
        return None
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        text = body.decode("utf-8", "replace")
        if "=" in text and " " not in text:  # looks form-encoded: parse so secrets can be redacted
            value = dict(parse_qsl(text, keep_blank_values=True))
        else:
            return text[:2000]
    if isinstance(value, dict):
        for name in _SECRET_FIELDS.intersection(value):
            value[name] = REDACTED
    return value


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None if the client went away first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _send_json(
    send: Send, status: int, body: bytes, extra: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Answer from the middleware itself (``send`` adds the request id)."""
    headers = [(b"content-type", JSON_CONTENT_TYPE), (b"content-length", str(len(body)).encode())]
    headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _retry_headers(seconds: float) -> list[tuple[bytes, bytes]]:
    return [
        (b"retry-after", str(max(1, math.ceil(seconds))).encode()),
        (b"retry-after-ms", str(max(1, math.ceil(seconds * 1000))).encode()),
    ]


class SimulatorMiddleware:
    """Raw ASGI middleware: request log, auth, rate limit, faults. See the module docstring."""

    def __init__(self, app: ASGIApp, state: SimulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = self.state
        stats = state.stats
        started = time.monotonic()
        stats.requests += 1
        stats.in_flight += 1
        if stats.in_flight > stats.peak_in_flight:
            stats.peak_in_flight = stats.in_flight
        request_id = state.next_request_id()
        rid = request_id.encode()
        path: str = scope["path"][1:]
        method: str = scope["method"]
        status = 0
        fault: str | None = None
        key_hash: str | None = None
        ctx: RequestContext | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (_REQUEST_ID, rid)]
            await send(message)

        try:
            body = await _read_body(receive)
            if body is None:  # the client left before sending its request
                return
            ctx = RequestContext(body)
            raw = scope.get("raw_path")
            raw_path = raw.decode("latin-1").split("?", 1)[0][1:] if raw else path
            ctx.operation = state.router.operation_of(method, raw_path)
            scope[STATE_KEY] = state
            scope[CONTEXT_KEY] = ctx
            try:
                key_hash = self._gate(scope, path, started)
            except _Denied as denied:
                fault = denied.fault
                body = error_body(denied.status, denied.message)
                await _send_json(send_with_id, denied.status, body, denied.headers)
                return
            replay = _replay(body, receive)
            faults = state.faults
            decision = None
            if faults.active:
                fault_path = state.router.fault_path(
                    method, raw_path, scope.get("query_string", b"")
                )
                decision = faults.decide(method, fault_path)
            if decision is None or (decision.kind is None and not decision.delay):
                await self.app(scope, replay, send_with_id)
                return
            fault = decision.kind
            answer_at = started + decision.delay
            await self._with_fault(decision, answer_at, scope, replay, receive, send_with_id)
        finally:
            stats.in_flight -= 1
            stats.status_counts[status] += 1
            if fault is not None:
                stats.fault_counts[fault] += 1
            log = state.requests
            if log.enabled:
                log.append(
                    RequestRecord(
                        method=method,
                        path=path,
                        query=_log_query(scope.get("query_string", b"")),
                        body=None if ctx is None else _log_body(ctx),
                        status=status,
                        started=started,
                        finished=time.monotonic(),
                        fault=fault,
                        subscription_key_hash=key_hash or self._key_hash(scope),
                        request_id=request_id,
                        operation=None if ctx is None else ctx.operation,
                    )
                )

    def _key_hash(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == _KEY_HEADER:
                known = self.state.key_fingerprints.get(value)
                return known or key_fingerprint(value.decode("latin-1"))
        return None

    def _gate(self, scope: Scope, path: str, now: float) -> str | None:
        """Authentication and rate limiting; raises :class:`_Denied`. Returns the key's hash."""
        if path == TOKEN_PATH:
            return None
        state = self.state
        key: bytes | None = None
        auth: bytes | None = None
        for name, value in scope["headers"]:
            if name == _KEY_HEADER:
                key = value
            elif name == _AUTH_HEADER:
                auth = value
        if key is None:
            raise _Denied(401, MISSING_KEY, [], None)
        fingerprint = state.key_fingerprints.get(key)
        if fingerprint is None:
            raise _Denied(401, INVALID_KEY, [], None)
        if state.clients:
            bearer = [(b"www-authenticate", b'Bearer error="invalid_token"')]
            if auth is None or auth[:7].lower() != b"bearer ":
                raise _Denied(401, MISSING_TOKEN, bearer, None)
            token = auth[7:].strip().decode("latin-1")
            if not state.tokens.is_valid(token):
                known = state.tokens.was_issued(token)
                raise _Denied(401, EXPIRED_TOKEN if known else MISSING_TOKEN, bearer, None)
        if now < state.throttled_until:
            wait = state.throttled_until - now
            raise _Denied(429, _rate_message(wait), _retry_headers(wait), "throttle")
        limiter = state.limiter
        if limiter is not None:
            wait = limiter.acquire(fingerprint)
            if wait:
                raise _Denied(429, _rate_message(wait), _retry_headers(wait), "rate_limit")
        return fingerprint

    async def _with_fault(
        self,
        decision: FaultDecision,
        answer_at: float,
        scope: Scope,
        replay: Receive,
        receive: Receive,
        send: Send,
    ) -> None:
        kind = decision.kind
        if kind is None:
            await self.app(scope, replay, _held_until(answer_at, send))
            return
        if kind == "throttle":
            await _sleep_until(answer_at)
            wait = decision.model.throttle_retry_after
            body = error_body(429, _rate_message(wait))
            await _send_json(send, 429, body, _retry_headers(wait))
            return
        if decision.after_action or kind == "slow_body":
            messages: list[Message] = []

            async def collect(message: Message) -> None:
                messages.append(message)

            await self.app(scope, replay, collect)
            await _sleep_until(answer_at)
            if kind == "slow_body":
                await _send_slowly(messages, send, decision)
                return
        else:
            await _sleep_until(answer_at)
        if kind == "error":
            status = decision.status
            message = f"{_FAULT_MESSAGES.get(status, 'Server error')} (simulated fault)"
            await _send_json(send, status, error_body(status, message))
            return
        await _drop_connection(receive)


async def _sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await anyio.sleep(delay)


def _held_until(moment: float, send: Send) -> Send:
    """``send``, holding the response back until ``moment`` (the route's work runs meanwhile)."""

    async def held(message: Message) -> None:
        if message["type"] == "http.response.start":
            await _sleep_until(moment)
        await send(message)

    return held


def _rate_message(wait: float) -> str:
    return f"Rate limit is exceeded. Try again in {max(1, math.ceil(wait))} seconds."


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the route, then defers to the server."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send_slowly(messages: list[Message], send: Send, decision: FaultDecision) -> None:
    """Send a buffered response with its body cut into pieces, pausing between them."""
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    await send(start)
    model = decision.model
    pieces = max(1, min(model.slow_body_chunks, len(body)))
    size = -(-len(body) // pieces) if body else 0
    pause = model.slow_body_delay / max(1, pieces - 1)
    for n in range(pieces):
        if n:
            await anyio.sleep(pause)
        chunk = body[n * size : (n + 1) * size]
        await send({"type": "http.response.body", "body": chunk, "more_body": n < pieces - 1})


async def _drop_connection(receive: Receive) -> None:
    """Close the connection without an answer.

    Under uvicorn ``receive`` is a bound method of the request cycle, whose ``transport`` is the
    socket's: abort it (the client sees the server disconnect without a response), then wait
    for uvicorn to notice, so it neither logs an error nor tries to answer 500. In-process
    there is no socket: raise :class:`ConnectionDropped` for the simulator's transport to turn
    into the error httpx raises for a server disconnect.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if not isinstance(transport, asyncio.Transport):
        raise ConnectionDropped
    transport.abort()
    for _ in range(8):
        if (await receive())["type"] == "http.disconnect":
            break
