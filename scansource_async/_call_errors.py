"""From what an attempt left behind to the typed error the caller sees.

Plain functions of the attempt, the call's options and the secrets to keep out of messages;
the request pipeline's call loop decides with them, and nothing here waits or sends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._call import Attempt, CallOptions
from ._http import BodyTooLarge, BodyUndecodable, HttpFailure, HttpResponse
from ._response import decode_body, error_for_status, invalid_response, redact, request_id_from
from ._retry import is_retryable, parse_retry_after
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    InvalidResponseError,
    OutcomeUnknownError,
    ResponseTooLargeError,
    ScanSourceError,
    ServerError,
    ValidationError,
)

__all__ = [
    "CLOSED_MESSAGE",
    "decode_success",
    "error_of_failure",
    "error_of_response",
    "final_error",
    "is_rate_limited",
    "may_have_acted",
    "outcome_unknown",
    "should_retry",
    "status_of",
    "too_large",
    "undecodable",
]

CLOSED_MESSAGE = "the client is closed; create a new one"


def error_of_failure(
    failure: HttpFailure, method: str, path: str, secrets: Sequence[str]
) -> ScanSourceError:
    """The typed error of an attempt the backend could not complete.

    Raises at once (no attempt may follow) when the backend is closed, or refused to send
    the request at all.
    """
    if failure.kind == "closed":
        raise ClientClosedError(CLOSED_MESSAGE) from None
    if failure.kind == "refused":
        # Refused before anything was sent: a header the library will not write (its
        # message may quote the value, the subscription key), or a URL it will not build.
        message = f"{method} {path}: request cannot be sent: {failure.detail}"
        # from None: the library's exception may hold the value too.
        raise ValidationError(redact(message, secrets)) from None
    error_type = APITimeoutError if failure.kind == "timeout" else APIConnectionError
    return error_type(
        redact(f"{method} {path}: {failure.detail}", secrets),
        method=method,
        path=path,
        sent=failure.sent,
    )


def too_large(exc: BodyTooLarge, method: str, path: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{method} {path} -> {exc.status}: the response body is larger than"
        f" max_response_bytes ({exc.limit} bytes after decompression); reading stopped",
        limit=exc.limit,
        status_code=exc.status,
        request_id=request_id_from(exc.headers),
        method=method,
        path=path,
    )


def undecodable(exc: BodyUndecodable, method: str, path: str) -> InvalidResponseError:
    return invalid_response(exc.status, exc.headers, b"", method=method, path=path, why=str(exc))


def error_of_response(
    attempt: Attempt, method: str, path: str, secrets: Sequence[str]
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
        secrets=secrets,
        retry_after=retry_after,
    )
    return error, retry_after


def decode_success(response: HttpResponse, method: str, path: str) -> Any:
    """The data of a successful answer (JSON data, bytes or None)."""
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


def may_have_acted(error: ScanSourceError) -> bool:
    """Whether the server may have carried the request out although the attempt failed."""
    if isinstance(error, APIConnectionError):
        return error.sent
    return isinstance(error, ServerError)


def should_retry(error: ScanSourceError, options: CallOptions) -> bool:
    """Whether this kind of failure may be tried again (ignoring the retries left)."""
    if isinstance(error, InvalidResponseError):
        return False  # an answer that cannot be read (too large, undecodable)
    if not options.retry_safe and may_have_acted(error):
        return False  # a create that may have happened is never repeated blindly
    return is_retryable(options.retry, error)


def final_error(error: ScanSourceError, options: CallOptions) -> ScanSourceError:
    """What the caller sees when ``error`` ends the call: a create that may have happened
    is reported as such (it is never repeated blindly)."""
    if not options.retry_safe and may_have_acted(error):
        return outcome_unknown(options, error)
    return error


def outcome_unknown(
    options: CallOptions, cause: BaseException | None, why: str | None = None
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


def is_rate_limited(error: ScanSourceError) -> bool:
    return isinstance(error, APIStatusError) and error.status_code == 429


def status_of(error: ScanSourceError) -> int | str:
    """The status for a log line: the HTTP status, or the error's type for a network error."""
    if isinstance(error, APIStatusError):
        return error.status_code
    return type(error).__name__
