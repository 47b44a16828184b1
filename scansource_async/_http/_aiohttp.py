"""The aiohttp backend: the only module that imports aiohttp (the ``[aiohttp]`` extra).

aiohttp parses HTTP/1.1 in C and costs about half of what httpx does per request. It hands
over the raw body (``auto_decompress=False``) so that decoding and the size cap are
:class:`CappedBody`'s, as with httpx; its exceptions become :class:`HttpFailure` through one
table.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Mapping

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

from .._config import Timeout
from ._body import ACCEPT_ENCODING, CappedBody
from ._tls import Verify, ca_context
from ._types import FailureTable, HttpFailure, HttpResponse, attempt_timed_out, failure_of

__all__ = ["AiohttpBackend"]

# aiohttp's exceptions in our terms, most specific first: (type, kind, may the server have
# seen the request). ValueError: a header or URL aiohttp refuses to write.
_FAILURES: FailureTable = (
    (aiohttp.InvalidURL, "refused", False),
    (aiohttp.ConnectionTimeoutError, "timeout", False),
    (aiohttp.ServerTimeoutError, "timeout", True),
    (aiohttp.ClientConnectorError, "connect", False),
    (aiohttp.ClientError, "network", True),
    (ValueError, "refused", False),
)


_EnvProxy = tuple[URL | None, aiohttp.BasicAuth | None]
_NO_PROXY: _EnvProxy = (None, None)


@functools.lru_cache(maxsize=64)  # once per distinct Timeout, not once per attempt
def _timeouts(timeout: Timeout) -> aiohttp.ClientTimeout:
    # ``total`` is ours (it also covers reading the body); aiohttp has no write timeout.
    return aiohttp.ClientTimeout(
        total=None, connect=timeout.pool, sock_connect=timeout.connect, sock_read=timeout.read
    )


def _redact_aiohttp_logs() -> None:
    # aiohttp's client loggers go through the same secret filter as ours and httpx's.
    from .._redaction import _FILTER

    for name in ("aiohttp", "aiohttp.client", "aiohttp.internal"):
        logging.getLogger(name).addFilter(_FILTER)


_redact_aiohttp_logs()


class AiohttpBackend:
    """One ``aiohttp.ClientSession``, opened on first use in the running event loop."""

    name = "aiohttp"

    def __init__(
        self,
        *,
        max_connections: int,
        headers: Mapping[str, str],
        proxy: str | None = None,
        verify: Verify = True,
        trust_env: bool = True,
    ) -> None:
        self._limit = max_connections
        self._headers = {**headers, "Accept-Encoding": ACCEPT_ENCODING}
        self._proxy = proxy
        # aiohttp's ssl=: True verifies with its default context, False does not verify.
        self._ssl = ca_context(verify) if isinstance(verify, str) else verify
        self._trust_env = trust_env
        self._env_proxies: dict[tuple[str, str], _EnvProxy] = {}
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"<AiohttpBackend closed={self._closed} busy={self.connections_in_use()}>"

    def _open(self) -> aiohttp.ClientSession:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._limit, limit_per_host=0, ssl=self._ssl),
            headers=self._headers,
            proxy=self._proxy,  # its credentials, if any, become Proxy-Authorization
            # aiohttp's own trust_env costs two thread hops per request (the proxy variables
            # and ~/.netrc, whose Authorization would clash with ours): proxies are read once
            # per host here instead (_env_proxy), and netrc is not read.
            trust_env=False,
            auto_decompress=False,  # CappedBody decodes, under the cap
            timeout=aiohttp.ClientTimeout(total=None),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self._session

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
        session = self._session or self._open()
        target = URL(url, encoded=True)
        proxy, proxy_auth = self._env_proxy(target)
        try:
            async with asyncio.timeout(timeout.total):
                async with session.request(
                    method,
                    target,
                    headers=headers,
                    proxy=proxy,
                    proxy_auth=proxy_auth,
                    data=body,
                    allow_redirects=False,
                    timeout=_timeouts(timeout),
                ) as response:
                    reader = CappedBody(max_bytes, response.status, response.headers)
                    try:
                        content = await reader.read(response.content.iter_any())
                    except BaseException:
                        response.close()  # the rest of the body stays unread: drop the connection
                        raise
        except TimeoutError as exc:
            if isinstance(exc, aiohttp.ServerTimeoutError):  # a phase timeout
                raise failure_of(exc, _FAILURES) from None  # type: ignore[misc]
            raise attempt_timed_out(timeout.total) from None
        except Exception as exc:
            failure = failure_of(exc, _FAILURES)
            if failure is None:
                raise  # BodyTooLarge, BodyUndecodable
            raise failure from None
        return HttpResponse(response.status, response.headers, content)

    def _env_proxy(self, url: URL) -> _EnvProxy:
        """The proxy the environment names for ``url``'s scheme and host (HTTP_PROXY,
        HTTPS_PROXY, NO_PROXY, as aiohttp reads them), read on first use of each."""
        if self._proxy is not None or not self._trust_env:
            return _NO_PROXY
        key = (url.scheme, url.host or "")
        found = self._env_proxies.get(key)
        if found is None:
            try:
                found = self._env_proxies[key] = get_env_proxy_for_url(url)
            except LookupError:
                found = self._env_proxies[key] = _NO_PROXY
        return found

    async def aclose(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()

    def connections_in_use(self) -> int:
        connector = None if self._session is None else self._session.connector
        acquired = getattr(connector, "_acquired", ())
        try:
            return len(acquired)
        except TypeError:
            return 0
