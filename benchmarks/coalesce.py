"""Coalescing: N concurrent single-item lookups, as a web backend makes them.

N callers each want the price of one (different) item, all at once. Side by side on the same
client settings and server (fixed latency, a rate limit like the API's):

- ``price()``: each caller awaits ``client.products.price(item)``; concurrent calls are
  gathered for a few milliseconds into shared requests of up to ``chunk_size`` items;
- one request each: each caller awaits ``client.products.pricing([item])``.

Reported: requests sent, and each caller's latency (p50/p99, from its call to its answer).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ._harness import (
    SimulatorProcess,
    client_options,
    item_numbers,
    make_parser,
    percentile,
    report,
    size_of,
)

NAME = "coalesce"
CALLERS = {"full": [100, 1000], "quick": [100, 400], "tiny": [20]}
RATE = 100.0
IN_FLIGHT = 16
LATENCY_MS = 20.0


async def run_callers(
    base_url: str, items: Sequence[str], mode: str
) -> tuple[int, list[float], float]:
    from scansource_async import ScanSourceClient

    async with ScanSourceClient(
        **client_options(base_url), max_rate=RATE, max_in_flight=IN_FLIGHT
    ) as client:
        await client.products.pricing([items[-1]])  # the token, outside the timing
        await asyncio.sleep(1.1)  # and a full rate bucket again
        before = client.stats.requests
        call: Callable[[str], Awaitable[Any]]
        if mode == "price":
            call = client.products.price
        else:

            async def call(item: str) -> Any:
                return (await client.products.pricing([item]))[0]

        latencies: list[float] = []

        async def caller(item: str) -> None:
            started = time.perf_counter()
            await call(item)
            latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(caller(item) for item in items))
        wall = time.perf_counter() - started
        return client.stats.requests - before, latencies, wall


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    catalog = item_numbers()
    headers = [
        "callers",
        "mode",
        "requests",
        "requests ÷ callers",
        "p50 ms",
        "p99 ms",
        "p99 ÷ one each",
        "seconds",
    ]
    rows: list[list[Any]] = []
    with SimulatorProcess(max_rate=RATE, latency_ms=LATENCY_MS) as server:
        for count in CALLERS[size]:
            items = catalog[:count]
            results = {
                mode: asyncio.run(run_callers(server.base_url, items, mode))
                for mode in ("price", "one request each")
            }
            reference_p99 = percentile(results["one request each"][1], 0.99)
            for mode, (requests, latencies, wall) in results.items():
                label = "price() (coalesced)" if mode == "price" else "pricing([item]) each"
                rows.append(
                    [
                        count,
                        label,
                        requests,
                        requests / count,
                        percentile(latencies, 0.5) * 1000,
                        percentile(latencies, 0.99) * 1000,
                        percentile(latencies, 0.99) / reference_p99,
                        wall,
                    ]
                )
    title = (
        f"coalesce: N callers at once, each pricing one item; server latency {LATENCY_MS:g} ms,"
        f" rate limit {RATE:g}/s = client max_rate, {IN_FLIGHT} in flight"
    )
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters={
            "size": size,
            "callers": CALLERS[size],
            "rate": RATE,
            "in_flight": IN_FLIGHT,
            "latency_ms": LATENCY_MS,
        },
        argv=argv,
    )


if __name__ == "__main__":
    main()
