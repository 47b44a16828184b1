"""``python -m benchmarks._server simulator serve ...``: the simulator's own command line, plus
one ``stats {...}`` line on stdout when it stops (requests, status counts, server CPU seconds).

The benchmarks need the server's side of the story (how many 429s it sent, how much CPU it
used) from a separate process; the CLI prints nothing at exit, so this wraps its serve loop.
Everything else (arguments, simulator, uvicorn) is exactly ``scansource-async simulator serve``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from scansource_async.cli import main
from scansource_async.cli import simulator as cli_simulator


def _report(sim: Any, cpu_started: float, wall_started: float) -> None:
    stats = sim.stats
    report = {
        "requests": stats.requests,
        "status_counts": {str(status): count for status, count in stats.status_counts.items()},
        "peak_in_flight": stats.peak_in_flight,
        "tokens_issued": stats.tokens_issued,
        "cpu_seconds": time.process_time() - cpu_started,
        "wall_seconds": time.monotonic() - wall_started,
    }
    print("stats " + json.dumps(report), flush=True)


def _wrap_serve() -> None:
    serve = getattr(cli_simulator, "_serve", None)
    if serve is None:  # the CLI changed shape: serve without the report rather than fail
        return

    async def serve_and_report(sim: Any, *args: Any, **kwargs: Any) -> None:
        cpu_started, wall_started = time.process_time(), time.monotonic()
        try:
            await serve(sim, *args, **kwargs)
        finally:
            _report(sim, cpu_started, wall_started)

    cli_simulator._serve = serve_and_report  # type: ignore[attr-defined]


if __name__ == "__main__":
    _wrap_serve()
    raise SystemExit(main(sys.argv[1:]))
