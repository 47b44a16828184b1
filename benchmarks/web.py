"""A web backend's price lookups: N concurrent callers over M items, five rounds within the TTL.

Each round, N callers (a storefront's page views) each ask for the price of one of M items at
once; the same lookups repeat in the next round, well within the cache's TTL. Side by side on
one simulator process (fixed latency, a per-key rate limit like the API's):

- no cache: each caller sends its own request (``pricing([item])``);
- coalescing only: ``price()``, concurrent lookups share requests, nothing is kept;
- coalescing + in-process cache: ``price()`` through a ``PriceCache``;
- coalescing + Redis cache, 4 processes: the N callers spread at random over 4 worker
  processes (as a load balancer would), each with its own client and a ``RedisPriceCache`` on
  one redis-server (a quarter of the rate each).

Columns: API requests over the five rounds (and in the first round), each caller's latency from
its call to its answer (p50/p99 over every round, and p50 of rounds 2-5), and the wall time.
The Redis row needs ``redis-server`` on PATH and the ``[redis]`` extra.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ._harness import (
    ROOT,
    SimulatorProcess,
    client_options,
    item_numbers,
    make_parser,
    percentile,
    report,
    size_of,
)

NAME = "web"
NO_REDIS = "(no Redis row: redis-server or the [redis] extra is missing)"
SIZES = {
    "full": {"callers": 1_000, "items": 200, "pause": 1.1},
    "quick": {"callers": 400, "items": 80, "pause": 1.1},
    "tiny": {"callers": 40, "items": 10, "pause": 0.05},
}
ROUNDS = 5
RATE = 200.0
IN_FLIGHT = 16
LATENCY_MS = 20.0
PROCESSES = 4
TTL = 600.0  # every round falls within it


async def run_rounds(
    base_url: str,
    callers: Sequence[str],
    mode: str,
    *,
    rate: float,
    pause: float,
    redis_url: str | None,
) -> dict[str, Any]:
    """One process's rounds: per round, its callers at once; returns requests and latencies."""
    from scansource_async import PriceCache, ScanSourceClient

    cache: Any = None
    if mode == "memory":
        cache = PriceCache(ttl=TTL)
    elif mode == "redis":
        from scansource_async import RedisPriceCache

        cache = RedisPriceCache(str(redis_url), ttl=TTL)
    async with ScanSourceClient(
        **client_options(base_url), max_rate=rate, max_in_flight=IN_FLIGHT, price_cache=cache
    ) as client:
        await client.products.pricing([item_numbers()[-1]])  # the token, outside the timing
        call: Callable[[str], Awaitable[Any]]
        if mode == "no cache":

            async def call(item: str) -> Any:
                return (await client.products.pricing([item]))[0]

        else:
            call = client.products.price
        rounds: list[dict[str, Any]] = []
        for _ in range(ROUNDS):
            await asyncio.sleep(pause)  # a full rate bucket again, as between page views
            latencies: list[float] = []

            async def caller(item: str, latencies: list[float] = latencies) -> None:
                started = time.perf_counter()
                await call(item)
                latencies.append(time.perf_counter() - started)

            before = client.stats.requests
            started = time.perf_counter()
            await asyncio.gather(*(caller(item) for item in callers))
            rounds.append(
                {
                    "requests": client.stats.requests - before,
                    "latencies": latencies,
                    "seconds": time.perf_counter() - started,
                }
            )
    if cache is not None:
        await cache.aclose()
    return {"rounds": rounds}


def _row(label: str, processes: int, runs: Sequence[dict[str, Any]]) -> list[Any]:
    per_round = [
        {
            "requests": sum(run["rounds"][r]["requests"] for run in runs),
            "latencies": [x for run in runs for x in run["rounds"][r]["latencies"]],
            "seconds": max(run["rounds"][r]["seconds"] for run in runs),
        }
        for r in range(ROUNDS)
    ]
    every = [x for entry in per_round for x in entry["latencies"]]
    later = [x for entry in per_round[1:] for x in entry["latencies"]]
    return [
        label,
        processes,
        sum(entry["requests"] for entry in per_round),
        per_round[0]["requests"],
        percentile(every, 0.5) * 1000,
        percentile(every, 0.99) * 1000,
        percentile(later, 0.5) * 1000,
        sum(entry["seconds"] for entry in per_round),
    ]


def _redis_runs(base_url: str, callers: Sequence[str], pause: float) -> list[Any] | None:
    """The 4-process row: worker processes of this module, one redis-server."""
    try:
        import redis  # noqa: F401

        from ._redis_server import RedisServer, redis_server_binary
    except ImportError:
        return None
    if redis_server_binary() is None:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # As a load balancer spreads page views: any process may be asked for any item.
    spread = list(callers)
    random.Random(0).shuffle(spread)
    shares = [spread[n::PROCESSES] for n in range(PROCESSES)]
    with RedisServer() as server:
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.web",
                    "worker",
                    base_url,
                    server.url,
                    str(RATE / PROCESSES),
                    str(pause),
                    json.dumps(share),
                ],
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
                env=env,
            )
            for share in shares
        ]
        runs = []
        for worker in workers:
            out, _ = worker.communicate(timeout=600)
            if worker.returncode != 0:
                raise RuntimeError(f"a worker failed with exit code {worker.returncode}")
            runs.append(json.loads(out.strip().splitlines()[-1]))
    return _row(f"coalescing + Redis cache, {PROCESSES} processes", PROCESSES, runs)


def _worker(argv: Sequence[str]) -> None:
    base_url, redis_url, rate, pause, callers = argv
    run = asyncio.run(
        run_rounds(
            base_url,
            json.loads(callers),
            "redis",
            rate=float(rate),
            pause=float(pause),
            redis_url=redis_url,
        )
    )
    print(json.dumps(run))


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["worker"]:
        _worker(argv[1:])
        return {}
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    count, distinct = int(SIZES[size]["callers"]), int(SIZES[size]["items"])
    pause = SIZES[size]["pause"]
    catalog = item_numbers()[:distinct]
    callers = [catalog[n % distinct] for n in range(count)]
    headers = [
        "mode",
        "processes",
        f"API requests ({ROUNDS} rounds)",
        "round 1",
        "p50 ms",
        "p99 ms",
        "p50 ms rounds 2-5",
        "seconds",
    ]
    rows: list[list[Any]] = []
    with SimulatorProcess(max_rate=RATE, latency_ms=LATENCY_MS) as server:
        for mode, label in (
            ("no cache", "no cache (a request per caller)"),
            ("coalescing", "coalescing only"),
            ("memory", "coalescing + in-process cache"),
        ):
            run = asyncio.run(
                run_rounds(server.base_url, callers, mode, rate=RATE, pause=pause, redis_url=None)
            )
            rows.append(_row(label, 1, [run]))
        redis_row = _redis_runs(server.base_url, callers, pause)
        if redis_row is not None:
            rows.append(redis_row)
    title = (
        f"web: {count:,} concurrent callers over {distinct} items, {ROUNDS} rounds within the"
        f" TTL; server latency {LATENCY_MS:g} ms, rate limit {RATE:g}/s (shared by the"
        f" processes), {IN_FLIGHT} in flight per process"
    )
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters={
            "size": size,
            "callers": count,
            "items": distinct,
            "rounds": ROUNDS,
            "rate": RATE,
            "in_flight": IN_FLIGHT,
            "latency_ms": LATENCY_MS,
            "processes": PROCESSES,
        },
        argv=argv,
        note=NO_REDIS if redis_row is None else None,
    )


if __name__ == "__main__":
    main()
