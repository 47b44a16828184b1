"""Memory: ``stream_prices`` over a generator of N lines keeps memory flat in N.

Each run is a fresh child process (so its peak RSS is its own) against one simulator process
with no latency and no rate limit. The input is a generator (never a list) and results are
counted as they arrive, not kept. Reported: the peak of traced Python memory (``tracemalloc``,
from just before the job), the process's peak RSS and its growth during the job. The naive
comparison is what a user might write instead: a semaphore and ``asyncio.gather`` over one
``pricing()`` call per chunk of the whole input, keeping every result (smaller sizes only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from typing import Any

from ._harness import (
    ROOT,
    SimulatorProcess,
    client_options,
    item_numbers,
    make_parser,
    report,
    size_of,
)

NAME = "memory"
SIZES = {
    "full": {"stream": [10_000, 100_000, 1_000_000], "naive": [10_000, 100_000]},
    "quick": {"stream": [10_000, 100_000], "naive": [10_000]},
    "tiny": {"stream": [400, 1_200], "naive": [400]},
}
CHUNK = 100
IN_FLIGHT = 16
TARGET_MB = 50.0
CHILD_TIMEOUT = 240.0
TRACED_MAX = 100_000


def lines(count: int, items: Sequence[str]) -> Iterator[Any]:
    """``count`` distinct pricing lines, made one at a time."""
    from scansource_async import PricingLine

    for i in range(count):
        yield PricingLine(items[i % len(items)], quantity=1 + i // len(items))


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def stream_job(base_url: str, count: int, items: Sequence[str]) -> int:
    from scansource_async import ScanSourceClient

    async with ScanSourceClient(
        **client_options(base_url), max_rate=1_000_000, chunk_size=CHUNK, max_in_flight=IN_FLIGHT
    ) as client:
        priced = 0
        async with client.products.stream_prices(lines(count, items)) as stream:
            async for result in stream:
                priced += result.ok
        return priced


async def naive_job(base_url: str, count: int, items: Sequence[str]) -> int:
    from scansource_async import ScanSourceClient

    async with ScanSourceClient(
        **client_options(base_url), max_rate=1_000_000, chunk_size=CHUNK, max_in_flight=IN_FLIGHT
    ) as client:
        every_line = list(lines(count, items))
        chunks = [every_line[i : i + CHUNK] for i in range(0, count, CHUNK)]
        semaphore = asyncio.Semaphore(IN_FLIGHT)

        async def price(chunk: Sequence[Any]) -> Any:
            async with semaphore:
                return await client.products.pricing(chunk)

        results = await asyncio.gather(*(price(chunk) for chunk in chunks))
        return sum(len(products) for products in results)


def child(mode: str, base_url: str, count: int, traced: bool) -> dict[str, Any]:
    """One measured job in this process (run by the parent as a subprocess)."""
    import scansource_async  # noqa: F401 - imported before the baseline is taken

    items = item_numbers()
    rss_before = _rss_mb()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    job = stream_job if mode == "stream" else naive_job
    priced = asyncio.run(job(base_url, count, items))
    wall = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    tracemalloc.stop()
    return {
        "priced": priced,
        "wall": wall,
        "traced_peak_mb": traced_peak,
        "rss_before_mb": rss_before,
        "rss_peak_mb": _peak_rss_mb(),
    }


def run_child(mode: str, base_url: str, count: int, *, traced: bool) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "benchmarks.memory", "--child", mode, base_url, str(count)]
    command += ["--traced"] if traced else []
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=CHILD_TIMEOUT
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {mode} job of {count} lines failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["priced"] != count:
        raise RuntimeError(f"the {mode} job priced {result['priced']} of {count} lines")
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("mode", choices=("stream", "naive"))
        parser.add_argument("base_url")
        parser.add_argument("count", type=int)
        parser.add_argument("--traced", action="store_true")
        a = parser.parse_args(argv[1:])
        print(json.dumps(child(a.mode, a.base_url, a.count, a.traced)))
        return {}
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    sizes = SIZES[size]
    # RSS from a run without tracemalloc (whose own bookkeeping would count); traced memory
    # from a second run, up to TRACED_MAX lines (tracemalloc slows a job about threefold).
    runs: list[tuple[str, int, dict[str, Any], dict[str, Any] | None]] = []
    with SimulatorProcess(max_lines=CHUNK) as server:
        for mode in ("stream", "naive"):
            for count in sizes[mode]:
                plain = run_child(mode, server.base_url, count, traced=False)
                traced = None
                if count <= TRACED_MAX:
                    traced = run_child(mode, server.base_url, count, traced=True)
                runs.append((mode, count, plain, traced))
                print(f"  {mode} {count:,} lines: {plain['wall']:.1f}s", file=sys.stderr)
    _, _, base, base_traced = runs[0]
    headers = [
        "job",
        "lines",
        "peak RSS MB",
        "RSS growth MB",
        "growth ÷ smallest",
        "traced peak MB",
        "traced ÷ smallest",
        "lines/s",
    ]
    rows: list[list[Any]] = []
    nan = float("nan")
    for mode, count, plain, traced in runs:
        growth = plain["rss_peak_mb"] - plain["rss_before_mb"]
        base_growth = base["rss_peak_mb"] - base["rss_before_mb"]
        traced_mb = nan if traced is None else traced["traced_peak_mb"]
        base_traced_mb = nan if base_traced is None else base_traced["traced_peak_mb"]
        label = "stream_prices(generator)" if mode == "stream" else "naive gather, all kept"
        rows.append(
            [
                label,
                count,
                plain["rss_peak_mb"],
                growth,
                growth / base_growth,
                traced_mb,
                traced_mb / base_traced_mb,
                count / plain["wall"],
            ]
        )
    title = (
        f"memory: one child process per job, {CHUNK} lines per request, {IN_FLIGHT} in flight;"
        f" target: stream flat in N (largest within 1.2× of smallest) and ≤ {TARGET_MB:g} MB"
        " (traced, and RSS growth)"
    )
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters={"size": size, "chunk_size": CHUNK, "in_flight": IN_FLIGHT, **sizes},
        argv=argv,
    )


if __name__ == "__main__":
    main()
