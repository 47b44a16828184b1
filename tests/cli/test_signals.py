"""Signals at any instant of a ``price-sheet`` run: no temporary file survives, the sheet is
whole or absent, start-up interrupts exit with one line, and a killed run's leftovers are
removed by the next run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scansource_async.cli._sheet_io import SHEET_COLUMNS

from .clihelpers import ROOT, catalog_items, cli_command, cli_env, read_csv, write_items

DRIVER = Path(__file__).with_name("signal_driver.py")
ROWS = 300


def _items(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return write_items(tmp_path / "items.csv", [(i, 1, "", "") for i in catalog_items(ROWS)])


def _drive(
    tmp_path: Path, signame: str, delays: list[str], processes: int = 1
) -> list[dict[str, Any]]:
    """Run the trials in ``processes`` drivers at once; results in trial order."""
    env = cli_env(PYTHONPATH=str(ROOT))
    items = _items(tmp_path)
    share = -(-len(delays) // processes)
    drivers = [
        subprocess.Popen(
            [
                *(sys.executable, str(DRIVER), str(tmp_path / "runs"), str(items), signame),
                str(first),
                *delays[first : first + share],
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for first in range(0, len(delays), share)
    ]
    results: list[dict[str, Any]] = []
    for driver in drivers:
        try:
            stdout, stderr = driver.communicate(timeout=300)
        finally:
            if driver.poll() is None:
                driver.kill()
        assert driver.returncode == 0, stderr
        results += [json.loads(line) for line in stdout.splitlines()]
    assert len(results) == len(delays)
    return results


def _check_sheet(directory: Path) -> str:
    """'none' or 'whole' (every input row, in order); fails on anything else."""
    sheet, failures = directory / "p.csv", directory / "p.failures.csv"
    assert sheet.exists() == failures.exists(), "the sheet and the failures file go together"
    if not sheet.exists():
        return "none"
    with open(sheet, encoding="utf-8", newline="") as file:
        assert file.readline().strip() == ",".join(SHEET_COLUMNS)
    rows = read_csv(sheet)
    assert [int(row["index"]) for row in rows] == list(range(ROWS))
    assert {row["status"] for row in rows} <= {"priced", "not_attempted"}
    unpriced = [row["index"] for row in rows if row["status"] != "priced"]
    assert [row["index"] for row in read_csv(failures)] == unpriced
    return "whole"


@pytest.mark.slow
def test_sigterm_at_random_instants_leaves_no_temp_files_and_a_valid_sheet(
    tmp_path: Path,
) -> None:
    # Unsignalled runs, two at a time as the trials are, measure how long a run takes here;
    # the 50 signals land uniformly over that span and beyond (start-up, streaming, writing,
    # renaming, exit).
    baselines = _drive(tmp_path / "baseline", "SIGTERM", ["-1", "-1"], processes=2)
    assert [run["status"] for run in baselines] == [0, 0], baselines
    span = max(run["elapsed"] for run in baselines) * 1.2
    rng = random.Random(15)
    delays = [f"{rng.uniform(0, span):.4f}" for _ in range(50)]
    trials = _drive(tmp_path, "SIGTERM", delays, processes=2)

    outcomes: dict[str, int] = {}
    for number, result in enumerate(trials):
        where = f"trial {number} (signal at {result['delay']} s): {result}"
        assert not [name for name in result["files"] if name.endswith(".tmp")], where
        if result["status"] == -signal.SIGTERM:
            # Before the command line's first instruction (the interpreter starting, the
            # package importing) or after its last (the process exiting) the default action
            # applies: nothing was created yet, or everything is in place.
            kind = _check_sheet(tmp_path / "runs" / f"t{number}")
            outside = "before main" if kind == "none" else "after main"
            if kind == "none":
                assert result["files"] == ["stderr.txt", "stdout.txt"], where
            outcomes[outside] = outcomes.get(outside, 0) + 1
            continue
        assert result["status"] in (0, 143), where
        assert "Traceback" not in result["stderr"], where
        assert len(result["stderr"].strip().splitlines()) <= 2, where
        kind = _check_sheet(tmp_path / "runs" / f"t{number}")
        if result["status"] == 143 and kind == "none":  # stopped before a row was priced
            lines = result["stderr"].strip().splitlines()
            assert len(lines) == 1 and "interrupted" in lines[0], where
        outcomes[kind] = outcomes.get(kind, 0) + 1
    assert outcomes.get("whole", 0) > 0, outcomes  # the signal did not always come too early


def test_an_interrupt_during_start_up_exits_130_with_one_line(tmp_path: Path) -> None:
    results = _drive(tmp_path, "SIGINT", ["parse", "connect"])
    for number, result in enumerate(results):
        assert result["status"] == 130, result
        lines = result["stderr"].strip().splitlines()
        assert len(lines) == 1 and "interrupted" in lines[0], result
        assert not [name for name in result["files"] if name.endswith(".tmp")], result
        assert _check_sheet(tmp_path / "runs" / f"t{number}") == "none"


def test_a_killed_runs_temp_files_are_removed_by_the_next_run(tmp_path: Path) -> None:
    items = _items(tmp_path)
    env = cli_env(SCANSOURCE_SIMULATOR_FAULTS="latency=0.05")
    command = cli_command("price-sheet", items, "-o", "p.csv", "--simulator", "--in-flight", "1")
    quiet = subprocess.DEVNULL
    with subprocess.Popen(
        command, cwd=tmp_path, env=env, stdin=quiet, stdout=quiet, stderr=quiet
    ) as process:
        try:
            until = time.monotonic() + 60
            while not list(tmp_path.glob(".p.csv.*.tmp")) and time.monotonic() < until:
                assert process.poll() is None
                time.sleep(0.02)
        finally:
            process.kill()  # no handler runs: the temporary files stay behind
    left = sorted(p.name for p in tmp_path.glob(".p.*.tmp"))
    assert len(left) == 2, left
    # A live run's temporary file (this test's pid stands for one) is never touched.
    live = tmp_path / f".p.csv.{os.getpid()}.abcdefgh.tmp"
    live.write_text("in use")
    result = subprocess.run(
        cli_command("price-sheet", items, "-o", "p.csv", "--simulator", "-q"),
        cwd=tmp_path,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob(".p.*.tmp")) == [live.name]
    assert _check_sheet(tmp_path) == "whole"


def test_the_signal_handler_is_restored_after_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scansource_async.cli import main

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    items = _items(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["price-sheet", str(items), "-o", "p.csv", "--simulator", "-q"]) == 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_a_signal_while_the_event_loop_is_built_is_raised_inside_the_job() -> None:
    """A signal between defer() and attach() (asyncio building its loop and the job's task) is
    recorded, not raised there, and attach() raises it inside the job: no half-built loop."""
    import asyncio

    from scansource_async.cli._signals import Interrupted, SignalGuard

    guard = SignalGuard()
    guard.install()
    try:
        guard.defer()
        signal.raise_signal(signal.SIGTERM)  # recorded only: nothing raised here
        assert guard.received == [signal.SIGTERM]

        async def job() -> str:
            guard.attach()
            return "not reached"

        with pytest.raises(Interrupted) as caught:
            asyncio.run(job())
        assert caught.value.signum == signal.SIGTERM
    finally:
        guard.uninstall()


def test_without_defer_a_start_up_signal_is_raised_at_once() -> None:
    from scansource_async.cli._signals import Interrupted, SignalGuard

    guard = SignalGuard()
    guard.install()
    try:
        with pytest.raises(Interrupted):
            signal.raise_signal(signal.SIGTERM)
    finally:
        guard.uninstall()
