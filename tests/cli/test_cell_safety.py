"""CSV injection: cells a spreadsheet would run are neutralised by default, kept with
``--raw-cells``; JSON Lines never change; plain numbers (negative ones too) stay numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scansource_async.cli._sheet_io import neutralise

from .clihelpers import catalog_items, read_csv, run_cli, write_items

HOSTILE = [
    '=HYPERLINK("http://x.invalid","a")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        *[(cell, "'" + cell) for cell in HOSTILE],
        ("-5.00", "-5.00"),
        ("-12", "-12"),
        ("5.00", "5.00"),
        ("ABC-123", "ABC-123"),
        ("-", "'-"),
        ("-1e5", "'-1e5"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, written: str) -> None:
    assert neutralise(cell) == written


# Item numbers a CSV input can carry (a bare CR ends the input's row; tabs are trimmed).
ITEMS = HOSTILE[:4]


def _run(tmp_path: Path, *extra: str, output: str = "p.csv") -> None:
    rows = [(item, 1, "", "") for item in ITEMS] + [(catalog_items(1)[0], 2, "", "")]
    write_items(tmp_path / "items.csv", rows)
    result = run_cli("price-sheet", "items.csv", "-o", output, "--simulator", *extra, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the hostile items are not in the catalog


def test_formula_cells_are_neutralised_by_default(tmp_path: Path) -> None:
    _run(tmp_path)
    sheet = read_csv(tmp_path / "p.csv")
    assert [row["item_number"] for row in sheet[:-1]] == ["'" + cell for cell in ITEMS]
    assert sheet[-1]["status"] == "priced" and not sheet[-1]["item_number"].startswith("'")
    failures = read_csv(tmp_path / "p.failures.csv")
    assert [row["item_number"] for row in failures] == ITEMS  # read back by --resume


def test_raw_cells_writes_them_verbatim(tmp_path: Path) -> None:
    _run(tmp_path, "--raw-cells")
    sheet = read_csv(tmp_path / "p.csv")
    assert [row["item_number"] for row in sheet[:-1]] == ITEMS


def test_json_lines_are_unchanged(tmp_path: Path) -> None:
    _run(tmp_path, output="p.jsonl")
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["item_number"] for line in lines[:-1]] == ITEMS
