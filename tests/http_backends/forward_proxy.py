"""A small forward proxy on loopback that records what it forwarded.

Plain HTTP only: the client sends ``GET http://127.0.0.1:PORT/path HTTP/1.1`` (an absolute URI)
and the proxy sends the request on to that loopback host, one request per connection (it
answers with ``Connection: close``). No ``CONNECT``: the simulator serves plain http. Anything
not addressed to a loopback host gets a 502 and is never sent anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from urllib.parse import urlsplit

import attrs

LOOPBACK = ("127.0.0.1", "localhost")
MAX_HEAD_LINES = 200
READ_TIMEOUT = 30.0
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


@attrs.frozen
class Forwarded:
    """One request the proxy forwarded: its method, absolute URL and headers (lower-case)."""

    method: str
    url: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


class ForwardProxy:
    """``async with ForwardProxy() as proxy:`` serves on ``proxy.url`` until the block ends."""

    def __init__(self) -> None:
        self.forwarded: list[Forwarded] = []
        self.refused: list[str] = []
        self.url = ""
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> ForwardProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await asyncio.wait_for(self._handle(reader, writer), READ_TIMEOUT)
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line = (await reader.readline()).decode("latin-1").strip()
        if not request_line:
            return
        method, target, _version = request_line.split(" ", 2)
        headers: list[tuple[str, str]] = []
        for _ in range(MAX_HEAD_LINES):
            line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
        lower = {name.lower(): value for name, value in headers}
        body = await reader.readexactly(int(lower.get("content-length", "0")))

        host, port, path = _split_target(target)
        if host not in LOOPBACK:
            self.refused.append(target)
            writer.write(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            return
        self.forwarded.append(Forwarded(method, target, lower))

        upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
        try:
            kept = [
                (name, value)
                for name, value in headers
                if not name.lower().startswith("proxy-") and name.lower() != "connection"
            ]
            head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in kept)
            head += "Connection: close\r\n\r\n"
            upstream_writer.write(head.encode("latin-1") + body)
            await upstream_writer.drain()
            response = await upstream_reader.read()  # the server closes after its answer
        finally:
            upstream_writer.close()
            with contextlib.suppress(ConnectionError):
                await upstream_writer.wait_closed()
        writer.write(_closing(response))
        await writer.drain()


def _split_target(target: str) -> tuple[str, int, str]:
    """Host, port and origin-form path of an absolute ``http://`` URI."""
    if not target.startswith("http://"):
        raise ValueError(f"not an absolute http URI: {target!r}")
    authority, slash, rest = target[len("http://") :].partition("/")
    host, _, port = authority.rpartition(":") if ":" in authority else (authority, "", "80")
    return host, int(port), slash + rest or "/"


def _closing(response: bytes) -> bytes:
    """The upstream response, its head saying ``Connection: close`` (this proxy closes)."""
    head, separator, body = response.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + separator + body
