"""Events of calls and attempts: the only places that tell listeners what the pipeline does.

Each function is called at one point of the request pipeline's call loop; with no listener added
they cost one truth test.
"""

from __future__ import annotations

import time

from ._call import Attempt, CallOptions, CallState
from ._listeners import Listeners
from ._response import request_id_from
from .errors import ScanSourceError
from .events import CallEndEvent, RateLimitEvent, RequestEvent, ResponseEvent, RetryEvent

__all__ = [
    "emit_call_end",
    "emit_rate_limit",
    "emit_request",
    "emit_response",
    "emit_retry",
]


def emit_request(
    listeners: Listeners, method: str, path: str, options: CallOptions, state: CallState
) -> None:
    """An attempt is about to go out (called once per attempt, inside its in-flight slot)."""
    state.attempt_started = time.perf_counter()
    if listeners:
        listeners.notify(
            RequestEvent(
                call_id=state.call_id,
                operation=options.operation,
                method=method,
                path=path,
                attempt=state.attempts,
                items=state.items,
            )
        )


def emit_response(
    listeners: Listeners,
    method: str,
    path: str,
    options: CallOptions,
    state: CallState,
    attempt: Attempt,
) -> None:
    """An attempt came back, with a response or a network error."""
    if not listeners:
        return
    response = attempt.response
    state.status_code = None if response is None else response.status
    state.request_id = None if response is None else request_id_from(response.headers)
    listeners.notify(
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


def emit_rate_limit(
    listeners: Listeners,
    method: str,
    path: str,
    options: CallOptions,
    state: CallState,
    wait: float,
) -> None:
    """A 429 paused the whole client for ``wait`` seconds."""
    if listeners.active:
        listeners.emit(
            RateLimitEvent(
                method=method,
                path=path,
                wait=wait,
                call_id=state.call_id,
                operation=options.operation,
            )
        )


def emit_retry(
    listeners: Listeners,
    method: str,
    path: str,
    options: CallOptions,
    state: CallState,
    retry: int,
    wait: float,
    error: ScanSourceError,
) -> None:
    """Retry number ``retry`` of the call starts in ``wait`` seconds, after ``error``."""
    if listeners.active:
        listeners.emit(
            RetryEvent(
                method=method,
                path=path,
                attempt=retry,
                wait=wait,
                reason=str(error),
                call_id=state.call_id,
                operation=options.operation,
            )
        )


def emit_call_end(
    listeners: Listeners,
    method: str,
    path: str,
    options: CallOptions,
    state: CallState,
    started: float,
    error: BaseException | None,
) -> None:
    """The logical call is over (returned, raised, or was cancelled)."""
    listeners.notify(
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
