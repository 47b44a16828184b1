"""The seam's plain values: a response, and a failure in the library's neutral terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = [
    "FailureKind",
    "FailureTable",
    "HttpFailure",
    "HttpResponse",
    "attempt_timed_out",
    "failure_of",
]

#: refused: not sendable (bad URL or header), nothing left the process
#: connect: no connection made; timeout: a phase or the whole attempt ran out;
#: network: the connection failed after the request may have been sent;
#: closed: the backend was closed under the request
FailureKind = Literal["refused", "connect", "timeout", "network", "closed"]
#: a backend's exceptions in the seam's terms, most specific first: (type, kind, may the server
#: have seen the request)
FailureTable = tuple[tuple[type[Exception], FailureKind, bool], ...]


class HttpResponse:
    """Status, headers (a case-insensitive mapping) and the decoded body."""

    __slots__ = ("content", "headers", "status")

    def __init__(self, status: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status = status
        self.headers = headers
        self.content = content

    def __repr__(self) -> str:
        return f"<HttpResponse status={self.status} bytes={len(self.content)}>"

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300


class HttpFailure(Exception):
    """An attempt that got no response. ``sent`` tells whether the server may have seen the
    request (False only when it cannot have: no connection, or refused before sending)."""

    def __init__(self, kind: FailureKind, detail: str, *, sent: bool) -> None:
        super().__init__(detail)
        self.kind: FailureKind = kind
        self.detail = detail
        self.sent = sent


def failure_of(exc: Exception, table: FailureTable) -> HttpFailure | None:
    """``exc`` as the failure its backend's table names, or None for an exception the table
    does not name (BodyTooLarge, BodyUndecodable: the caller raises those as they are)."""
    for error_type, kind, sent in table:
        if isinstance(exc, error_type):
            detail = type(exc).__name__ + (f": {exc}" if str(exc) else "")
            return HttpFailure(kind, detail, sent=sent)
    return None


def attempt_timed_out(total: float | None) -> HttpFailure:
    """The failure of an attempt that ran past ``Timeout.total`` (it may have been sent)."""
    return HttpFailure("timeout", f"the attempt took longer than {total}s", sent=True)
