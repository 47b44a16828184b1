"""The seam's plain values: a response, and a failure in the library's neutral terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = ["FailureKind", "HttpFailure", "HttpResponse"]

#: refused: not sendable (bad URL or header), nothing left the process
#: connect: no connection made; timeout: a phase or the whole attempt ran out;
#: network: the connection failed after the request may have been sent;
#: closed: the backend was closed under the request
FailureKind = Literal["refused", "connect", "timeout", "network", "closed"]


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
