"""Failures files and ``--resume``: only the rows that did not get priced are sent again, and
they are merged back into the sheet in input order."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .clihelpers import (
    assert_matches_oracle,
    catalog_items,
    cli_env,
    read_csv,
    run_cli,
    summary,
    write_items,
)


def _requested(log: Path) -> Counter[tuple[str, int]]:
    """(item, quantity) pairs the simulator was asked to price, from the request-log hook."""
    sent: Counter[tuple[str, int]] = Counter()
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        sent.update((item, quantity) for item, quantity in entry["items"])
    return sent


def test_resume_reprices_only_the_failed_rows(tmp_path: Path) -> None:
    rows = [(item, n % 9 + 1, "", "") for n, item in enumerate(catalog_items(60))]
    rows[13] = ("NOSUCH-1", 2, "", "")  # fails on every run
    write_items(tmp_path / "items.csv", rows)
    items = read_csv(tmp_path / "items.csv")
    # Half the requests answer 500 and nothing is retried: whole chunks fail.
    flaky = cli_env(SCANSOURCE_SIMULATOR_FAULTS="error_rate=0.5", SCANSOURCE_MAX_RETRIES="0")
    first = run_cli(
        "price-sheet",
        "items.csv",
        "-o",
        "prices.csv",
        "--simulator",
        "--chunk-size",
        "5",
        "--in-flight",
        "1",
        cwd=tmp_path,
        env=flaky,
    )
    assert first.returncode == 1, first.stderr
    sheet = read_csv(tmp_path / "prices.csv")
    failures = read_csv(tmp_path / "prices.failures.csv")
    server_errors = [row for row in failures if row["error"].startswith("ServerError")]
    assert 5 <= len(server_errors) <= 55
    assert [row["index"] for row in failures] == [
        row["index"] for row in sheet if row["status"] != "priced"
    ]
    assert_matches_oracle(sheet, items, only_priced=True)

    log = tmp_path / "requests.jsonl"
    second = run_cli(
        "price-sheet",
        "items.csv",
        "-o",
        "prices.csv",
        "--simulator",
        "--resume",
        "prices.failures.csv",
        "--chunk-size",
        "5",
        cwd=tmp_path,
        env=cli_env(SCANSOURCE_SIMULATOR_REQUEST_LOG=str(log)),
    )
    assert second.returncode == 1, second.stderr  # NOSUCH-1 still fails
    # Exactly the failed rows were sent, each once.
    assert _requested(log) == Counter((r["item_number"], int(r["quantity"])) for r in failures)
    counts = summary(second.stdout)
    assert (counts["priced"], counts["failed"]) == (str(len(failures) - 1), "1")
    assert counts["sheet"] == "prices.csv (merged)"
    # The merged sheet is the full sheet, in input order, as an undisturbed run writes it.
    assert_matches_oracle(read_csv(tmp_path / "prices.csv"), items)
    remaining = read_csv(tmp_path / "prices.failures.csv")
    assert [(r["index"], r["item_number"]) for r in remaining] == [("13", "NOSUCH-1")]

    # Resuming again sends only that row; ITEMS.csv is optional with --resume.
    third = run_cli(
        "price-sheet",
        "-o",
        "prices.csv",
        "--simulator",
        "--resume",
        "prices.failures.csv",
        cwd=tmp_path,
    )
    assert third.returncode == 1, third.stderr
    assert summary(third.stdout)["requests sent"] == "1"
    assert_matches_oracle(read_csv(tmp_path / "prices.csv"), items)


def test_deadline_leaves_rows_not_attempted_and_resume_finishes_them(tmp_path: Path) -> None:
    rows = [(item, 1, "", "") for item in catalog_items(40)]
    write_items(tmp_path / "items.csv", rows)
    slow = cli_env(SCANSOURCE_SIMULATOR_FAULTS="latency=0.1")
    first = run_cli(
        "price-sheet",
        "items.csv",
        "-o",
        "prices.jsonl",
        "--simulator",
        "--chunk-size",
        "4",
        "--in-flight",
        "1",
        "--deadline",
        "0.35",
        cwd=tmp_path,
        env=slow,
    )
    assert first.returncode == 1, first.stderr
    counts = summary(first.stdout)
    assert int(counts["priced"]) >= 4
    assert int(counts["not attempted"]) >= 20
    failures = read_csv(tmp_path / "prices.failures.csv")
    assert len(failures) == int(counts["not attempted"])
    assert all(r["error"].startswith("NotAttemptedError") for r in failures)

    second = run_cli(
        "price-sheet",
        "items.csv",
        "-o",
        "prices.jsonl",
        "--simulator",
        "--resume",
        "prices.failures.csv",
        cwd=tmp_path,
    )
    assert second.returncode == 0, second.stderr
    assert summary(second.stdout)["priced"] == str(len(failures))
    records = [json.loads(line) for line in (tmp_path / "prices.jsonl").read_text().splitlines()]
    assert [r["index"] for r in records] == list(range(40))
    assert all(r["status"] == "priced" for r in records)
    assert [r["item_number"] for r in records] == [row[0] for row in rows]


def test_resume_refuses_a_failures_file_of_another_sheet(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(3)])
    assert (
        run_cli(
            "price-sheet", "items.csv", "-o", "prices.csv", "--simulator", cwd=tmp_path
        ).returncode
        == 0
    )
    before = (tmp_path / "prices.csv").read_bytes()
    (tmp_path / "other.csv").write_text(
        "index,item_number,quantity,part_number_type,customer_number,error\n7,SS1,1,0,,x\n"
    )
    result = run_cli(
        "price-sheet", "-o", "prices.csv", "--simulator", "--resume", "other.csv", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "prices.csv: has no row with index 7" in result.stderr
    assert (tmp_path / "prices.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "items.csv",
        "other.csv",
        "prices.csv",
        "prices.failures.csv",
    ]
