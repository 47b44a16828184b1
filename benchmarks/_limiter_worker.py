"""A worker process for the shared rate limiter's tests and benchmark (run from the repository
root, which :func:`run_workers` makes the workers' working directory).

``python -m benchmarks._limiter_worker price ...`` prices its part of an input
(lines ``i`` with ``i % parts == part``) against a loopback simulator with its own client and
limiter (a :class:`RedisRateLimiter` on a shared key, or a per-process
:class:`LocalRateLimiter`), then writes one JSON document: each line's result, the time of
every send, and the client's and limiter's counters.

``python -m benchmarks._limiter_worker acquire ...`` prints ``ready``, waits for
a line on stdin, then times one ``acquire()`` of a :class:`RedisRateLimiter` and prints
``{"waited": seconds}``: how another process sees a pause it did not cause.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from scansource_async._limits import LimiterStats, LocalRateLimiter, RateLimiter

__all__ = ["ROOT", "RecordingLimiter", "WorkerRun", "main", "run_workers"]

#: the repository root: the workers run there so ``-m benchmarks._limiter_worker`` resolves
ROOT = Path(__file__).resolve().parents[1]


class RecordingLimiter:
    """Wraps a limiter and records the wall-clock time (``time.time()``) of every send."""

    def __init__(self, inner: RateLimiter) -> None:
        self.inner = inner
        self.stats: LimiterStats = inner.stats
        self.sends: list[float] = []

    async def acquire(self) -> None:
        await self.inner.acquire()
        self.sends.append(time.time())

    async def pause(self, seconds: float) -> None:
        await self.inner.pause(seconds)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _redis_limiter(args: argparse.Namespace) -> RateLimiter:
    from scansource_async import RedisRateLimiter

    return RedisRateLimiter(
        args.redis_url,
        key=args.key,
        max_rate=args.max_rate,
        fail_mode=args.fail_mode,
        max_wait=args.max_wait,
        expected_processes=args.expected_processes,
        strategy=args.strategy,
    )


async def _price(args: argparse.Namespace) -> dict[str, Any]:
    from scansource_async import PricingLine, ScanSourceClient

    items: list[str] = json.loads(Path(args.items).read_text())  # noqa: ASYNC240
    mine = [(index, item) for index, item in enumerate(items) if index % args.parts == args.part]
    inner = LocalRateLimiter(args.max_rate) if args.limiter == "local" else _redis_limiter(args)
    limiter = RecordingLimiter(inner)
    base = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    client = ScanSourceClient(
        subscription_key=args.key,
        customer_number=args.customer,
        base_url=base,
        client_id="test-id",
        client_secret="test-secret",
        token_url=base + "oauth2/v2.0/token",
        max_rate=args.max_rate,
        max_in_flight=args.max_in_flight,
        max_retries=args.max_retries,
        chunk_size=args.chunk_size,
        rate_limiter=limiter,
    )
    if args.start_at:
        await asyncio.sleep(max(0.0, args.start_at - time.time()))
    started = time.time()
    async with client:
        sheet = await client.products.price_many(
            [PricingLine(item) for _, item in mine], deadline=args.deadline
        )
        stats = client.stats
    finished = time.time()
    results = []
    for result in sheet:
        index, item = mine[result.index]
        product = result.product
        results.append(
            {
                "index": index,
                "item": item,
                "ok": result.ok,
                "error": None if result.error is None else type(result.error).__name__,
                "item_number": None if product is None else product.item_number,
                "unit_price": None if product is None else str(product.unit_price),
            }
        )
    return {
        "part": args.part,
        "parts": args.parts,
        "limiter": args.limiter,
        "started": started,
        "finished": finished,
        "results": results,
        "sends": limiter.sends,
        "requests": stats.requests,
        "rate_limited": stats.rate_limited,
        "retries": stats.retries,
        "limiter_stats": attrs.asdict(limiter.stats),
    }


async def _acquire_once(args: argparse.Namespace) -> dict[str, Any]:
    limiter = _redis_limiter(args)
    try:
        began = time.monotonic()
        await limiter.acquire()
        return {"waited": time.monotonic() - began}
    finally:
        await limiter.aclose()


@attrs.frozen
class WorkerRun:
    """What :func:`run_workers` saw: each worker's report, and the totals over all of them."""

    reports: list[dict[str, Any]]
    max_rate: float

    @property
    def sends(self) -> list[float]:
        return sorted(t for report in self.reports for t in report["sends"])

    @property
    def requests(self) -> int:
        return sum(int(report["requests"]) for report in self.reports)

    @property
    def rate_limited(self) -> int:
        """429s the workers received."""
        return sum(int(report["rate_limited"]) for report in self.reports)

    @property
    def rate(self) -> float:
        """Requests per second over all workers, first send to last."""
        sends = self.sends
        if len(sends) < 2 or sends[-1] <= sends[0]:
            return float("nan")
        return (len(sends) - 1) / (sends[-1] - sends[0])

    @property
    def rate_ratio(self) -> float:
        """:attr:`rate` ÷ the limit."""
        return self.rate / self.max_rate

    @property
    def results(self) -> list[dict[str, Any]]:
        """Every line's result, in input order."""
        return sorted((r for report in self.reports for r in report["results"]),
                      key=lambda r: int(r["index"]))  # fmt: skip


def run_workers(
    *,
    base_url: str,
    items: Sequence[str],
    parts: int,
    max_rate: float,
    limiter: str = "redis",
    redis_url: str = "",
    timeout: float = 60.0,
    start_delay: float = 1.5,
    extra: Sequence[str] = (),
) -> WorkerRun:
    """Run ``parts`` worker processes over ``items`` at once; returns their reports.

    Every worker starts sending at the same moment (``start_delay`` seconds after launch,
    time for the interpreters to start). A worker still running after ``timeout`` seconds is
    killed, and this raises.
    """
    with tempfile.TemporaryDirectory(prefix="scansource-workers-") as tmp:
        items_path = os.path.join(tmp, "items.json")
        with open(items_path, "w") as file:
            json.dump(list(items), file)
        start_at = time.time() + start_delay
        processes = []
        for part in range(parts):
            command = [sys.executable, "-m", __name__, "price",
                       "--base-url", base_url, "--items", items_path,
                       "--part", str(part), "--parts", str(parts),
                       "--out", os.path.join(tmp, f"part{part}.json"),
                       "--max-rate", str(max_rate), "--limiter", limiter,
                       "--redis-url", redis_url, "--start-at", repr(start_at),
                       "--expected-processes", str(parts), *extra]  # fmt: skip
            processes.append(
                subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            )
        deadline = time.monotonic() + timeout
        failures = []
        for part, process in enumerate(processes):
            try:
                _, err = process.communicate(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                for other in processes:
                    other.kill()
                process.communicate()
                raise RuntimeError(f"worker {part} did not finish in {timeout}s") from None
            if process.returncode != 0:
                failures.append(f"worker {part}: {err.decode(errors='replace')[-2000:]}")
        if failures:
            raise RuntimeError("\n".join(failures))
        reports = []
        for part in range(parts):
            with open(os.path.join(tmp, f"part{part}.json")) as file:
                reports.append(json.load(file))
    return WorkerRun(reports=reports, max_rate=max_rate)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._limiter_worker")
    commands = parser.add_subparsers(dest="command", required=True)
    price = commands.add_parser("price", help="price part of an input")
    acquire = commands.add_parser("acquire", help="time one acquire() after a line on stdin")
    for sub in (price, acquire):
        add = sub.add_argument
        add("--redis-url", default="")
        add("--key", default="test-key", help="the subscription key (shared limit)")
        add("--max-rate", type=float, required=True)
        add("--fail-mode", choices=("closed", "open"), default="closed")
        add("--max-wait", type=float, default=5.0)
        add("--expected-processes", type=int, default=1)
        add("--strategy", choices=("gcra", "moving-window"), default="gcra")
    add = price.add_argument
    add("--base-url", required=True)
    add("--items", required=True, help="a JSON list of item numbers")
    add("--part", type=int, required=True)
    add("--parts", type=int, required=True)
    add("--out", required=True, help="where to write the JSON report")
    add("--limiter", choices=("redis", "local"), default="redis")
    add("--customer", default="1000001")
    add("--chunk-size", type=int, default=4)
    add("--max-in-flight", type=int, default=8)
    add("--max-retries", type=int, default=8)
    add("--deadline", type=float, default=60.0, help="the job's deadline in seconds")
    add("--start-at", type=float, default=0.0, help="time.time() to start at (0: now)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "price":
        report = asyncio.run(_price(args))
        Path(args.out).write_text(json.dumps(report))
        return 0
    print("ready", flush=True)
    if not sys.stdin.readline():
        return 1
    print(json.dumps(asyncio.run(_acquire_once(args))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
