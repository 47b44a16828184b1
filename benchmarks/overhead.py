"""Overhead: ``price_many`` against what a user writes by hand, on the same server in one run.

An unthrottled simulator with a fixed latency answers the same pricing workload (requests of
``chunk`` distinct lines, ``in_flight`` at once) sent by:

- ``price_many``: this library, once with each HTTP backend (httpx, aiohttp);
- ``pricing()`` with a semaphore and ``asyncio.gather``: this library without its bulk
  engine (what the engine itself costs: dedup, ordered per-line results, the read window),
  with each backend;
- raw httpx: an ``httpx.AsyncClient``, a semaphore and ``asyncio.gather``, ``response.json()``
  (plain floats, no models);
- raw aiohttp: the same with an ``aiohttp.ClientSession``;
- a sequential loop: ``await client.products.pricing(chunk)`` one request after another (on a
  slice of the workload, to stay bounded).

Rounds alternate the variants so a noisy neighbour hurts them all alike. Each round's ratios
compare variants that ran one after the other, under the same conditions; the table gives the
median of those paired ratios over the rounds, with their range (one round's luck shows there,
not in the ratio). Client CPU is ``time.process_time()`` of this process (the server is
another, on a core of its own when there are two).
"""

from __future__ import annotations

import asyncio
import importlib.util
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ._harness import (
    CUSTOMER,
    SimulatorProcess,
    client_options,
    fetch_token,
    item_quantities,
    make_parser,
    pricing_body,
    pricing_lines,
    raw_headers,
    report,
    size_of,
)

NAME = "overhead"
SIZES = {
    # requests per round, rounds, requests of the sequential loop
    "full": {"requests": 1000, "rounds": 7, "sequential": 60},
    "quick": {"requests": 300, "rounds": 2, "sequential": 24},
    "tiny": {"requests": 24, "rounds": 1, "sequential": 4},
}
LATENCY_MS = 20.0
IN_FLIGHT = 16
CHUNK = 40
PATH = "scsc/product/v2/pricing"  # the gateway layout (the simulator's default)


async def run_price_many(
    base_url: str, lines: Sequence[Any], backend: str = "httpx"
) -> tuple[int, dict[str, float]]:
    from scansource_async import ScanSourceClient

    options = client_options(base_url)
    async with ScanSourceClient(
        **options,
        max_rate=1_000_000,
        max_in_flight=IN_FLIGHT,
        chunk_size=CHUNK,
        http_backend=backend,
    ) as client:
        await client.products.pricing(lines[:1])  # token and connection, outside the timing
        requests_before = client.stats.requests
        sheet, measured = await _measure(lambda: client.products.price_many(lines))
        if len(sheet) != len(lines) or sheet.failed:
            raise RuntimeError(f"price_many failed {len(sheet.failed)} line(s)")
        return client.stats.requests - requests_before, measured


async def run_gather_pricing(
    base_url: str, lines: Sequence[Any], backend: str = "httpx"
) -> tuple[int, dict[str, float]]:
    """This library's ``pricing()`` per chunk under a semaphore + gather: the client's typed
    requests and responses without the bulk engine (no dedup, ordering or per-line results)."""
    from scansource_async import ScanSourceClient

    async with ScanSourceClient(
        **client_options(base_url),
        max_rate=1_000_000,
        max_in_flight=IN_FLIGHT,
        http_backend=backend,
    ) as client:
        await client.products.pricing(lines[:1])
        chunks = [lines[i : i + CHUNK] for i in range(0, len(lines), CHUNK)]
        semaphore = asyncio.Semaphore(IN_FLIGHT)

        async def price(chunk: Sequence[Any]) -> Any:
            async with semaphore:
                return await client.products.pricing(chunk)

        async def job() -> list[Any]:
            return await asyncio.gather(*(price(chunk) for chunk in chunks))

        results, measured = await _measure(job)
        return len(results), measured


async def run_sequential(base_url: str, lines: Sequence[Any]) -> tuple[int, dict[str, float]]:
    from scansource_async import ScanSourceClient

    async with ScanSourceClient(**client_options(base_url), max_rate=1_000_000) as client:
        await client.products.pricing(lines[:1])
        chunks = [lines[i : i + CHUNK] for i in range(0, len(lines), CHUNK)]

        async def loop() -> int:
            for chunk in chunks:
                await client.products.pricing(chunk)
            return len(chunks)

        count, measured = await _measure(loop)
        return count, measured


def paired(
    results: Sequence[dict[str, float]], reference: Sequence[dict[str, float]], key: str
) -> list[float]:
    """Round by round, ``results[i][key] / reference[i][key]``."""
    return [r[key] / ref[key] for r, ref in zip(results, reference, strict=True)]


def _chunks(pairs: Sequence[tuple[str, int]]) -> list[Sequence[tuple[str, int]]]:
    return [pairs[i : i + CHUNK] for i in range(0, len(pairs), CHUNK)]


async def run_raw_httpx(
    base_url: str, pairs: Sequence[tuple[str, int]], token: str
) -> tuple[int, dict[str, float]]:
    import httpx

    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(
        base_url=base_url, headers=raw_headers(token), limits=limits, timeout=30
    ) as http:
        params = {"customerNumber": CUSTOMER}
        await http.post(PATH, params=params, json=pricing_body(pairs[:1]))
        semaphore = asyncio.Semaphore(IN_FLIGHT)

        async def price(chunk: Sequence[tuple[str, int]]) -> Any:
            async with semaphore:
                response = await http.post(PATH, params=params, json=pricing_body(chunk))
                response.raise_for_status()
                return response.json()

        chunks = _chunks(pairs)

        async def job() -> list[Any]:
            return await asyncio.gather(*(price(chunk) for chunk in chunks))

        results, measured = await _measure(job)
        return len(results), measured


async def run_raw_aiohttp(
    base_url: str, pairs: Sequence[tuple[str, int]], token: str
) -> tuple[int, dict[str, float]]:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=IN_FLIGHT)
    async with aiohttp.ClientSession(
        base_url=base_url, headers=raw_headers(token), connector=connector
    ) as http:
        params = {"customerNumber": CUSTOMER}
        first = pricing_body(pairs[:1])
        async with http.post("/" + PATH, params=params, json=first) as response:
            await response.read()
        semaphore = asyncio.Semaphore(IN_FLIGHT)

        async def price(chunk: Sequence[tuple[str, int]]) -> Any:
            body = pricing_body(chunk)
            async with semaphore, http.post("/" + PATH, params=params, json=body) as response:
                response.raise_for_status()
                return await response.json()

        chunks = _chunks(pairs)

        async def job() -> list[Any]:
            return await asyncio.gather(*(price(chunk) for chunk in chunks))

        results, measured = await _measure(job)
        return len(results), measured


async def _measure(job: Callable[[], Awaitable[Any]]) -> tuple[Any, dict[str, float]]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = await job()
    return result, {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = SIZES[size_of(args)]
    requests = size["requests"]
    lines = pricing_lines(requests * CHUNK)
    pairs = item_quantities(requests * CHUNK)
    sequential_lines = lines[: size["sequential"] * CHUNK]
    variants: dict[str, Callable[[str, str], Awaitable[tuple[int, dict[str, float]]]]] = {
        "price_many, httpx backend": lambda url, token: run_price_many(url, lines),
        "price_many, aiohttp backend": lambda url, token: run_price_many(url, lines, "aiohttp"),
        "pricing() + gather, httpx backend": lambda url, token: run_gather_pricing(url, lines),
        "pricing() + gather, aiohttp backend": lambda url, token: run_gather_pricing(
            url, lines, "aiohttp"
        ),
        "raw httpx (semaphore + gather)": lambda url, token: run_raw_httpx(url, pairs, token),
        "raw aiohttp (semaphore + gather)": lambda url, token: run_raw_aiohttp(url, pairs, token),
        "sequential pricing() loop": lambda url, token: run_sequential(url, sequential_lines),
    }
    if importlib.util.find_spec("aiohttp") is None:  # the [bench] extra is not installed
        print("aiohttp is not installed: its rows are left out (pip install -e '.[bench]')")
        for name in list(variants):
            if "aiohttp" in name:
                del variants[name]
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    with SimulatorProcess(latency_ms=LATENCY_MS, max_lines=CHUNK) as server:
        token = fetch_token(server.base_url)
        for _ in range(size["rounds"]):
            for name, run in variants.items():
                count, measured = asyncio.run(run(server.base_url, token))
                rounds[name].append(
                    {
                        "requests": count,
                        "wall": measured["wall"],
                        "req_per_s": count / measured["wall"],
                        "cpu_per_request_ms": measured["cpu"] / count * 1000,
                    }
                )

    reference = rounds["raw httpx (semaphore + gather)"]
    sequential = rounds["sequential pricing() loop"]
    ideal = IN_FLIGHT / (LATENCY_MS / 1000)
    headers = [
        "client",
        "req/s",
        "÷ raw httpx",
        "÷ raw httpx, range",
        "÷ sequential",
        "÷ ideal",
        "CPU ms/req",
        "CPU ÷ raw httpx",
        "CPU ÷ raw httpx, range",
    ]
    rows = []
    for name, results in rounds.items():
        # Each round ran every variant one after the other: its ratios share that round's
        # conditions. The table gives the median of those paired ratios, and their range.
        speed = paired(results, reference, "req_per_s")
        cpu = paired(results, reference, "cpu_per_request_ms")
        req_per_s = statistics.median(r["req_per_s"] for r in results)
        rows.append(
            [
                name,
                req_per_s,
                statistics.median(speed),
                f"{min(speed):.2f}–{max(speed):.2f}",
                statistics.median(paired(results, sequential, "req_per_s")),
                req_per_s / ideal,
                statistics.median(r["cpu_per_request_ms"] for r in results),
                statistics.median(cpu),
                f"{min(cpu):.2f}–{max(cpu):.2f}",
            ]
        )
    title = (
        f"overhead: {requests} requests × {CHUNK} lines, {IN_FLIGHT} in flight, server latency"
        f" {LATENCY_MS:.0f} ms, unthrottled (ideal {ideal:.0f} req/s); medians of"
        f" {size['rounds']} round(s); sequential loop on {size['sequential']} requests"
    )
    parameters = {
        "size": size_of(args),
        "latency_ms": LATENCY_MS,
        "in_flight": IN_FLIGHT,
        "chunk_size": CHUNK,
        **size,
    }
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters=parameters,
        argv=argv,
        extra={"server": server.stats, "rounds": rounds},
    )


if __name__ == "__main__":
    main()
