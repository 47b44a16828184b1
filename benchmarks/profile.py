"""Profile: where ``price_many``'s client CPU goes, per HTTP backend (cProfile).

The overhead benchmark's ``price_many`` job (requests of ``chunk`` distinct lines, ``in_flight``
at once, fixed server latency, no rate limit) runs once per backend under ``cProfile``; the
own time of every function is summed by area:

- ``engine``: the bulk job (``_batching``, ``_chunks``, ``_source``, ``_line_limit``, results);
- ``request``: the transport above the seam (retries, auth, limits, stats, events, URLs);
- ``models``: request JSON, response parsing and cattrs structuring;
- ``seam``: the backend module and the size-capped body reader;
- ``httpx+httpcore`` / ``aiohttp``: the HTTP library;
- ``asyncio``: the event loop, tasks, futures, sockets;
- ``other``: everything else (stdlib, builtins).

Time is CPU time (``time.process_time``), so a busy machine does not count against the
client. Each area's share of the profiled time is printed, then the functions with the most
own time.
cProfile slows Python code several times over, most where calls are many and short, so the
shares say where the time goes, not how long a request takes (``benchmarks.overhead`` does).
"""

from __future__ import annotations

import asyncio
import cProfile
import importlib.util
import io
import pstats
import sys
import time
from collections.abc import Sequence
from typing import Any

from ._harness import (
    SimulatorProcess,
    format_table,
    make_parser,
    pricing_lines,
    size_of,
    write_results,
)
from .overhead import CHUNK, IN_FLIGHT, LATENCY_MS, run_price_many

NAME = "profile"
SIZES = {"full": {"requests": 1000}, "quick": {"requests": 300}, "tiny": {"requests": 12}}
TOP = 12

# (area, substrings of a function's file path), first match wins; builtins are "other".
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "engine",
        ("_batching", "_chunks", "_source.py", "_line_limit", "_progress", "resources/_pricing"),
    ),
    ("seam", ("scansource_async/_http/",)),
    (
        "models",
        (
            "_convert",
            "_fast_structure",
            "scansource_async structure",  # the generated structure functions
            "_json",
            "models/",
            "cattrs",
            "resources/products",
            "_validate",
        ),
    ),
    ("request", ("scansource_async/",)),
    ("httpx+httpcore", ("/httpx/", "/httpcore/", "/h11/", "/anyio/", "/sniffio/")),
    ("aiohttp", ("/aiohttp/", "/yarl/", "/multidict/", "/aiosignal/", "/frozenlist/")),
    ("asyncio", ("/asyncio/", "selectors", "socket.py", "ssl.py")),
)


def area_of(filename: str) -> str:
    for area, needles in AREAS:
        if any(needle in filename for needle in needles):
            return area
    return "other"


async def _profiled(base_url: str, lines: Sequence[Any], backend: str) -> pstats.Stats:
    # A small job first: imports, the converter's generated hooks and the TLS context are
    # one-off costs, not per request.
    await run_price_many(base_url, lines[: 2 * CHUNK], backend)
    # CPU time, not wall time: on a shared machine a descheduled syscall would otherwise
    # look like the most expensive call.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    try:
        await run_price_many(base_url, lines, backend)
    finally:
        profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO())


def summarize(stats: pstats.Stats, requests: int) -> tuple[dict[str, float], list[Any]]:
    """Own seconds by area, and the functions with the most own time."""
    by_area: dict[str, float] = {}
    functions = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, line, name), (_, calls, own, _cumulative, _) in raw.items():
        area = area_of(filename)
        by_area[area] = by_area.get(area, 0.0) + own
        functions.append((own, calls, f"{_short(filename)}:{line}({name})", area))
    functions.sort(reverse=True)
    return by_area, functions[:TOP]


def _short(filename: str) -> str:
    for marker in ("site-packages/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    if "scansource_async/" in filename:
        return "scansource_async/" + filename.split("scansource_async/", 1)[1]
    return filename


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = SIZES[size_of(args)]
    lines = pricing_lines(size["requests"] * CHUNK)
    backends = ["httpx"]
    if importlib.util.find_spec("aiohttp") is not None:
        backends.append("aiohttp")
    headers = ["backend", "area", "own ms/req (profiled)", "share %"]
    rows: list[list[Any]] = []
    top: dict[str, list[Any]] = {}
    with SimulatorProcess(latency_ms=LATENCY_MS, max_lines=CHUNK) as server:
        for backend in backends:
            stats = asyncio.run(_profiled(server.base_url, lines, backend))
            by_area, functions = summarize(stats, size["requests"])
            total = sum(by_area.values()) or 1.0
            for area, seconds in sorted(by_area.items(), key=lambda kv: -kv[1]):
                per_request = seconds / size["requests"] * 1000
                rows.append([backend, area, per_request, 100 * seconds / total])
            top[backend] = [
                {"own_ms_per_req": own / size["requests"] * 1000, "calls": calls, "function": f}
                for own, calls, f, _ in functions
            ]
    title = (
        f"profile: price_many, {size['requests']} requests × {CHUNK} lines, {IN_FLIGHT} in"
        f" flight, server latency {LATENCY_MS:.0f} ms, under cProfile; own time by area"
    )
    table = format_table(title, headers, rows)
    print(table)
    for backend, functions in top.items():
        print(f"\n{backend}: the {TOP} functions with the most own time")
        for entry in functions:
            print(
                f"  {entry['own_ms_per_req']:7.3f} ms/req {entry['calls']:>9} calls"
                f"  {entry['function']}"
            )
    path = write_results(
        NAME,
        args.results_dir,
        parameters={"size": size_of(args), "chunk_size": CHUNK, "in_flight": IN_FLIGHT, **size},
        headers=headers,
        rows=rows,
        table=table,
        argv=argv,
        extra={"top": top},
    )
    print(f"\nwrote {path}")
    return {"table": table, "rows": rows, "path": str(path)}


if __name__ == "__main__":
    main()
