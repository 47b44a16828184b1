"""Adaptive: how the client learns limits the API does not publish, against the simulator on
loopback (its own process, one fresh server per row), each next to a client that does not learn.

1. **rate**: the server allows 20 requests/s, the client is configured for ``max_rate=100``;
   16,000 lines in chunks of 40. The adaptive client (the default) against
   ``adaptive_rate=False``: items/s over the server's ceiling (20 × 40 items/s) for the whole
   job, the share of requests answered 429, lines failed (retries exhausted).
2. **lines**: the server takes at most 50 lines per request, the client sends chunks of 100;
   10,000 lines. A fresh client (learns the limit from the first refusal), the same client's
   next job, and the engine without a line limit (every chunk refused and bisected).
3. **pause**: a client paced at 20 requests/s; mid-job the API answers 429 with a 2 s
   ``Retry-After`` for 2 s. Requests that reached the server in the first second after the
   pause, against the paced rate then (for the adaptive client, the most its cut and regrowing
   rate reached during that second) plus one. Also the limiter this one replaced (a one-second
   bucket that kept filling while paused), rebuilt here for comparison.

Counts come from the server's request log; one run, every ratio from that run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from ._harness import (
    ROOT,
    client_options,
    make_parser,
    pricing_lines,
    report,
    size_of,
)

NAME = "adaptive"

SERVER_RATE = 20.0
CLIENT_RATE = 100.0
RATE_CHUNK = 40
SERVER_MAX_LINES = 50
LINES_CHUNK = 100
PAUSED_RATE = 20.0

# lines per situation: rate, lines, pause
SIZES: dict[str, dict[str, float]] = {
    "full": {"rate": 16_000, "lines": 10_000, "pause": 6_400, "pause_after": 2.0, "pause_s": 2},
    "quick": {"rate": 4_000, "lines": 4_000, "pause": 4_800, "pause_after": 1.5, "pause_s": 2},
    "tiny": {"rate": 800, "lines": 1_000, "pause": 1_200, "pause_after": 0.5, "pause_s": 1},
}


class Server:
    """``benchmarks._adaptive_server`` in a child process, driven over its stdin."""

    def __init__(self, *, max_rate: float | None = None, max_lines: int = 40) -> None:
        command = [sys.executable, "-m", "benchmarks._adaptive_server"]
        command += ["--max-lines", str(max_lines)]
        if max_rate is not None:
            command += ["--max-rate", str(max_rate)]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=env,
        )
        line = self._read()
        if not line.startswith("serving on "):
            self.close()
            raise RuntimeError(f"the simulator did not start: {line!r}")
        self.base_url = line.split("serving on ", 1)[1].strip()

    def _read(self) -> str:
        assert self._process.stdout is not None
        return self._process.stdout.readline()

    def _ask(self, command: str) -> str:
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        return self._read()

    def throttle(self, seconds: float) -> float:
        """Answer 429 for ``seconds`` from now; returns when it ends (``time.monotonic()``)."""
        return float(self._ask(f"throttle {seconds}").split()[1])

    def log(self) -> list[tuple[float, int, int]]:
        """(started, status, lines) per API request since the last call."""
        answer = self._ask("log")
        return [(float(s), int(status), int(n)) for s, status, n in json.loads(answer[4:])]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@contextlib.contextmanager
def server(**options: Any) -> Iterator[Server]:
    running = Server(**options)
    try:
        yield running
    finally:
        running.close()


def _client(base_url: str, **options: Any) -> Any:
    from scansource_async import ScanSourceClient

    return ScanSourceClient(**client_options(base_url), **options)


# -- 1. rate ----------------------------------------------------------------------------------


async def rate_job(sim: Server, lines: Sequence[Any], adaptive: bool) -> dict[str, Any]:
    async with _client(
        sim.base_url, max_rate=CLIENT_RATE, adaptive_rate=adaptive, chunk_size=RATE_CHUNK
    ) as client:
        await client.products.pricing(lines[:1])  # the token, a warm connection
        await asyncio.sleep(1.0)  # the server's bucket full again
        sim.log()
        started = time.perf_counter()
        sheet = await client.products.price_many(lines)
        wall = time.perf_counter() - started
        log = sim.log()
        priced = sum(1 for result in sheet if result.ok)
        return {
            "wall": wall,
            "priced": priced,
            "failed": len(lines) - priced,
            "requests": len(log),
            "429": sum(1 for _, status, _ in log if status == 429),
            "400": sum(1 for _, status, _ in log if status == 400),
            "ratio": priced / wall / (SERVER_RATE * RATE_CHUNK),
            "cuts": client.stats.rate_cuts,
            "rate": client.stats.rate,
        }


# -- 2. lines ---------------------------------------------------------------------------------


class _NoLearning:
    """Stands in for the client's line limits: the engine then runs as it did without one."""

    def of(self, _operation: str) -> Any:
        from scansource_async._line_limit import LineLimit

        class Unlearned(LineLimit):
            """Every size goes out freely, a refusal is bisected, nothing is learned."""

            def is_proven(self, size: int) -> bool:
                return True

            def answered(self, size: int) -> None:
                return None

            def refused(self, size: int, error: Any) -> bool:
                return False

            def halves_succeeded(self, size: int) -> None:
                return None

        return Unlearned()


async def lines_jobs(sim: Server, lines: Sequence[Any], learn: bool) -> list[dict[str, Any]]:
    async with _client(sim.base_url, max_rate=1_000, chunk_size=LINES_CHUNK) as client:
        if not learn:
            client._line_limits = _NoLearning()
        await client.products.pricing(lines[:1])
        sim.log()
        jobs = []
        for _ in range(2 if learn else 1):
            started = time.perf_counter()
            sheet = await client.products.price_many(lines)
            wall = time.perf_counter() - started
            log = sim.log()
            priced = sum(1 for result in sheet if result.ok)
            jobs.append(
                {
                    "wall": wall,
                    "priced": priced,
                    "failed": len(lines) - priced,
                    "requests": len(log),
                    "400": sum(1 for _, status, _ in log if status == 400),
                    "429": sum(1 for _, status, _ in log if status == 429),
                    "learned": client.stats.learned_chunk_size,
                }
            )
        return jobs


# -- 3. pause ---------------------------------------------------------------------------------


class RefillingBucket:
    """The limiter before this change, rebuilt for comparison: a token bucket of 0.9 s worth
    that went on filling while a 429 paused the client (so it let a burst out after)."""

    def __init__(self, rate: float) -> None:
        from scansource_async import LimiterStats

        self._rate = rate
        self._capacity = max(1.0, 0.9 * rate)
        self._tokens = self._capacity
        self._at = time.monotonic()
        self._paused_until = 0.0
        self.stats = LimiterStats(rate=rate)

    async def acquire(self) -> None:
        while True:
            while (wait := self._paused_until - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            now = time.monotonic()
            self._tokens = min(self._capacity, self._tokens + (now - self._at) * self._rate)
            self._at = now
            if self._tokens >= 1 and now >= self._paused_until:
                self._tokens -= 1
                self.stats.acquired += 1
                return
            await asyncio.sleep((1 - self._tokens) / self._rate)

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        self.stats.pauses += 1

    async def aclose(self) -> None:
        return None


async def pause_job(
    sim: Server, lines: Sequence[Any], variant: str, pause_after: float, pause: float
) -> dict[str, Any]:
    options: dict[str, Any] = {"max_rate": PAUSED_RATE, "chunk_size": RATE_CHUNK}
    if variant == "fixed":
        options["adaptive_rate"] = False
    elif variant == "previous":
        options["rate_limiter"] = RefillingBucket(PAUSED_RATE)
    async with _client(sim.base_url, **options) as client:
        await client.products.pricing(lines[:1])
        await asyncio.sleep(1.0)
        sim.log()
        rates: list[tuple[float, float]] = []

        async def watch_rate() -> None:
            while True:
                rates.append((time.monotonic(), client.stats.rate))
                await asyncio.sleep(0.02)

        watcher = asyncio.create_task(watch_rate())
        job = asyncio.create_task(client.products.price_many(lines))
        await asyncio.sleep(pause_after)
        ended = await asyncio.to_thread(sim.throttle, pause)
        sheet = await job
        watcher.cancel()
        log = sim.log()
        first_second = [s for s, status, _ in log if ended <= s < ended + 1.0]
        during = [rate for at, rate in rates if ended <= at < ended + 1.0]
        paced = max(during) if during else float("nan")
        return {
            "priced": sum(1 for result in sheet if result.ok),
            "failed": sum(1 for result in sheet if not result.ok),
            "requests": len(log),
            "429": sum(1 for _, status, _ in log if status == 429),
            "after": len(first_second),
            "paced": paced,
            "ok": len(first_second) <= paced + 1,
            "cuts": client.stats.rate_cuts,
        }


# -- the table --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    sizes = SIZES[size]
    headers = [
        "situation",
        "client",
        "lines",
        "priced",
        "failed",
        "requests",
        "429s",
        "429 %",
        "400s",
        "items/s ÷ ceiling",
        "sent in 1st s after pause",
        "paced rate + 1",
        "rate cuts",
        "seconds",
    ]
    rows: list[list[Any]] = []
    nan = float("nan")

    lines = pricing_lines(int(sizes["rate"]))
    for label, adaptive in (("adaptive (default)", True), ("adaptive_rate=False", False)):
        with server(max_rate=SERVER_RATE) as sim:
            job = asyncio.run(rate_job(sim, lines, adaptive))
        rows.append(
            [
                f"rate: server {SERVER_RATE:g}/s, max_rate={CLIENT_RATE:g}",
                label,
                len(lines),
                job["priced"],
                job["failed"],
                job["requests"],
                job["429"],
                100 * job["429"] / max(1, job["requests"]),
                job["400"],
                job["ratio"],
                None,
                None,
                job["cuts"],
                job["wall"],
            ]
        )
        print(f"  rate, {label}: {job['wall']:.1f}s", file=sys.stderr)

    lines = pricing_lines(int(sizes["lines"]))
    for label, learn in (("learns the limit", True), ("no line limit (before)", False)):
        with server(max_lines=SERVER_MAX_LINES) as sim:
            jobs = asyncio.run(lines_jobs(sim, lines, learn))
        for n, job in enumerate(jobs):
            rows.append(
                [
                    f"lines: server max {SERVER_MAX_LINES}, chunk_size={LINES_CHUNK}",
                    label + (", next job" if n else ""),
                    len(lines),
                    job["priced"],
                    job["failed"],
                    job["requests"],
                    job["429"],
                    100 * job["429"] / max(1, job["requests"]),
                    job["400"],
                    None,
                    None,
                    None,
                    None,
                    job["wall"],
                ]
            )
        print(f"  lines, {label}: {jobs[0]['wall']:.1f}s", file=sys.stderr)

    lines = pricing_lines(int(sizes["pause"]))
    variants = (
        ("adaptive (default)", "adaptive"),
        ("adaptive_rate=False", "fixed"),
        ("previous limiter (bucket refills while paused)", "previous"),
    )
    for label, variant in variants:
        with server() as sim:
            job = asyncio.run(
                pause_job(sim, lines, variant, sizes["pause_after"], sizes["pause_s"])
            )
        rows.append(
            [
                f"pause: {sizes['pause_s']:g}s Retry-After mid-job, max_rate={PAUSED_RATE:g}",
                label,
                len(lines),
                job["priced"],
                job["failed"],
                job["requests"],
                job["429"],
                100 * job["429"] / max(1, job["requests"]),
                0,
                None,
                job["after"],
                job["paced"] + 1 if not math.isnan(job["paced"]) else nan,
                job["cuts"],
                None,
            ]
        )
        print(f"  pause, {label}: {job['after']} sent in the first second", file=sys.stderr)

    title = "adaptive: learning the API's rate and line limits (simulator on loopback)"
    parameters = {
        "size": size,
        "sizes": sizes,
        "server_rate": SERVER_RATE,
        "client_rate": CLIENT_RATE,
        "rate_chunk": RATE_CHUNK,
        "server_max_lines": SERVER_MAX_LINES,
        "lines_chunk": LINES_CHUNK,
        "paused_rate": PAUSED_RATE,
    }
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters=parameters,
        argv=argv,
    )


if __name__ == "__main__":
    main()
