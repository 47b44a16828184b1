"""Helpers for the command-line tests: run the CLI as a process, read sheets, the oracle, and
the handle of a served simulator. (Fixtures live in conftest.py.)"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from scansource_async.testing import Simulator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ITEMS = ROOT / "examples" / "items.csv"
DEFAULT_CUSTOMER = "1000001"
HEADER = ("item_number", "quantity", "part_number_type", "customer_number")
MONEY = ("cost", "unit_price", "extended_total", "msrp")


def cli_env(**extra: str) -> dict[str, str]:
    """The environment without any SCANSOURCE_* variable of the machine, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCANSOURCE_")}
    env.update(extra)
    return env


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "scansource_async", *(str(a) for a in args)]


def run_cli(
    *args: str | Path, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m scansource_async ARGS`` in ``cwd``; stdout is not a terminal."""
    return subprocess.run(
        cli_command(*args),
        cwd=cwd,
        env=dict(env) if env is not None else cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def summary(stdout: str) -> dict[str, str]:
    """The plain-text summary (``label: value`` lines) as a dict."""
    found: dict[str, str] = {}
    for line in stdout.splitlines():
        label, sep, value = line.partition(": ")
        if sep:
            found[label] = value
    return found


def write_items(
    path: Path, rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER
) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def catalog_items(count: int, start: int = 0) -> list[str]:
    items = Simulator().catalog.item_numbers
    return [items[i] for i in range(start, start + count)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def expected_row(sim: Simulator, item: Mapping[str, str], index: int) -> dict[str, str]:
    """The sheet row the oracle says ``price-sheet`` must write for one input row."""
    customer = item.get("customer_number") or DEFAULT_CUSTOMER
    kind = int(item.get("part_number_type") or 0)
    product = sim.product(
        item["item_number"],
        customer_number=customer,
        quantity=int(item["quantity"]),
        part_number_type=kind,
    )
    row = {
        "index": str(index),
        "item_number": item["item_number"],
        "quantity": str(int(item["quantity"])),
        "part_number_type": str(kind),
        "customer_number": customer,
    }
    if product["PricingError"]:
        return {**row, "status": "failed", "cost": "", "error": "ItemError: Item # not found"}
    infos = product["DealInfos"] or []
    return {
        **row,
        "status": "priced",
        "cost": _cell(product["Cost"]),
        "unit_price": _cell(product["UnitPrice"]),
        "unit_price_currency_code": _cell(product["UnitPriceCurrencyCode"]),
        "extended_total": _cell(product["ExtendedTotal"]),
        "extended_total_currency": _cell(product["ExtendedTotalCurrency"]),
        "msrp": _cell(product["MSRP"]),
        "msrp_currency_code": _cell(product["MSRPCurrencyCode"]),
        "dealer_authorized": _cell(product["DealerAuthorized"]),
        "spa": _cell(product["SPA"]),
        "spa_description": _cell(product["SPADescription"]),
        "spa_restriction": _cell(product["SPARestriction"]),
        "spa_restriction_description": _cell(product["SPARestrictionDescription"]),
        "deal_infos": json.dumps(
            [
                {
                    "deal_id": d["DealID"],
                    "deal_description": d["DealDescription"],
                    "deal_expiration_date": d["DealExpirationDate"],
                    "deal_error": d["DealError"],
                    "deal_error_desc": d["DealErrorDesc"],
                }
                for d in infos
            ],
            separators=(",", ":"),
        )
        if infos
        else "",
        "quantity_available": _cell(product["QuantityAvailable"]),
        "total_inventory": _cell(product["TotalInventory"]),
        "quantity_on_order": _cell(product["QuantityOnOrder"]),
        "inventory_display": _cell(product["InventoryDisplay"]),
        "error": "",
    }


def assert_matches_oracle(
    sheet: Sequence[Mapping[str, str]],
    items: Sequence[Mapping[str, str]],
    *,
    only_priced: bool = False,
) -> None:
    """Every sheet row is its input row, priced exactly as the simulator prices it."""
    sim = Simulator()
    assert len(sheet) == len(items)
    for index, (row, item) in enumerate(zip(sheet, items, strict=True)):
        if only_priced and row["status"] != "priced":
            continue
        expected = expected_row(sim, item, index)
        actual = {name: row[name] for name in expected}
        assert actual == expected, f"row {index}"


@attrs.define
class ServedSimulator:
    """A running ``scansource-async simulator serve``, its env file and its request log."""

    base_url: str
    env_file: Path
    request_log: Path
    stdout_lines: list[str]

    def env(self) -> dict[str, str]:
        """The ``SCANSOURCE_*`` settings it wrote to its env file."""
        found: dict[str, str] = {}
        for line in self.env_file.read_text().splitlines():
            name, _, value = line.partition("=")
            found[name] = value
        return found

    def requests(self) -> list[dict[str, Any]]:
        """The request log so far, one dict per request."""
        if not self.request_log.exists():
            return []
        return [json.loads(line) for line in self.request_log.read_text().splitlines()]
