"""``--shard K/N`` splits one input deterministically; ``merge-sheets`` joins the shard sheets
into exactly the sheet an unsharded run writes, and refuses gaps and repeats."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .clihelpers import catalog_items, read_csv, run_cli, write_items


def _items(path: Path) -> Path:
    rows: list[tuple[object, ...]] = [
        (item, n % 10 + 1, "", "1000002" if n % 7 == 0 else "")
        for n, item in enumerate(catalog_items(150))
    ]
    rows += rows[:20]  # duplicates
    rows.insert(33, ("NOSUCH-9", 1, "", ""))
    return write_items(path, rows)


def test_shards_merge_into_the_unsharded_sheet(tmp_path: Path) -> None:
    _items(tmp_path / "items.csv")

    def price(*extra: str) -> subprocess.CompletedProcess[str]:
        return run_cli("price-sheet", "items.csv", "--simulator", *extra, cwd=tmp_path)

    runs = [("-o", "whole.csv")] + [("-o", f"part{k}.csv", "--shard", f"{k}/3") for k in (1, 2, 3)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda args: price(*args), runs))
    # NOSUCH-9 (index 33) fails the whole run and shard 1 (33 % 3 == 0) only.
    assert [r.returncode for r in results] == [1, 1, 0, 0], [r.stderr for r in results]
    for k in (1, 2, 3):
        indexes = [int(row["index"]) for row in read_csv(tmp_path / f"part{k}.csv")]
        assert indexes == list(range(k - 1, 171, 3))

    merged = run_cli(
        "merge-sheets", "part3.csv", "part1.csv", "part2.csv", "-o", "merged.csv", cwd=tmp_path
    )
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == "merged 171 rows from 3 sheets into merged.csv\n"
    assert (tmp_path / "merged.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_shards_in_jsonl_merge_too(tmp_path: Path) -> None:
    _items(tmp_path / "items.csv")
    for k in (1, 2):
        shard = run_cli(
            "price-sheet",
            "items.csv",
            "-o",
            f"p{k}.jsonl",
            "--shard",
            f"{k}/2",
            "--simulator",
            cwd=tmp_path,
        )
        assert shard.returncode in (0, 1), shard.stderr
    whole = run_cli("price-sheet", "items.csv", "-o", "whole.jsonl", "--simulator", cwd=tmp_path)
    assert whole.returncode == 1, whole.stderr
    merged = run_cli("merge-sheets", "p1.jsonl", "p2.jsonl", "-o", "m.jsonl", "-q", cwd=tmp_path)
    assert (merged.returncode, merged.stdout) == (0, "")
    assert (tmp_path / "m.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_merge_refuses_a_missing_or_repeated_index(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(10)])
    for k in (1, 2):
        shard = run_cli(
            "price-sheet",
            "items.csv",
            "-o",
            f"s{k}.csv",
            "--shard",
            f"{k}/2",
            "--simulator",
            cwd=tmp_path,
        )
        assert shard.returncode == 0, shard.stderr

    missing = run_cli("merge-sheets", "s1.csv", "-o", "m.csv", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == (
        "scansource-async merge-sheets: error: index 1 is in none of the sheets"
        " (the next is in s1.csv)\n"
    )
    repeated = run_cli("merge-sheets", "s1.csv", "s2.csv", "s2.csv", "-o", "m.csv", cwd=tmp_path)
    assert repeated.returncode == 2
    assert "index 1 appears twice (in s2.csv and s2.csv)" in repeated.stderr
    not_a_sheet = run_cli("merge-sheets", "s1.csv", "items.csv", "-o", "m.csv", cwd=tmp_path)
    assert not_a_sheet.returncode == 2
    assert "items.csv:1: not a price sheet" in not_a_sheet.stderr
    assert not (tmp_path / "m.csv").exists()
    assert not list(tmp_path.glob(".*.tmp"))
