"""Reading responses: plain functions from (status, headers, body) to data or a typed error.

Kept free of I/O so every branch is testable without a network.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._redaction import scrub_value
from .errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

__all__ = [
    "REQUEST_ID_HEADERS",
    "decode_body",
    "error_for_status",
    "invalid_response",
    "message_from_body",
    "redact",
    "request_id_from",
]

REQUEST_ID_HEADERS = ("request-id", "x-request-id", "x-ms-request-id", "apim-request-id")
_STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
_MESSAGE_KEYS = ("message", "Message", "error_description", "ErrorMessage", "error", "title")
_MAX_MESSAGE = 500


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("application/json", "text/json") or media.endswith("+json")


def decode_body(content_type: str, content: bytes) -> Any:
    """JSON bodies as Python data (numbers with a fraction as Decimal); others as bytes;
    None for an empty body (a 204, or JSON of only whitespace).

    Raises ValueError when a body that says it is JSON does not parse (or nests too deeply).
    """
    if not content:
        return None
    if not _is_json(content_type):
        return content
    if not content.strip():
        return None
    try:
        return json.loads(content, parse_float=Decimal)
    except RecursionError:
        # A body nested deeper than the parser's stack (``[[[[…``) is as unreadable as one
        # that does not parse: report it the same way, never as a crash.
        raise ValueError("the JSON body is nested too deeply") from None


def request_id_from(headers: Mapping[str, str]) -> str | None:
    for name in REQUEST_ID_HEADERS:
        if (value := headers.get(name)) is not None:
            return value
    return None


def message_from_body(body: Any) -> str | None:
    """The API's own words from an error body, whatever shape it takes."""
    if isinstance(body, Mapping):
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:_MAX_MESSAGE]
            if isinstance(value, Mapping):
                return message_from_body(value)
        return None
    if isinstance(body, str) and body.strip():
        return body.strip()[:_MAX_MESSAGE]
    if isinstance(body, bytes) and body.strip():
        return body.decode("utf-8", "replace").strip()[:_MAX_MESSAGE]
    return None


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def error_for_status(
    status_code: int,
    headers: Mapping[str, str],
    body: Any,
    *,
    method: str,
    path: str,
    secrets: Iterable[str] = (),
    retry_after: float | None = None,
) -> APIStatusError:
    """The typed error for an error response (the message comes from the body when it has one)."""
    detail = message_from_body(body)
    message = f"{method} {path} -> {status_code}" + (f": {detail}" if detail else "")
    secrets = tuple(secrets)
    message = redact(message, secrets)
    # A server may echo the request (key, token) into its body or its request id.
    kwargs: dict[str, Any] = {
        "status_code": status_code,
        "request_id": scrub_value(request_id_from(headers), secrets),
        "body": scrub_value(body, secrets),
        "method": method,
        "path": path,
    }
    if status_code == 429:
        return RateLimitError(message, retry_after=retry_after, **kwargs)
    error_type = _STATUS_ERRORS.get(status_code)
    if error_type is None:
        error_type = ServerError if status_code >= 500 else APIStatusError
    return error_type(message, **kwargs)


def invalid_response(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    method: str,
    path: str,
    why: str,
) -> InvalidResponseError:
    excerpt = content[:200].decode("utf-8", "replace")
    return InvalidResponseError(
        f"{method} {path} -> {status_code}: {why}",
        status_code=status_code,
        request_id=request_id_from(headers),
        body=excerpt,
        method=method,
        path=path,
    )
