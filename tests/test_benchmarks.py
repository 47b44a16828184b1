"""Smoke test of benchmarks/: each one runs at its tiny size and writes a well-formed table
and JSON file, so none can rot. No timing is asserted here: the numbers are the benchmarks'
business (``nox -s bench``), and this machine's speed is nobody's."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

# The project root is on sys.path (tests/ is a package: pytest puts the folder above it first),
# so benchmarks/ imports as a package under `pytest` and `python -m pytest` alike.
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.loopback

BENCHMARKS = [
    "ceiling",
    "overhead",
    "memory",
    "coalesce",
    "simulator",
    "web",
    "cli_startup",
    "adaptive",
    "profile",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_tiny_and_writes_its_table_and_json(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    outcome: dict[str, Any] = module.main(["--tiny", "--results-dir", str(tmp_path)])

    printed = capsys.readouterr().out
    table_lines = [line for line in printed.splitlines() if line.startswith("|")]
    header, rule, *body = table_lines
    assert set(rule.replace("|", "").replace(" ", "")) == {"-"}
    assert body, "the table has no rows"
    assert all(line.count("|") == header.count("|") for line in body)

    document = json.loads((tmp_path / f"{name}.json").read_text())
    assert outcome["path"] == str(tmp_path / f"{name}.json")
    assert document["benchmark"] == name
    assert document["parameters"]["size"] == "tiny"
    assert document["command"] == f"python -m benchmarks.{name} --tiny"
    assert document["machine"]["cpu_count"] >= 1
    assert document["machine"]["python"]
    assert len(document["rows"]) == len(body)
    for row in document["rows"]:
        assert list(row) == document["columns"]
    assert document["table"] in printed


def test_results_of_smoke_runs_stay_out_of_the_repository() -> None:
    # Full runs write benchmarks/results/; the smoke runs above wrote to a temporary folder.
    results = ROOT / "benchmarks" / "results"
    for name in BENCHMARKS:
        path = results / f"{name}.json"
        if path.exists():
            assert json.loads(path.read_text())["parameters"]["size"] != "tiny", path


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="pinning needs two cores and sched_setaffinity",
)
def test_the_simulator_runs_on_a_core_of_its_own_and_gives_ours_back() -> None:
    from benchmarks._harness import SimulatorProcess

    ours = os.sched_getaffinity(0)
    with SimulatorProcess() as server:
        assert server.pid is not None
        theirs = os.sched_getaffinity(server.pid)
        assert theirs.isdisjoint(os.sched_getaffinity(0))
    # A test run (or a benchmark run after it) keeps every core it had.
    assert os.sched_getaffinity(0) == ours
