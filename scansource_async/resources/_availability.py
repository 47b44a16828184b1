"""Availability helpers: the request body, reading the answer, and one outcome per item.

Plain functions, so the response handling is testable without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._convert import structure
from ..errors import InvalidResponseError, ItemError, ScanSourceError, ValidationError
from ..models.products import Availability, Warehouse, check_warehouse
from ..models.results import AvailabilityResult

__all__ = ["availability_body", "check_warehouses", "make_result", "match_rows", "read_rows"]

Outcome = tuple[Availability, ...] | ScanSourceError


def check_warehouses(warehouses: Sequence[Warehouse | str]) -> list[str]:
    """Warehouse codes, each one the API knows; at least one."""
    if isinstance(warehouses, str):
        warehouses = [warehouses]
    codes = [code for code in (check_warehouse(w) for w in warehouses) if code is not None]
    if not codes:
        raise ValidationError("at least one warehouse is required")
    return codes


def availability_body(
    items: Sequence[str], warehouses: list[str], part_number_type: int, customer: str
) -> dict[str, Any]:
    return {
        "CustomerNumber": customer,
        "Warehouses": warehouses,
        "ItemNumbers": list(items),
        "PartNumberType": part_number_type,
    }


def read_rows(data: Any) -> list[Availability]:
    """The rows of an answer (``{"items": [...]}``, lower-case key as the API sends it)."""
    if not isinstance(data, dict):
        raise InvalidResponseError("the availability response is not an object", status_code=200)
    rows: tuple[Availability, ...] = structure(
        data.get("items", data.get("Items")), tuple[Availability, ...], what="availability response"
    )
    return list(rows)


def match_rows(items: Sequence[str], rows: Sequence[Availability]) -> list[Outcome]:
    """Per requested item: its rows (one per warehouse), or the item's own error."""
    by_item: dict[str, list[Availability]] = {}
    for row in rows:
        by_item.setdefault((row.material_number or "").strip().upper(), []).append(row)
    outcomes: list[Outcome] = []
    for item in items:
        found = by_item.get(item.strip().upper(), [])
        errors = [row.error_description for row in found if row.error_flag]
        if not found:
            outcomes.append(InvalidResponseError(f"no availability for {item!r}", status_code=200))
        elif len(errors) == len(found):
            outcomes.append(ItemError(errors[0] or "availability error", item_number=item))
        else:
            outcomes.append(tuple(found))
    return outcomes


def make_result(
    index: int, item: str, rows: tuple[Availability, ...] | None, error: BaseException | None
) -> AvailabilityResult:
    return AvailabilityResult(index=index, item_number=item, availability=rows or (), error=error)
