"""Bad usage, input or output: a one-line message naming the file, row and column, exit status 2,
and nothing written (not even half a file). The cases run as processes, all at once."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest

from scansource_async.cli import main

from .clihelpers import catalog_items, cli_env, run_cli, write_items

GOOD = "SS0000001"


class Case(NamedTuple):
    files: dict[str, bytes]  # written in the case's directory
    args: tuple[str, ...]
    message: str  # expected in stderr
    simulator: bool = True
    process: bool = False  # run as a process (else in-process through main(), faster)


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


_LATE_BAD = _csv(
    "item_number,quantity",
    *(f"{item},2" for item in catalog_items(2500)),
    "SS0000009,1.5",
)

CASES: dict[str, Case] = {
    "missing column": Case(
        {"items.csv": _csv("item_number,qty", f"{GOOD},1")},
        ("items.csv",),
        "items.csv:1: missing column 'quantity' (the header has 'item_number', 'qty')",
        process=True,
    ),
    "quantity not a number": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1", f"{GOOD},abc")},
        ("items.csv",),
        "items.csv:3: quantity 'abc' is not a whole number",
        process=True,
    ),
    "quantity below 1": Case(
        {"items.csv": _csv("quantity,item_number", f"0,{GOOD}")},
        ("items.csv",),
        "items.csv:2: quantity must be between 1 and 2147483647, got 0",
    ),
    "quantity empty": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},")},
        ("items.csv",),
        "items.csv:2: quantity is empty",
    ),
    "bad part number type": Case(
        {"items.csv": _csv("item_number,quantity,part_number_type", f"{GOOD},1,7")},
        ("items.csv",),
        "items.csv:2: part_number_type '7' must be 0-3",
    ),
    "empty item number": Case(
        {"items.csv": _csv("item_number,quantity", "  ,4")},
        ("items.csv",),
        "items.csv:2: item_number is empty",
    ),
    "too many fields": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1,surprise")},
        ("items.csv",),
        "items.csv:2: 3 fields, but the header has 2",
    ),
    "empty file": Case(
        {"items.csv": b""}, ("items.csv",), "items.csv: the file is empty", process=True
    ),
    "not utf-8": Case(
        {"items.csv": b"item_number,quantity\n\xff\xfe,1\n"},
        ("items.csv",),
        "items.csv:2: not UTF-8 text",
    ),
    "missing file": Case(
        {},
        ("nothere.csv",),
        "nothere.csv: cannot read: No such file or directory",
        process=True,
    ),
    "input is a directory": Case({"adir/x": b""}, ("adir",), "adir: cannot read: Is a directory"),
    "output directory missing": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1")},
        ("items.csv", "-o", "nodir/prices.csv"),
        "nodir/prices.csv: cannot write: the directory 'nodir' does not exist",
        process=True,
    ),
    "output is a directory": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1"), "out/x": b""},
        ("items.csv", "-o", "out"),
        "out: is a directory, not a file to write",
    ),
    "output is the input": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1")},
        ("items.csv", "-o", "items.csv"),
        "items.csv: would overwrite the input items.csv",
    ),
    "bad row after 2,500 good ones": Case(
        {"items.csv": _LATE_BAD, "prices.csv": b"the previous sheet\n"},
        ("items.csv",),
        "items.csv:2502: quantity '1.5' is not a whole number",
        process=True,
    ),
    "no credentials": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1")},
        ("items.csv",),
        "no credentials: set SCANSOURCE_SUBSCRIPTION_KEY (in the environment or an --env-file),"
        " or pass --simulator",
        simulator=False,
        process=True,
    ),
    "bad env file": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1"), "creds.env": b"no equals\n"},
        ("items.csv", "--env-file", "creds.env"),
        "creds.env:1: expected KEY=VALUE",
        simulator=False,
    ),
    "unknown warehouse": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1")},
        ("items.csv", "--warehouse", "9999"),
        "unknown warehouse '9999'",
    ),
    "bad shard": Case(
        {"items.csv": _csv("item_number,quantity", f"{GOOD},1")},
        ("items.csv", "--shard", "3/2"),
        "'3/2': K must be between 1 and N",
        process=True,
    ),
    "neither items nor resume": Case({}, (), "give ITEMS.csv to price, or --resume", process=True),
}


def _prepare(name: str, case: Case, root: Path) -> tuple[Path, list[str]]:
    directory = root / name.replace(" ", "_").replace(",", "")
    directory.mkdir()
    for file_name, content in case.files.items():
        (directory / file_name).parent.mkdir(parents=True, exist_ok=True)
        (directory / file_name).write_bytes(content)
    args = ["price-sheet", *case.args]
    if "-o" not in args:
        args += ["-o", "prices.csv"]
    if case.simulator:
        args.append("--simulator")
    return directory, args


class Outcome(NamedTuple):
    directory: Path
    status: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """The cases marked ``process``, each run as ``python -m scansource_async``, in parallel."""
    root = tmp_path_factory.mktemp("bad-input")

    def run(name: str, case: Case) -> Outcome:
        directory, args = _prepare(name, case, root)
        result = run_cli(*args, cwd=directory, env=cli_env())
        return Outcome(directory, result.returncode, result.stdout, result.stderr)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {
            name: pool.submit(run, name, case) for name, case in CASES.items() if case.process
        }
        return {name: future.result() for name, future in futures.items()}


def _in_process(
    name: str,
    case: Case,
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Outcome:
    directory, args = _prepare(name, case, root)
    for variable in [v for v in os.environ if v.startswith("SCANSOURCE_")]:
        monkeypatch.delenv(variable)
    monkeypatch.chdir(directory)
    try:
        status = main(args)
    except SystemExit as exc:  # argparse
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return Outcome(directory, status, captured.out, captured.err)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_exits_2_with_a_one_line_message_and_writes_nothing(
    name: str,
    processes: dict[str, Outcome],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = CASES[name]
    if case.process:
        outcome = processes[name]
    else:
        outcome = _in_process(name, case, tmp_path, monkeypatch, capsys)
    assert outcome.status == 2, outcome.stderr
    assert case.message in outcome.stderr
    assert "Traceback" not in outcome.stderr
    if "usage:" not in outcome.stderr:  # argparse's own errors come with a usage line
        assert outcome.stderr.count("\n") == 1, outcome.stderr
        assert outcome.stderr.startswith("scansource-async price-sheet: error: ")
    assert outcome.stdout == ""
    # Nothing new in the directory: no sheet, no failures file, no temporary file.
    directory = outcome.directory
    left = {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}
    assert left == set(case.files)
    for file_name, content in case.files.items():
        assert (directory / file_name).read_bytes() == content


def test_a_header_alone_is_an_empty_sheet(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [])
    result = run_cli("price-sheet", "items.csv", "-o", "p.csv", "--simulator", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.csv").read_text().count("\n") == 1
