"""The httpx backend: the only module that imports httpx (the default backend).

httpx sends the request and hands over the raw body stream; decoding and the size cap are
:class:`CappedBody`'s. httpx's exceptions become :class:`HttpFailure` through one table.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Mapping
from typing import Any

import httpcore
import httpx

from .._config import Timeout
from ._body import ACCEPT_ENCODING, BodyTooLarge, CappedBody
from ._pool_assign import install as install_assignment
from ._pool_expiry import PoolExpiry
from ._pool_repair import ATTEMPT_EXTENSION, PoolRepair
from ._tls import Verify, ca_context
from ._types import FailureTable, HttpFailure, HttpResponse, attempt_timed_out, failure_of

__all__ = ["HttpxBackend"]

# httpx's exceptions in our terms, most specific first: (type, kind, may the server have
# seen the request). A connection never made or never taken from the pool was not sent.
_FAILURES: FailureTable = (
    (httpx.InvalidURL, "refused", False),  # a URL httpx will not build (too long, controls)
    (httpx.LocalProtocolError, "refused", False),  # a header h11 will not write
    (httpx.UnsupportedProtocol, "refused", False),
    (httpx.ConnectTimeout, "timeout", False),
    (httpx.PoolTimeout, "timeout", False),
    (httpx.TimeoutException, "timeout", True),
    (httpx.ConnectError, "connect", False),
    (httpx.TransportError, "network", True),
)


# Methods httpx gives an explicit "Content-Length: 0" when they carry no body.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@functools.lru_cache(maxsize=256)  # a job sends the same few URLs thousands of times
def _parsed(url: str) -> httpx.URL:
    return httpx.URL(url)


def build_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    extensions: dict[str, Any],
) -> httpx.Request:
    """``httpx.Request(method, url, content=body, headers=headers, extensions=extensions)``,
    the same request, without parsing the URL again for each one.

    ``headers`` are keyed by lower-case name. httpx's automatic headers are placed as httpx
    places them: ``Host`` first, then ``Content-Length: 0`` for a POST, PUT or PATCH without
    a body, the given headers, and last the body's ``Content-Length``.
    """
    parsed = _parsed(url)
    method = method.upper()
    items: list[tuple[str, str]] = []
    if "host" not in headers and parsed.host:
        items.append(("Host", parsed.netloc.decode("ascii")))
    if (
        not body
        and method in _BODY_METHODS
        and "content-length" not in headers
        and "transfer-encoding" not in headers
    ):
        items.append(("Content-Length", "0"))
    items.extend(headers.items())
    if body and "content-length" not in headers:
        items.append(("Content-Length", str(len(body))))
    request = httpx.Request(
        method, parsed, headers=items, stream=httpx.ByteStream(body or b""), extensions=extensions
    )
    request.read()  # as httpx does for content given in memory: request.content is readable
    return request


@functools.lru_cache(maxsize=64)  # once per distinct Timeout, not once per attempt
def _timeouts(timeout: Timeout) -> dict[str, float | None]:
    return httpx.Timeout(
        connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool
    ).as_dict()


async def _read(response: httpx.Response, max_bytes: int) -> bytes:
    if response.is_stream_consumed:
        # Built in memory (a mock transport's answer): httpx has read and decoded it already.
        if len(response.content) > max_bytes:
            raise BodyTooLarge(max_bytes, response.status_code, response.headers)
        return response.content
    reader = CappedBody(max_bytes, response.status_code, response.headers)
    return await reader.read(response.aiter_raw())


# httpx.AsyncClient.send logs each exchange at INFO on this logger; requests that go straight
# to the transport log the same line here, so what a user's logging shows does not change
# (the redaction filter on this logger masks it as before).
_httpx_logger = logging.getLogger("httpx")


def _log_exchange(request: httpx.Request, response: httpx.Response) -> None:
    _httpx_logger.info(
        'HTTP Request: %s %s "%s %d %s"',
        request.method,
        request.url,
        response.http_version,
        response.status_code,
        response.reason_phrase,
    )


def _pool_expiry() -> PoolExpiry | None:
    """The pool-wide expiry check, for the connection types of the pinned httpcore (None, each
    connection answering for itself, when its private modules have moved)."""
    try:
        from httpcore._async.http11 import HTTPConnectionState
        from httpcore._backends.anyio import AnyIOStream
    except ImportError:
        return None
    return PoolExpiry(
        connection=httpcore.AsyncHTTPConnection,
        http11=httpcore.AsyncHTTP11Connection,
        idle=HTTPConnectionState.IDLE,
        stream=AnyIOStream,
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~50 ms; httpx would do it again for every client.
    return httpx.create_ssl_context()


def _verify(verify: Verify) -> ssl.SSLContext | bool:
    if verify is True:
        return _ssl_context()
    if isinstance(verify, str):
        return ca_context(verify)
    return verify  # False, or the caller's own SSLContext


class HttpxBackend:
    """One long-lived ``httpx.AsyncClient``; ``transport`` replaces its network layer.

    The client is built for its configuration (pool limits, TLS, proxies, mounts), but each
    request goes straight to the transport the client would pick for its URL: the client's
    own layers (auth flow, redirects, cookies, event hooks, URL and header merging) do nothing
    for us and cost about a fifth of a request's CPU. Cookies are not kept (neither does the
    aiohttp backend).
    """

    name = "httpx"

    def __init__(
        self,
        *,
        max_connections: int,
        headers: Mapping[str, str],
        transport: httpx.AsyncBaseTransport | None = None,
        proxy: str | None = None,
        verify: Verify = True,
        trust_env: bool = True,
    ) -> None:
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        context = _verify(verify)
        if proxy is not None and transport is None:
            # The proxy's transport is the client's own (not a mount), so the pool repair and
            # the busy count below see the pool every request goes through.
            transport = httpx.AsyncHTTPTransport(
                proxy=proxy, verify=context, limits=limits, trust_env=trust_env
            )
        self._client = httpx.AsyncClient(
            transport=transport,
            limits=limits,
            headers={**headers, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            verify=context,
            trust_env=trust_env,
        )
        self._transport = self._client._transport
        # The client's default headers (User-Agent, Accept ...), by lower-case name: each
        # request's own headers are laid over a copy.
        self._headers = {name.lower(): value for name, value in self._client.headers.items()}
        # httpx's own choice of transport for a URL (a proxy mount, or the pool); without it
        # (another httpx) every request goes through the client.
        self._transport_for_url: Any = getattr(self._client, "_transport_for_url", None)
        self._repair = PoolRepair(self._transport)
        pool = getattr(self._transport, "_pool", None)  # none in a mock or ASGI transport
        if pool is not None:
            install_assignment(pool, _pool_expiry())
        self._closed = False

    def __repr__(self) -> str:
        return f"<HttpxBackend closed={self._closed} busy={self.connections_in_use()}>"

    async def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: Timeout,
        max_bytes: int,
    ) -> HttpResponse:
        if self._closed:
            raise HttpFailure("closed", "the HTTP client is closed", sent=False)
        marker = object()
        try:
            merged = self._headers.copy()
            for name, value in headers.items():
                merged[name.lower()] = value
            request = build_request(
                method,
                url,
                merged,
                body,
                {"timeout": _timeouts(timeout), ATTEMPT_EXTENSION: marker},
            )
            async with asyncio.timeout(timeout.total):
                if self._transport_for_url is None:
                    response = await self._client.send(request, stream=True)
                else:
                    transport = self._transport_for_url(request.url)
                    response = await transport.handle_async_request(request)
                    if _httpx_logger.isEnabledFor(logging.INFO):
                        _log_exchange(request, response)
                try:
                    content = await _read(response, max_bytes)
                finally:
                    await response.aclose()
        except TimeoutError:  # Timeout.total ran out
            self._repair.reclaim(marker)
            raise attempt_timed_out(timeout.total) from None
        except Exception as exc:
            failure = failure_of(exc, _FAILURES)
            if failure is None:
                raise  # BodyTooLarge, BodyUndecodable
            raise failure from None
        except BaseException:  # cancelled mid-flight: see _pool_repair
            self._repair.reclaim(marker)
            raise
        return HttpResponse(response.status_code, response.headers, content)

    async def aclose(self) -> None:
        self._closed = True
        await self._client.aclose()

    def connections_in_use(self) -> int:
        pool = getattr(self._transport, "_pool", None)
        connections: Any = getattr(pool, "connections", ())
        try:
            return sum(1 for conn in connections if not conn.is_idle() and not conn.is_closed())
        except Exception:  # another httpcore shape: unknown
            return 0
