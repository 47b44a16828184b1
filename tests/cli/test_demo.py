"""The README's demo command: its sheet is the simulator's prices, row for row."""

from __future__ import annotations

import json
from pathlib import Path

from .clihelpers import (
    EXAMPLE_ITEMS,
    assert_matches_oracle,
    catalog_items,
    read_csv,
    run_cli,
    summary,
    write_items,
)


def test_demo_sheet_matches_the_simulator_row_for_row(tmp_path: Path) -> None:
    # Exactly the README's command (run from a scratch directory).
    result = run_cli("price-sheet", EXAMPLE_ITEMS, "-o", "prices.csv", "--simulator", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the example has a dozen unknown items
    assert result.stderr == ""
    items = read_csv(EXAMPLE_ITEMS)
    sheet = read_csv(tmp_path / "prices.csv")
    assert_matches_oracle(sheet, items)
    assert {row["customer_number"] for row in sheet} == {"1000001", "1000002"}

    failed = [row for row in sheet if row["status"] != "priced"]
    assert failed and all(row["item_number"].startswith("NOSUCH-") for row in failed)
    failures = read_csv(tmp_path / "prices.failures.csv")
    assert [row["index"] for row in failures] == [row["index"] for row in failed]
    assert list(failures[0]) == [
        "index",
        "item_number",
        "quantity",
        "part_number_type",
        "customer_number",
        "error",
    ]
    assert failures[0]["error"] == "ItemError: Item # not found"

    counts = summary(result.stdout)
    assert counts["priced"] == str(len(sheet) - len(failed))
    assert counts["failed"] == str(len(failed))
    assert counts["not attempted"] == "0"
    assert int(counts["requests sent"]) < len(sheet) // 40 + 10  # chunked and deduplicated
    assert "\x1b[" not in result.stdout  # not a terminal: plain text, no progress bar
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prices.csv", "prices.failures.csv"]


def test_all_priced_exits_0_and_jsonl_carries_exact_decimals(tmp_path: Path) -> None:
    rows = [
        (item, n % 7 + 1, "", "1000003" if n % 5 == 0 else "")
        for n, item in enumerate(catalog_items(30))
    ]
    write_items(tmp_path / "items.csv", rows)
    as_csv = run_cli("price-sheet", "items.csv", "-o", "p.csv", "--simulator", cwd=tmp_path)
    as_jsonl = run_cli("price-sheet", "items.csv", "-o", "p.jsonl", "--simulator", cwd=tmp_path)
    assert (as_csv.returncode, as_jsonl.returncode) == (0, 0), as_csv.stderr + as_jsonl.stderr
    assert (tmp_path / "p.failures.csv").read_text() == (
        "index,item_number,quantity,part_number_type,customer_number,error\n"
    )
    sheet = read_csv(tmp_path / "p.csv")
    assert_matches_oracle(sheet, read_csv(tmp_path / "items.csv"))
    assert {row["unit_price_currency_code"] for row in sheet} == {"USD", "EUR"}  # 1000003 is EU
    lines = (tmp_path / "p.jsonl").read_text().splitlines()
    assert len(lines) == len(sheet)
    for line, row in zip(lines, sheet, strict=True):
        record = json.loads(line)
        assert list(record) == list(row)
        assert record["index"] == int(row["index"])
        for name in ("cost", "unit_price", "extended_total", "msrp"):
            assert isinstance(record[name], str)  # exact decimal strings, never floats
            assert record[name] == row[name]
        assert record["quantity_available"] == int(row["quantity_available"])
        assert record["spa"] is (row["spa"] == "true")
        assert record["error"] is None
