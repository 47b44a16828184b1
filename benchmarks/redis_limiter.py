"""One rate limit, many processes: a shared RedisRateLimiter against per-process limiters.

``--workers`` worker processes (default 4), each with its own client, price disjoint parts of
one input against ONE simulator process that allows R requests per second per key (a token
bucket of one second's burst, answering 429 above it). The limiters compared:

- ``RedisRateLimiter`` (default ``gcra``): one shared schedule in Redis, one round trip per
  request;
- ``RedisRateLimiter(strategy="moving-window")``: the rate check of the ``limits`` library;
- ``LocalRateLimiter`` at R in every process (what you get without sharing);
- ``LocalRateLimiter`` at R / workers in every process (the limit split by hand).

Columns: ``rate ÷ R`` is all workers' requests from the first send to the last, over R;
``peak 100 ms ÷ R/10`` the most requests in any 100 ms over R/10 (bursts); 429s as the
workers and as the server counted them; Redis round trips per request; lines priced.
Needs ``redis-server`` on PATH (``apt-get install redis-server``) and the ``[redis]`` extra.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

from scansource_async.testing import Simulator

from ._harness import SimulatorProcess, format_table, make_parser, size_of, write_results
from ._limiter_worker import WorkerRun, run_workers
from ._redis_server import RedisServer, redis_server_binary

NAME = "redis_limiter"
SIZES = {
    "full": {"seconds": 10.0},
    "quick": {"seconds": 5.0},
    "tiny": {"seconds": 1.5},
}
CHUNK = 4  # lines per request: many requests for few lines


def _peak(sends: Sequence[float], window: float) -> int:
    best, start = 0, 0
    for end, t in enumerate(sends):
        while t - sends[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _run(
    name: str,
    *,
    rate: float,
    workers: int,
    items: list[str],
    limiter: str,
    per_process_rate: float,
    seconds: float,
    extra: Sequence[str] = (),
) -> dict[str, Any]:
    with RedisServer() as redis_server, SimulatorProcess(max_rate=rate) as server:
        began = time.monotonic()
        run: WorkerRun = run_workers(
            base_url=server.base_url,
            items=items,
            parts=workers,
            max_rate=per_process_rate,
            limiter=limiter,
            redis_url=redis_server.url,
            timeout=seconds * 4 + 60,
            extra=["--chunk-size", str(CHUNK), "--deadline", str(seconds * 3 + 10), *extra],
        )
        wall = time.monotonic() - began
    sends = run.sends
    span = sends[-1] - sends[0] if len(sends) > 1 else float("nan")
    round_trips = sum(int(r["limiter_stats"].get("round_trips", 0)) for r in run.reports)
    results = run.results
    return {
        "limiter": name,
        "processes": workers,
        "requests": len(sends),
        "seconds": span,
        "rate_ratio": (len(sends) - 1) / span / rate if span == span and span > 0 else None,
        "peak_100ms_ratio": _peak(sends, 0.1) / (rate / 10),
        "client_429s": run.rate_limited,
        "server_429s": server.status_count(429),
        "round_trips_per_request": round_trips / len(sends) if limiter == "redis" else None,
        "lines_priced": sum(1 for r in results if r["ok"]),
        "lines": len(items),
        "wall": wall,
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(NAME, __doc__ or "")
    parser.add_argument("--rate", type=float, default=40.0, help="the server's limit R (40)")
    parser.add_argument("--workers", type=int, default=4, help="worker processes (4)")
    args = parser.parse_args(argv)
    if redis_server_binary() is None:
        print(f"{NAME}: skipped, redis-server is not installed (apt-get install redis-server)")
        return {"rows": [], "path": None}
    size = SIZES[size_of(args)]
    rate, workers = float(args.rate), int(args.workers)
    seconds = float(size["seconds"])
    requests = int(rate * seconds)
    items = list(Simulator().catalog.item_numbers[: requests * CHUNK])
    variants: list[tuple[str, str, float, list[str]]] = [
        ("RedisRateLimiter gcra (shared)", "redis", rate, []),
        ("RedisRateLimiter moving-window (limits, shared)", "redis", rate,
         ["--strategy", "moving-window"]),
        ("LocalRateLimiter at R per process", "local", rate, []),
        (f"LocalRateLimiter at R/{workers} per process", "local", rate / workers, []),
    ]  # fmt: skip
    rows_data = []
    for name, limiter, per_process, extra in variants:
        measured = _run(name, rate=rate, workers=workers, items=items, limiter=limiter,
                        per_process_rate=per_process, seconds=seconds, extra=extra)  # fmt: skip
        rows_data.append(measured)
        time.sleep(0.5)
    headers = [
        "limiter",
        "requests",
        "rate ÷ R",
        "peak 100 ms ÷ R/10",
        "429s (client)",
        "429s (server)",
        "Redis round trips/req",
        "lines priced",
    ]
    rows = [
        [
            d["limiter"],
            d["requests"],
            d["rate_ratio"],
            d["peak_100ms_ratio"],
            d["client_429s"],
            d["server_429s"],
            d["round_trips_per_request"],
            f"{d['lines_priced']}/{d['lines']}",
        ]
        for d in rows_data
    ]
    title = (
        f"redis_limiter: {workers} processes, one key, server limit R = {rate:g} req/s"
        f" (token bucket, 1 s burst); {requests} requests of {CHUNK} lines (~{seconds:g} s at R)"
    )
    table = format_table(title, headers, rows)
    print(table)
    parameters = {"size": size_of(args), "rate": rate, "workers": workers, "chunk_size": CHUNK,
                  "requests": requests, **size}  # fmt: skip
    path = write_results(NAME, args.results_dir, parameters=parameters, headers=headers,
                         rows=rows, table=table, argv=argv, extra={"runs": rows_data})  # fmt: skip
    print(f"\nwritten to {path}")
    return {"rows": rows_data, "path": str(path)}


if __name__ == "__main__":
    main()
