"""Ctrl-C mid-run: the job stops cleanly, what finished is in the sheet, the rest is in the
failures file, and the exit status is 130 (143 for SIGTERM)."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from .clihelpers import (
    assert_matches_oracle,
    catalog_items,
    cli_command,
    cli_env,
    read_csv,
    summary,
    write_items,
)


def _wait_for_output(directory: Path, process: subprocess.Popen[str], timeout: float) -> None:
    """Until the sheet's temporary file has rows on disk (the job is mid-run)."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        assert process.poll() is None, "the job ended before it could be interrupted"
        temps = list(directory.glob(".prices.csv.*.tmp"))
        if temps and temps[0].stat().st_size > 0:
            return
        time.sleep(0.02)
    raise AssertionError("the job wrote nothing in time")


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_writes_a_valid_partial_sheet_and_the_rest_to_failures(
    tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    rows = [(item, n % 3 + 1, "", "") for n, item in enumerate(catalog_items(4000))]
    write_items(tmp_path / "items.csv", rows)
    env = cli_env(SCANSOURCE_SIMULATOR_FAULTS="latency=0.05", PYTHONUNBUFFERED="1")
    command = cli_command(
        "price-sheet",
        "items.csv",
        "-o",
        "prices.csv",
        "--simulator",
        "--in-flight",
        "2",
        "--rate",
        "1000",
    )
    with subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    ) as process:
        try:
            _wait_for_output(tmp_path, process, timeout=30)
            process.send_signal(stop)
            stdout, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == status, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr

    sheet = read_csv(tmp_path / "prices.csv")
    items = read_csv(tmp_path / "items.csv")
    assert_matches_oracle(sheet, items, only_priced=True)  # every row, in order
    statuses = [row["status"] for row in sheet]
    priced = statuses.count("priced")
    assert 0 < priced < len(rows)
    assert set(statuses) == {"priced", "not_attempted"}
    assert {row["error"] for row in sheet if row["status"] != "priced"} == {
        "NotAttemptedError: interrupted"
    }

    failures = read_csv(tmp_path / "prices.failures.csv")
    assert [row["index"] for row in failures] == [
        row["index"] for row in sheet if row["status"] != "priced"
    ]
    assert len(failures) == len(rows) - priced
    counts = summary(stdout)
    assert counts["priced"] == str(priced)
    assert counts["not attempted"] == str(len(failures))
    assert counts["interrupted"].startswith("yes")
    assert not list(tmp_path.glob(".*.tmp"))
