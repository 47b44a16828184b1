"""The command line explains itself: exit statuses and a description on every command's
``--help``, the command's own usage and the nearest spelling for a typo, ``--log-level``, and a
``--help`` that imports neither httpx nor the simulator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scansource_async.cli import EXIT_STATUS, build_parser, main
from scansource_async.cli._parser import walk

from .clihelpers import catalog_items, cli_env, run_cli, write_items

TWO = ("item_number", "quantity")
COMMAND_PATHS = [path for path, _ in walk(build_parser())]


def _one_item(folder: Path) -> Path:
    return write_items(folder / "items.csv", [(catalog_items(1)[0], 1)], TWO)


def _help(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*path, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_walked() -> None:
    assert set(COMMAND_PATHS) == {
        (),
        ("simulator",),
        ("simulator", "serve"),
        ("price-sheet",),
        ("merge-sheets",),
        ("doctor",),
        ("completion",),
    }


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "top")
def test_help_describes_the_command_and_lists_the_exit_statuses(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    text = _help(path, capsys)
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith(f"usage: {' '.join(('scansource-async', *path))}")
    description = rest.split("\n\n", 1)[0]
    assert not description.startswith(("options:", "positional arguments:"))
    assert len(description.split()) >= 8, f"no real description: {description!r}"
    assert "exit status:" in text
    for status in EXIT_STATUS:
        assert f"  {status} " in text
    assert "--log-level" in text


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help((), capsys)
    for command in ("simulator", "price-sheet", "merge-sheets", "doctor", "completion"):
        assert f"    {command} " in text


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (
            ["price-sheet", "items.csv", "--outptu", "x.csv"],
            "usage: scansource-async price-sheet",
            "unrecognized arguments: --outptu (did you mean --output?)",
        ),
        (
            ["price-sheet", "items.csv", "-o", "x.csv", "--formt=csv"],
            "usage: scansource-async price-sheet",
            "unrecognized arguments: --formt=csv (did you mean --format?)",
        ),
        (
            ["merge-sheets", "a.csv", "-o", "m.csv", "--quite"],
            "usage: scansource-async merge-sheets",
            "unrecognized arguments: --quite (did you mean --quiet?)",
        ),
        (
            ["simulator", "serve", "--prot", "8000"],
            "usage: scansource-async simulator serve",
            "unrecognized arguments: --prot (did you mean --port?)",
        ),
        (
            ["--verison"],
            "usage: scansource-async [",
            "unrecognized arguments: --verison (did you mean --version?)",
        ),
        (
            ["price-shet", "items.csv"],
            "usage: scansource-async [",
            "(did you mean 'price-sheet'?)",
        ),
        (
            ["price-sheet", "items.csv", "-o", "x.csv", "surplus"],
            "usage: scansource-async price-sheet",
            "scansource-async price-sheet: error: unrecognized arguments: surplus\n",
        ),
    ],
)
def test_a_typo_gets_the_commands_usage_and_a_suggestion(
    args: list[str], usage: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage)
    assert message in err


def test_an_option_far_from_any_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["price-sheet", "items.csv", "-o", "x.csv", "--zzzzzz"])
    err = capsys.readouterr().err
    assert err.rstrip().endswith("unrecognized arguments: --zzzzzz")


def test_an_abbreviation_is_not_a_typo(tmp_path: Path) -> None:
    # ``--out`` is argparse's unique prefix of --output, accepted as before.
    items = _one_item(tmp_path)
    output = tmp_path / "p.csv"
    assert main(["price-sheet", str(items), "--out", str(output), "--simulator", "-q"]) == 0
    assert output.exists()


_IMPORTS_AFTER_HELP = """
import json, sys
from scansource_async.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert exc.code == 0, exc.code
heavy = ("httpx", "httpcore", "anyio", "attrs", "cattrs", "rich", "starlette", "uvicorn",
         "scansource_async.testing", "scansource_async._client", "asyncio")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy
                        or m.startswith(heavy))))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["price-sheet", "--help"], ["--version"]], ids=" ".join
)
def test_help_imports_neither_httpx_nor_the_simulator(args: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_AFTER_HELP, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=cli_env(),
        timeout=60,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_log_level_debug_shows_one_line_per_attempt_on_stderr(tmp_path: Path) -> None:
    items = write_items(tmp_path / "items.csv", [(item, 1) for item in catalog_items(3)], TWO)
    quiet = run_cli("price-sheet", items, "-o", "a.csv", "--simulator", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "DEBUG" not in quiet.stderr

    loud = run_cli(
        "price-sheet", items, "-o", "b.csv", "--simulator", "--log-level", "DEBUG", cwd=tmp_path
    )
    assert loud.returncode == 0, loud.stderr
    debug = [line for line in loud.stderr.splitlines() if " DEBUG scansource_async" in line]
    assert debug, loud.stderr
    assert any("pricing" in line and "-> 200" in line for line in debug)
    # the same flag before the command name
    before = run_cli(
        "--log-level", "info", "price-sheet", items, "-o", "c.csv", "--simulator", cwd=tmp_path
    )
    assert before.returncode == 0
    assert "DEBUG" not in before.stderr


def test_log_level_refuses_an_unknown_level(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--log-level", "chatty", "completion", "bash"])
    assert exited.value.code == 2
    assert "--log-level: invalid choice: 'chatty'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["price-sheet", "merge-sheets"])
@pytest.mark.parametrize("name", ["prices.xlsx", "prices.json", "prices.CSV.bak"])
def test_a_sheet_name_with_an_unknown_suffix_is_refused(
    command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _one_item(tmp_path)
    inputs = [str(items)] if command == "price-sheet" else [str(tmp_path / "part.csv")]
    extra = ["--simulator"] if command == "price-sheet" else []
    status = main([command, *inputs, "-o", str(tmp_path / name), *extra, "-q"])
    assert status == 2
    suffix = Path(name).suffix.lower()
    assert f"cannot write a {suffix} sheet: name it .csv or .jsonl" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv"]


@pytest.mark.parametrize(
    ("name", "fmt"), [("prices", None), ("prices.out", "csv"), ("p.NDJSON", None)]
)
def test_known_suffixes_no_suffix_or_an_explicit_format_are_written(
    name: str, fmt: str | None, tmp_path: Path
) -> None:
    items = _one_item(tmp_path)
    args = ["price-sheet", str(items), "-o", str(tmp_path / name), "--simulator", "-q"]
    assert main([*args, *(["--format", fmt] if fmt else [])]) == 0
    text = (tmp_path / name).read_text()
    assert text.startswith("{") == name.lower().endswith(".ndjson")
