"""DNS, TCP and TLS to one host: the three ways a request can fail before HTTP starts.

``http://`` URLs get no TLS check: on a loopback address (the simulator) it is reported as
skipped and passes; to any other host it fails, as the subscription key and the token would
travel in clear text.

Behind a proxy (``SCANSOURCE_PROXY``, or the environment's ``HTTPS_PROXY``/``HTTP_PROXY``/
``ALL_PROXY`` and ``NO_PROXY`` as the client reads them) the client never connects to the API
host itself: the proxy's host gets the DNS and TCP checks, and the TLS of the host behind it,
which runs inside the proxy's tunnel, is left to the requests that follow.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
import time
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit

import attrs

from .._config import ClientConfig
from ._checks import Check

__all__ = ["Host", "host_checks", "hosts_of", "network_hosts", "proxy_for"]

HostKind = Literal["direct", "proxy", "behind proxy"]


@attrs.frozen
class Host:
    """A host to check, and what it serves (``"API"``, ``"token"``, or both)."""

    scheme: str
    name: str
    port: int
    roles: tuple[str, ...]
    #: ``"direct"``: connected to; ``"proxy"``: a proxy's host (no TLS check: the tunnel's TLS
    #: is the host's behind it); ``"behind proxy"``: reached only through its proxy
    kind: HostKind = "direct"
    #: for a host behind a proxy, the proxy's ``host:port``
    proxy: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}:{self.port}"

    @property
    def role_text(self) -> str:
        return " and ".join(self.roles) + " host"


def hosts_of(
    urls: Sequence[tuple[str, str]], kind: HostKind = "direct", proxy: str | None = None
) -> list[Host]:
    """The distinct hosts of ``(role, url)`` pairs, in order; one host serving two roles is
    checked once."""
    found: dict[tuple[str, str, int], list[str]] = {}
    for role, url in urls:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found.setdefault((parts.scheme, host, port), []).append(role)
    return [
        Host(scheme, name, port, tuple(roles), kind, proxy)
        for (scheme, name, port), roles in found.items()
    ]


def proxy_for(url: str, config: ClientConfig) -> str | None:
    """The proxy the client's requests to ``url`` go through, if any: ``config.proxy``, else
    (with ``trust_env``) the environment's proxy for the URL's scheme, unless ``NO_PROXY``
    names its host; ``ALL_PROXY`` only with the httpx backend, as aiohttp does not read it."""
    if config.proxy is not None:
        return config.proxy
    if not config.trust_env:
        return None
    proxies = urllib.request.getproxies_environment()
    parts = urlsplit(url)
    if not proxies or urllib.request.proxy_bypass(parts.netloc):
        return None
    found = proxies.get(parts.scheme)
    if found is None and config.http_backend == "httpx":
        found = proxies.get("all")
    return found or None


def network_hosts(urls: Sequence[tuple[str, str]], config: ClientConfig) -> list[Host]:
    """The hosts to check for ``(role, url)`` pairs: each one the client connects to itself,
    then the proxies it connects to instead and the hosts behind them."""
    direct: list[tuple[str, str]] = []
    proxied: dict[str, list[tuple[str, str]]] = {}
    for role, url in urls:
        proxy = proxy_for(url, config)
        if proxy is None:
            direct.append((role, url))
        else:
            proxied.setdefault(proxy, []).append((role, url))
    hosts = hosts_of(direct)
    for proxy, behind in proxied.items():
        (proxy_host,) = hosts_of([(f"{' and '.join(role for role, _ in behind)} proxy", proxy)])
        hosts.append(attrs.evolve(proxy_host, kind="proxy"))
        hosts += hosts_of(behind, "behind proxy", proxy_host.label)
    return hosts


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _failed(name: str, host: Host, started: float, what: str, reason: str) -> Check:
    """A step that failed after ``started``: ``<role>: <what>: <reason>``."""
    return Check(
        name=name, ok=False, latency_ms=_ms(started), detail=f"{host.role_text}: {what}: {reason}"
    )


def _timed_out_or(exc: OSError | TimeoutError, reason: str) -> str:
    return "timed out" if isinstance(exc, TimeoutError) else reason


async def host_checks(host: Host, timeout: float) -> list[Check]:
    """DNS, then TCP, then TLS for ``host``; a failed step skips the ones after it. A proxy
    gets no TLS check; a host behind one, only its TLS check, reported as left to the requests
    that go through the proxy."""
    if host.kind == "behind proxy":
        detail = f"{host.role_text}: skipped: reached through the proxy {host.proxy}"
        if host.scheme == "https":
            detail += "; the requests below check its TLS"
        return [Check(name=f"tls {host.name}", ok=True, detail=detail)]
    checks = [await _dns(host, timeout)]
    if checks[-1].ok:
        checks.append(await _tcp(host, timeout))
    if checks[-1].ok and host.kind == "direct":
        checks.append(await _tls(host, timeout))
    return checks


async def _dns(host: Host, timeout: float) -> Check:
    name = f"dns {host.name}"
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            infos = await asyncio.get_running_loop().getaddrinfo(
                host.name, host.port, type=socket.SOCK_STREAM
            )
    except (OSError, TimeoutError) as exc:
        reason = _timed_out_or(exc, exc.strerror or str(exc))
        return _failed(name, host, started, "cannot resolve", reason)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    shown = ", ".join(addresses[:3]) + (" ..." if len(addresses) > 3 else "")
    return Check(name=name, ok=True, latency_ms=_ms(started), detail=f"{host.role_text}: {shown}")


async def _tcp(host: Host, timeout: float) -> Check:
    name = f"tcp {host.label}"
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(host.name, host.port)
    except (OSError, TimeoutError) as exc:
        reason = _timed_out_or(exc, exc.strerror or str(exc))
        return _failed(name, host, started, "cannot connect", reason)
    latency = _ms(started)
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return Check(name=name, ok=True, latency_ms=latency, detail=f"{host.role_text}: connected")


async def _tls(host: Host, timeout: float) -> Check:
    name = f"tls {host.name}"
    if host.scheme != "https":
        if _is_loopback(host.name):
            return Check(
                name=name, ok=True, detail=f"{host.role_text}: skipped: http:// on loopback, no TLS"
            )
        return Check(
            name=name,
            ok=False,
            detail=f"{host.role_text}: http:// to a remote host: the key and token"
            " would travel unencrypted; use https://",
        )
    started = time.perf_counter()
    context = ssl.create_default_context()
    try:
        async with asyncio.timeout(timeout):
            _, writer = await asyncio.open_connection(
                host.name, host.port, ssl=context, server_hostname=host.name
            )
    except ssl.SSLCertVerificationError as exc:
        return _failed(name, host, started, "certificate refused", str(exc.verify_message))
    except (OSError, TimeoutError) as exc:
        return _failed(name, host, started, "TLS handshake failed", _timed_out_or(exc, str(exc)))
    latency = _ms(started)
    ssl_object = writer.get_extra_info("ssl_object")
    detail = f"{host.role_text}: {ssl_object.version() if ssl_object else 'TLS'}"
    cert = ssl_object.getpeercert() if ssl_object else None
    if cert and "notAfter" in cert:
        expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(str(cert["notAfter"])), UTC)
        detail += f", certificate valid until {expires:%Y-%m-%d}"
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()
    return Check(name=name, ok=True, latency_ms=latency, detail=detail)
