"""Regenerate ``examples/items.csv``: the README demo's input, deterministically.

3,000 rows drawn from the simulator's default catalog (seed 0): real item numbers with
quantities 1-10, about 15 % exact duplicate rows, 12 unknown items (they come back failed),
and 40 rows for a second customer (1000002). Run: ``python examples/make_items.py``.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from scansource_async.testing import Simulator

ROWS = 3_000
DUPLICATE_SHARE = 0.15
UNKNOWN_ITEMS = 12
SECOND_CUSTOMER_ROWS = 40
SECOND_CUSTOMER = "1000002"
HEADER = ("item_number", "quantity", "part_number_type", "customer_number")


def make_rows(seed: int = 7) -> list[tuple[str, str, str, str]]:
    """The rows, in file order."""
    sim = Simulator(seed=0)
    assert SECOND_CUSTOMER in sim.customers
    catalog = sim.catalog.item_numbers
    rng = random.Random(seed)
    duplicates = round(ROWS * DUPLICATE_SHARE)
    fresh = ROWS - duplicates - UNKNOWN_ITEMS
    picks = rng.sample(range(len(catalog)), fresh)
    rows: list[tuple[str, str, str, str]] = []
    for n, index in enumerate(picks):
        customer = SECOND_CUSTOMER if n % (fresh // SECOND_CUSTOMER_ROWS) == 7 else ""
        kind = "1" if n % 50 == 3 else ""  # a few rows say what kind of number it is
        rows.append((catalog[index], str(rng.randint(1, 10)), kind, customer))
    for n in range(UNKNOWN_ITEMS):
        position = rng.randrange(len(rows) + 1)
        rows.insert(position, (f"NOSUCH-{n + 1:04d}", str(rng.randint(1, 10)), "", ""))
    for _ in range(duplicates):
        rows.insert(rng.randrange(1, len(rows) + 1), rows[rng.randrange(len(rows))])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    default = Path(__file__).with_name("items.csv")
    parser.add_argument("-o", "--output", type=Path, default=default, help=f"default {default}")
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(make_rows())
    print(f"wrote {ROWS} rows to {args.output}")


if __name__ == "__main__":
    main()
