"""The pool-wide expiry check gives each connection's own ``has_expired()`` answer."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import logging
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpcore
import httpx
import pytest

from scansource_async import Timeout
from scansource_async._http import create_backend
from scansource_async._http._httpx import _pool_expiry
from scansource_async._http._pool_expiry import PoolExpiry

# httpcore 1.0.9's expiry check, as PoolExpiry repeats it. A new httpcore that changes any of
# these fails here: compare the new source with PoolExpiry._expired before updating the digest
# (and the pin in pyproject.toml).
TESTED_DIGEST = "ca7cc63b1a32c146e7ec71ee0bf06e544fbde8f3f17581abef5cf1d5237d0bb3"


class KeepAliveServer:
    """Answers ``{}`` on loopback, keeping each connection open, until told to drop them."""

    def __init__(self, *, delay: float = 0.0, drop_after_answer: bool = False) -> None:
        self.delay = delay
        self.drop_after_answer = drop_after_answer
        self.writers: list[asyncio.StreamWriter] = []
        self.connections = 0
        self.url = ""
        self._handlers: set[asyncio.Task[Any]] = set()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                await reader.readuntil(b"\r\n\r\n")
                await asyncio.sleep(self.delay)
                # No "Connection: close": the client keeps the connection for the next request.
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
                if self.drop_after_answer:
                    break
        writer.close()

    async def drop(self, writer: asyncio.StreamWriter) -> None:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    @contextlib.asynccontextmanager
    async def serve(self) -> AsyncIterator[KeepAliveServer]:
        server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        try:
            yield self
        finally:
            for writer in self.writers:
                writer.close()
            server.close()
            if self._handlers:  # each sees its connection end and returns
                await asyncio.wait(self._handlers, timeout=5)


class Other:
    """A connection of another shape (HTTP/2, a proxy's): asked for itself."""

    def __init__(self, expired: bool) -> None:
        self.expired = expired

    def has_expired(self) -> bool:
        return self.expired


def own_answers(connections: list[Any]) -> set[int]:
    return {id(connection) for connection in connections if connection.has_expired()}


async def wait_until(condition: Any) -> None:
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def test_the_same_answers_as_each_connections_own_on_real_connections() -> None:
    expiry = _pool_expiry()
    assert expiry is not None
    async with (
        KeepAliveServer(delay=0.05).serve() as server,
        httpx.AsyncClient(limits=httpx.Limits(max_connections=5)) as client,
    ):
        responses = await asyncio.gather(*(client.get(server.url) for _ in range(5)))
        assert [r.status_code for r in responses] == [200] * 5
        pool = client._transport._pool  # type: ignore[attr-defined]
        connections: list[Any] = list(pool._connections)
        assert len(connections) == 5 and all(c.is_idle() for c in connections)
        assert expiry.expired(connections) == own_answers(connections) == set()

        # The server closes two idle connections; a third is past its keep-alive expiry.
        for writer in server.writers[:2]:
            await server.drop(writer)
        await wait_until(lambda: len(own_answers(connections)) == 2)
        connections[-1]._connection._expire_at = time.monotonic() - 1
        others = [Other(expired=True), Other(expired=False)]
        everything = connections + others
        answers = expiry.expired(everything)
        assert answers == own_answers(everything)
        assert len(answers) == 4  # two dropped, one past its expiry, one other shape

        # A closed connection (no socket any more) counts as expired, as httpcore has it.
        await connections[1].aclose()
        assert expiry.expired(connections) == own_answers(connections)


async def test_a_connection_the_server_closed_while_idle_is_replaced_not_reused() -> None:
    async with KeepAliveServer(drop_after_answer=True).serve() as server:
        backend = create_backend("httpx", max_connections=2, headers={})
        try:
            timeout = Timeout.of(5)
            first = await backend.send("GET", server.url, {}, None, timeout, 1000)
            await wait_until(lambda: all(w.is_closing() for w in server.writers))
            await asyncio.sleep(0.05)  # the server's FIN reaches the client's socket
            second = await backend.send("GET", server.url, {}, None, timeout, 1000)
        finally:
            await backend.aclose()
    assert (first.status, first.content, second.status, second.content) == (200, b"{}", 200, b"{}")
    assert server.connections == 2


class Outer:
    def __init__(self) -> None:
        self._connection = Inner()

    def has_expired(self) -> bool:
        return True


class Inner:
    """An httpcore of another shape: no ``_network_stream``."""


def test_an_unknown_shape_warns_once_and_each_connection_answers_for_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    expiry = PoolExpiry(connection=Outer, http11=Inner, idle=object(), stream=object)
    connections: list[Any] = [Outer(), Other(expired=False)]
    with caplog.at_level(logging.WARNING, logger="scansource_async"):
        assert expiry.expired(connections) == {id(connections[0])}
        assert expiry.expired(connections) == {id(connections[0])}
    warnings = [r for r in caplog.records if "expiry check" in r.getMessage()]
    assert len(warnings) == 1


def test_httpcores_expiry_check_is_the_one_this_was_written_for() -> None:
    from httpcore._backends.anyio import AnyIOStream
    from httpcore._utils import is_socket_readable

    functions = (
        httpcore.AsyncHTTPConnection.has_expired,
        httpcore.AsyncHTTP11Connection.has_expired,
        AnyIOStream.get_extra_info,
        is_socket_readable,
    )
    source = "".join(inspect.getsource(function) for function in functions)
    assert hashlib.sha256(source.encode()).hexdigest() == TESTED_DIGEST


class Stream:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.lookups = 0

    def get_extra_info(self, name: str) -> Any:
        self.lookups += 1
        return self.sock if name == "socket" else None


class Http11:
    def __init__(self, stream: Stream, state: str = "IDLE", expire_at: float | None = None) -> None:
        self._network_stream = stream
        self._state = state
        self._expire_at = expire_at


class Connection:
    def __init__(self, inner: Http11) -> None:
        self._connection = inner


def test_sockets_are_looked_up_once_per_stream_and_forgotten_with_their_connections() -> None:
    expiry = PoolExpiry(connection=Connection, http11=Http11, idle="IDLE", stream=Stream)
    pairs = [socket.socketpair() for _ in range(12)]
    try:
        connections = [Connection(Http11(Stream(ours))) for ours, _ in pairs]
        connections[3]._connection._state = "ACTIVE"  # busy: not polled
        connections[5]._connection._expire_at = time.monotonic() - 1
        pairs[7][1].sendall(b"x")  # the server sent something unasked: readable
        pairs[8][1].close()  # the server hung up: readable (end of stream)
        pairs[3][1].sendall(b"x")  # readable, but the connection is busy
        expected = {id(connections[n]) for n in (5, 7, 8)}
        assert expiry.expired(connections) == expected
        assert expiry.expired(connections) == expected
        assert [c._connection._network_stream.lookups for c in connections] == [
            0 if n in (3, 5) else 1 for n in range(12)
        ]
        # The pool moves on to other connections: the old streams are not held for ever.
        assert expiry.expired([]) == set()
        assert expiry._sockets == {}
    finally:
        for ours, theirs in pairs:
            ours.close()
            theirs.close()
