"""Command line start-up: what ``scansource-async --help`` costs, next to what loading the
client would add.

Each row is a fresh ``python`` process, run N times interleaved with the others; CPU seconds
(user + system, from the OS) are steadier than wall time on a shared machine. ``import the
client`` is what ``--help`` would cost if the command line imported ``ScanSourceClient`` (and
with it httpx) up front; ``python -c pass`` is the interpreter alone.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._harness import format_table, make_parser, size_of, write_results

NAME = "cli_startup"
RUNS = {"full": 30, "quick": 10, "tiny": 2}
ROOT = Path(__file__).resolve().parent.parent

CASES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "scansource-async --help": ["-m", "scansource_async", "--help"],
    "scansource-async price-sheet --help": ["-m", "scansource_async", "price-sheet", "--help"],
    "import the client": ["-c", "import scansource_async; scansource_async.ScanSourceClient"],
}


def _run(args: Sequence[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``python ARGS`` process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, capture_output=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in CASES}
    for case in CASES.values():
        _run(case)  # compiled bytecode in place before timing
    for _ in range(RUNS[size]):
        for label, case in CASES.items():
            samples[label].append(_run(case))
    client_cpu = min(cpu for cpu, _ in samples["import the client"])
    headers = ["process", "runs", "CPU ms (min)", "CPU ms (median)", "wall ms (min)",
               "CPU ÷ import the client"]  # fmt: skip
    rows: list[list[Any]] = []
    for label, runs in samples.items():
        cpus = [cpu for cpu, _ in runs]
        rows.append(
            [
                label,
                len(runs),
                min(cpus) * 1000,
                statistics.median(cpus) * 1000,
                min(wall for _, wall in runs) * 1000,
                min(cpus) / client_cpu,
            ]
        )
    table = format_table("cli_startup: fresh processes, interleaved", headers, rows)
    print(table)
    path = write_results(
        NAME,
        args.results_dir,
        parameters={"size": size, "runs": RUNS[size]},
        headers=headers,
        rows=rows,
        table=table,
        argv=argv,
    )
    return {"path": str(path), "rows": rows}


if __name__ == "__main__":
    main()
