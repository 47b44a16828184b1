"""``python -m benchmarks._adaptive_server``: the simulator on loopback in its own process, driven
over stdin, for ``benchmarks.adaptive``.

Prints ``serving on URL`` once it serves, then reads commands, one a line:

- ``throttle SECONDS``: answer every API request 429 for SECONDS (``Retry-After`` counting
  down), from now; prints ``throttled UNTIL`` (``time.monotonic()``, the same clock as the
  benchmark's on Linux);
- ``log``: prints ``log [[started, status, lines], ...]``, one entry per API request since the
  last ``log``, and empties the log;
- end of input: stops.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

from scansource_async.testing import FaultModel, Simulator


def _log_entries(sim: Simulator) -> list[list[float | int]]:
    entries: list[list[float | int]] = []
    for record in sim.requests:
        if record.path.startswith("oauth2"):
            continue
        body = record.body
        lines = len(body.get("Lines", ())) if isinstance(body, dict) else 0
        entries.append([record.started, record.status, lines])
    sim.requests.clear()
    return entries


async def _run(args: argparse.Namespace) -> None:
    faults = FaultModel(latency=args.latency_ms / 1000) if args.latency_ms else None
    sim = Simulator(
        max_lines=args.max_lines,
        rate_limit=args.max_rate,
        faults=faults,
        request_log_size=200_000,
    )
    loop = asyncio.get_running_loop()
    async with sim.serve(port=0) as base_url:
        print(f"serving on {base_url}", flush=True)
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            command, *rest = line.split()
            if command == "throttle":
                seconds = float(rest[0])
                sim.throttle(seconds)
                print(f"throttled {time.monotonic() + seconds:.6f}", flush=True)
            elif command == "log":
                print("log " + json.dumps(_log_entries(sim)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._adaptive_server")
    parser.add_argument("--max-rate", type=float, default=None)
    parser.add_argument("--max-lines", type=int, default=40)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    asyncio.run(_run(parser.parse_args()))


if __name__ == "__main__":
    main()
