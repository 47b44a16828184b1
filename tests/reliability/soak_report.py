"""The long reliability soak: every scenario at full size, then one table of what was tried and
what held. Run by ``nox -s soak`` (or ``python tests/reliability/soak_report.py``).

Bounded: each scenario has a fixed size and the whole run a time budget (``--budget``, default
540 s); a scenario that would overrun it is stopped and reported as not held. Loopback only: the
simulator runs in this process on 127.0.0.1. Exit status 0 only when everything held.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests folder: ``reliability`` imports as a package
os.environ["SCANSOURCE_SOAK"] = "1"

from reliability import scenarios  # noqa: E402
from reliability.harness import Figures, SecretWatch  # noqa: E402

FULL = {
    "fault_soak": 100_000,
    "creates": 1_000,
    "cancellation": 100,
    "token_expiry": 12_000,
    "long_lived": 20_000,
    "cli_rows": 2_000,
}

Scenario = Callable[[SecretWatch], Awaitable[Figures]]


def plan() -> list[tuple[str, Scenario]]:
    return [
        ("fault soak", lambda w: scenarios.fault_soak(w, FULL["fault_soak"])),
        ("creates", lambda w: scenarios.creates_under_faults(w, FULL["creates"])),
        ("cancellation", lambda w: scenarios.cancellation(w, FULL["cancellation"])),
        ("deadlines", scenarios.deadlines),
        ("token expiry", lambda w: scenarios.token_expiry(w, FULL["token_expiry"])),
        ("long-lived", lambda w: scenarios.long_lived(w, FULL["long_lived"])),
        ("secrets", scenarios.secrets_run),
        ("cli", lambda w: scenarios.cli_output(w, FULL["cli_rows"])),
    ]


async def run_all(budget: float, watch: SecretWatch) -> list[tuple[Figures, int]]:
    """Each scenario with the secrets found during it; stops at the budget."""
    rows: list[tuple[Figures, int]] = []
    ends = time.monotonic() + budget
    for name, scenario in plan():
        left = ends - time.monotonic()
        found = watch.found
        if left <= 1:
            figures = Figures(name)
            figures.problem("not run: the soak's time budget was spent")
        else:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            try:
                figures = await asyncio.wait_for(scenario(watch), left)
            except TimeoutError:
                figures = Figures(name)
                figures.problem(f"stopped at the time budget ({budget:.0f} s)")
            except Exception as exc:
                figures = Figures(name)
                figures.problem(f"crashed: {exc!r}")
        rows.append((figures, watch.found - found))
    return rows


def run_property_tests(budget: float) -> tuple[Figures, int]:
    """The hypothesis suites (hostile input and responses) at soak size, in a subprocess."""
    figures = Figures("hostile input + responses (hypothesis)", unit="tests")
    started = time.monotonic()
    files = [str(HERE / "test_hostile_input.py"), str(HERE / "test_hostile_responses.py")]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=max(1.0, budget),
            cwd=HERE.parents[1],
            env={**os.environ, "SCANSOURCE_SOAK": "1"},
            check=False,
        )
        tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
        counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed|error)", tail)}
        figures.size = sum(counts.values())
        figures.check(done.returncode == 0, f"pytest exit {done.returncode}: {tail}")
        figures.notes.append(tail)
    except subprocess.TimeoutExpired:
        figures.problem("stopped at the time budget")
    figures.seconds = time.monotonic() - started
    return figures, 0


def faults_text(faults: Counter[str]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(faults.items())) or "-"


def table(rows: list[tuple[Figures, int]]) -> str:
    header = (
        "scenario",
        "size",
        "faults injected",
        "retries",
        "lost",
        "dup",
        "wrong",
        "leaked conn/tasks",
        "secrets",
        "secs",
        "held",
    )
    lines = [
        (
            f.name,
            f"{f.size:,} {f.unit}",
            faults_text(f.faults),
            f"{f.retries:,}",
            str(f.lost),
            str(f.duplicated),
            str(f.wrong),
            f"{f.leaked_connections}/{f.leaked_tasks}",
            str(secrets),
            f"{f.seconds:.1f}",
            "yes" if f.held and not secrets else "NO",
        )
        for f, secrets in rows
    ]
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]

    def render(row: tuple[str, ...]) -> str:
        return " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *(render(row) for row in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=540.0, help="seconds for the whole run")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    watch = SecretWatch()
    with watch.capturing():
        rows = asyncio.run(run_all(args.budget * 0.8, watch))
    left = args.budget - (time.monotonic() - started)
    rows.append(run_property_tests(left))
    elapsed = time.monotonic() - started

    print()
    print(table(rows))
    print()
    total_faults: Counter[str] = Counter()
    for figures, _ in rows:
        total_faults.update(figures.faults)
    print(
        f"secrets scanned in {watch.lines:,} log lines and {watch.texts:,} exception texts,"
        f" reprs and CLI outputs; found {watch.found}"
    )
    print(f"faults injected in all: {faults_text(total_faults)}; run took {elapsed:.0f} s")
    for figures, _ in rows:
        for note in figures.notes:
            print(f"  {figures.name}: {note}")
    failed = [(f, s) for f, s in rows if not f.held or s]
    for figures, secrets in failed:
        print(f"NOT HELD: {figures.name}: {figures.problems[:5]} secrets {secrets}")
    for finding in watch.findings[:10]:
        print(f"SECRET: {finding}")
    print("ALL HELD" if not failed else f"{len(failed)} SCENARIO(S) DID NOT HOLD")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "scenario": f.name,
                        "size": f.size,
                        "unit": f.unit,
                        "faults": dict(f.faults),
                        "retries": f.retries,
                        "lost": f.lost,
                        "duplicated": f.duplicated,
                        "wrong": f.wrong,
                        "leaked_connections": f.leaked_connections,
                        "leaked_tasks": f.leaked_tasks,
                        "secrets_found": s,
                        "seconds": round(f.seconds, 2),
                        "held": f.held and not s,
                        "problems": f.problems,
                    }
                    for f, s in rows
                ],
                indent=2,
            )
        )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
