"""Simulator capacity: requests/s the simulator serves alone, so no other benchmark is bound by it.

A lean load generator (raw keep-alive sockets, requests pre-encoded, responses read by their
``Content-Length``; no HTTP client library) keeps ``connections`` requests in flight against
a simulator process with no latency and no rate limit, for a fixed time per row. The server
reports its own CPU seconds, so ``req/s per server core`` (requests ÷ server CPU seconds) holds
even when the load generator and the server share a busy machine.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from ._harness import (
    SUBSCRIPTION_KEY,
    SimulatorProcess,
    fetch_token,
    item_numbers,
    make_parser,
    pricing_body,
    report,
    size_of,
)

NAME = "simulator"
TARGET = 3000.0
DURATION = {"full": 6.0, "quick": 3.0, "tiny": 0.4}
CONNECTIONS = 32
# (row label, lines per pricing request)
ROWS = [("pricing, 1 line", 1), ("pricing, 40 lines", 40)]


def encode_request(host: str, path: str, token: str, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body, separators=(",", ":")).encode()
    head = (
        f"POST /{path} HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Ocp-Apim-Subscription-Key: {SUBSCRIPTION_KEY}\r\n"
        f"Authorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\n"
        "Accept: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response; return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def load(
    base_url: str, requests: Sequence[bytes], *, connections: int, duration: float
) -> dict[str, Any]:
    """Keep ``connections`` keep-alive connections busy for ``duration`` seconds."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    deadline = time.perf_counter() + duration
    statuses: dict[int, int] = {}
    completed = 0

    async def worker(offset: int) -> None:
        nonlocal completed
        reader, writer = await asyncio.open_connection(host, port)
        try:
            n = offset
            while time.perf_counter() < deadline:
                writer.write(requests[n % len(requests)])
                status = await _read_response(reader)
                statuses[status] = statuses.get(status, 0) + 1
                completed += 1
                n += connections
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    return {"completed": completed, "wall": time.perf_counter() - started, "statuses": statuses}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    duration = DURATION[size]
    items = item_numbers()
    headers = [
        "workload",
        "connections",
        "requests",
        "req/s",
        "server CPU s",
        "req/s per server core",
        "÷ target 3,000",
        "non-200",
    ]
    rows: list[list[Any]] = []
    for label, lines in ROWS:
        with SimulatorProcess(max_lines=max(40, lines)) as server:
            token = fetch_token(server.base_url)
            host = urlsplit(server.base_url).netloc
            requests = [
                encode_request(
                    host,
                    "scsc/product/v2/pricing?customerNumber=1000001",
                    token,
                    pricing_body([(items[(n * lines + k) % len(items)], 1) for k in range(lines)]),
                )
                for n in range(512)
            ]
            result = asyncio.run(
                load(server.base_url, requests, connections=CONNECTIONS, duration=duration)
            )
        stats = server.stats or {}
        served = stats.get("requests", 0) - 1  # less the token request
        cpu = float(stats.get("cpu_seconds", float("nan")))
        per_core = served / cpu if cpu else float("nan")
        rate = result["completed"] / result["wall"]
        non_200 = sum(count for status, count in result["statuses"].items() if status != 200)
        rows.append(
            [
                label,
                CONNECTIONS,
                result["completed"],
                rate,
                cpu,
                per_core,
                (per_core if lines == 1 else float("nan")) / TARGET,
                non_200,
            ]
        )
    title = (
        f"simulator: one server process, no latency, no rate limit; a raw-socket load generator"
        f" in another process, {duration:g} s per row"
    )
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters={"size": size, "duration_s": duration, "connections": CONNECTIONS},
        argv=argv,
    )


if __name__ == "__main__":
    main()
