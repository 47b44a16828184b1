"""The HTTP seam: the one small interface between the transport and an HTTP library.

Everything above it (retries, auth, limits, deadlines) sees only these types. Each backend
lives in one module, the only one that imports its library, and maps that library's
exceptions to :class:`HttpFailure` in one table:

- ``_httpx.py``: httpx (the default; also takes an httpx transport, for tests and the
  in-process simulator)
- ``_aiohttp.py``: aiohttp (the ``[aiohttp]`` extra)

A backend sends one prepared request (absolute URL, query included), reads the body under a
size cap counted after decompression, bounds the whole attempt by ``Timeout.total``, and
answers status, headers and bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ._body import BodyTooLarge, BodyUndecodable
from ._tls import Verify
from ._types import HttpFailure, HttpResponse

if TYPE_CHECKING:
    from .._config import Timeout

__all__ = [
    "BodyTooLarge",
    "BodyUndecodable",
    "HttpBackend",
    "HttpFailure",
    "HttpResponse",
    "HttpxTransport",
    "Verify",
    "create_backend",
]


@runtime_checkable
class HttpxTransport(Protocol):
    """What ``ScanSourceClient(transport=...)`` takes: an ``httpx.AsyncBaseTransport`` (the
    simulator's in-process one, a mock), named here without importing httpx."""

    async def handle_async_request(self, request: Any) -> Any: ...

    async def aclose(self) -> None: ...


class HttpBackend(Protocol):
    """What the transport needs from an HTTP library."""

    name: str

    async def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: Timeout,
        max_bytes: int,
    ) -> HttpResponse:
        """Send one request and read its whole body.

        Raises :class:`HttpFailure` for a network failure or a timeout (``Timeout.total``
        included), :class:`BodyTooLarge` once the decoded body passes ``max_bytes`` and
        :class:`BodyUndecodable` for a body its Content-Encoding cannot decode.
        """
        ...

    async def aclose(self) -> None:
        """Close every connection."""
        ...

    def connections_in_use(self) -> int:
        """Pooled connections busy with a request right now (0 when it cannot tell)."""
        ...


def create_backend(
    name: str,
    *,
    max_connections: int,
    headers: Mapping[str, str],
    transport: HttpxTransport | None = None,
    proxy: str | None = None,
    verify: Verify = True,
    trust_env: bool = True,
) -> HttpBackend:
    """The backend called ``name``; its library is imported only now.

    ``proxy`` (an ``http://`` URL, credentials allowed), ``verify`` and ``trust_env`` (read
    ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` when no ``proxy`` is given) mean
    the same for both backends.
    """
    if name == "aiohttp":
        if transport is not None:
            raise ValueError("transport= is an httpx transport; it needs http_backend='httpx'")
        from ._aiohttp import AiohttpBackend

        return AiohttpBackend(
            max_connections=max_connections,
            headers=headers,
            proxy=proxy,
            verify=verify,
            trust_env=trust_env,
        )
    from ._httpx import HttpxBackend

    return HttpxBackend(
        max_connections=max_connections,
        headers=headers,
        transport=transport,  # type: ignore[arg-type]  # an httpx transport, by contract
        proxy=proxy,
        verify=verify,
        trust_env=trust_env,
    )
