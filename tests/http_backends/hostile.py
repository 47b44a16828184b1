"""Hostile loopback servers (a gzip bomb, an endless body, a one-byte-per-second drip), and a
child-process check of the client's memory against them.

Run as a script (``python hostile.py BACKEND``) it is the child: it measures its own peak RSS
(``ru_maxrss``) before and after the client reads a 1 GiB gzip bomb and a 200 MB body, and
prints the figures as JSON. A child process, so that the test runner's own memory and any
earlier test cannot blur the peak.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable

MiB = 1 << 20
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def gzip_bomb(gib: int = 1) -> bytes:
    """A valid gzip body of about 1 MB per GiB that expands to ``gib`` GiB of zeros.

    A full flush resets the compressor, so the compressed form of each further MiB of zeros
    is the same bytes: built in milliseconds rather than by compressing a GiB.
    """
    zeros = bytes(MiB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(gib * 1024):
        crc = zlib.crc32(zeros, crc)
    size = (gib << 30) & 0xFFFFFFFF
    # An empty final block (fixed Huffman, end of block), then CRC-32 and size mod 2**32.
    tail = b"\x03\x00" + crc.to_bytes(4, "little") + size.to_bytes(4, "little")
    return head + block * (gib * 1024 - 1) + tail


async def _read_request(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and int(value) > 0:
            await reader.readexactly(int(value))


def _head(length: int | None, *extra: str) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json"]
    # Without a length the body runs until the connection closes, so only reading tells.
    lines.append("Connection: close" if length is None else f"Content-Length: {length}")
    return ("\r\n".join([*lines, *extra]) + "\r\n\r\n").encode()


def bomb_handler(body: bytes) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(_head(len(body), "Content-Encoding: gzip"))
        for start in range(0, len(body), 64 * 1024):
            writer.write(body[start : start + 64 * 1024])
            await writer.drain()

    return handle


def big_body_handler(size: int) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(_head(None))
        chunk = b"7" * MiB
        for _ in range(size // MiB):
            writer.write(chunk)
            await writer.drain()

    return handle


def small_handler() -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(_head(2) + b"{}")
        await writer.drain()

    return handle


def drip_handler(length: int = 1000, interval: float = 1.0) -> Handler:
    """Headers at once, then one byte of the body per ``interval`` seconds."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(_head(length))
        await writer.drain()
        for _ in range(length):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(interval)

    return handle


@contextlib.asynccontextmanager
async def serve(handler: Handler) -> AsyncIterator[str]:
    """Serve ``handler`` on 127.0.0.1; yields the base URL. Connections still open at the end
    (a drip never finishes by itself) are cut."""
    handlers: set[asyncio.Task[None]] = set()

    async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            # The client hangs up mid-body: that is the point, not an error.
            # Cancelled: the test is over and the server is closing.
            with contextlib.suppress(
                ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError
            ):
                await handler(reader, writer)
        finally:
            handlers.discard(task)
            writer.close()

    server = await asyncio.start_server(guarded, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()
        for task in list(handlers):
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def _child(backend: str, case: str) -> dict[str, object]:
    from scansource_async import ResponseTooLargeError, ScanSourceClient

    if case == "gzip_bomb":
        bomb = gzip_bomb(1)
        handler, sent = bomb_handler(bomb), len(bomb)
    else:
        handler, sent = big_body_handler(200 * MiB), 200 * MiB
    figures: dict[str, object] = {"backend": backend, "case": case, "body_bytes": sent}
    async with serve(handler) as url, serve(small_handler()) as small_url:
        client = ScanSourceClient(
            subscription_key="hostile-test-key-123", base_url=url, http_backend=backend
        )
        async with (
            client,
            ScanSourceClient(
                subscription_key="hostile-test-key-123", base_url=small_url, http_backend=backend
            ) as warm,
        ):
            # Warmed up first: what any first request costs (imports, buffers) is not the body's.
            assert await warm.request("GET", "x") == {}
            before = peak_rss_mib()
            try:
                await client.request("GET", "x")
            except ResponseTooLargeError as exc:
                figures["error"] = type(exc).__name__
                figures["limit"] = exc.limit
            figures["rss_growth_mib"] = peak_rss_mib() - before
            figures["requests"] = client.stats.requests
    return figures


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_child(sys.argv[1], sys.argv[2]))))
