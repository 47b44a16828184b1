"""Price sheets on disk: the columns, writing rows (CSV or JSON Lines), reading them back.

A sheet has one row per input row, in input order, each carrying ``index`` (the row's position
in the original input, from 0), so sheets can be merged and resumed by index. Money is written
as exact decimal strings (``str(Decimal)``, never a float), with its currency code beside it.
The failures file is a CSV with the input's columns, ``index`` and ``error``: an items CSV that
``--resume`` reads back.

Cells a spreadsheet would run as a formula (OWASP "CSV injection": text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are written with a leading ``'`` in CSV sheets,
unless ``raw_cells`` is set. Plain numbers are left as they are, negative ones included
(``-5.00`` is a number to a spreadsheet, never a formula). The failures file keeps the input's
own cells verbatim (``--resume`` reads them back) and neutralises only its ``error`` cell. JSON
Lines are never changed. Every cell, in every format, has the live client's secrets redacted
(a server may echo them into any field).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal, TextIO

from .. import NotAttemptedError, PriceResult, Product
from .._redaction import scrub, scrub_value
from ._errors import CliError, os_reason

__all__ = [
    "FAILURE_COLUMNS",
    "PRODUCT_COLUMNS",
    "SHEET_COLUMNS",
    "FailuresWriter",
    "Format",
    "SheetReader",
    "SheetWriter",
    "error_text",
    "neutralise",
    "sheet_format",
    "sheet_record",
    "status_of",
]

Format = Literal["csv", "jsonl"]

#: Product attributes written to the sheet, in order (pricing, then stock)
PRODUCT_COLUMNS: Final = (
    "cost",
    "unit_price",
    "unit_price_currency_code",
    "extended_total",
    "extended_total_currency",
    "msrp",
    "msrp_currency_code",
    "dealer_authorized",
    "spa",
    "spa_description",
    "spa_restriction",
    "spa_restriction_description",
    "deal_infos",
    "quantity_available",
    "total_inventory",
    "quantity_on_order",
    "inventory_display",
)
_LINE_COLUMNS: Final = ("index", "item_number", "quantity", "part_number_type", "customer_number")
SHEET_COLUMNS: Final = (*_LINE_COLUMNS, "status", *PRODUCT_COLUMNS, "error")
FAILURE_COLUMNS: Final = (*_LINE_COLUMNS, "error")
_WHOLE_NUMBER: Final = re.compile(r"[0-9]+")
# What a spreadsheet starts evaluating (OWASP CSV injection); a plain number is exempt.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DEAL_FIELDS: Final = (
    "deal_id",
    "deal_description",
    "deal_expiration_date",
    "deal_error",
    "deal_error_desc",
)


#: sheet names whose format the suffix says (a name without a suffix is CSV)
SUFFIX_FORMATS: Final[dict[str, Format]] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def sheet_format(path: Path, explicit: str | None) -> Format:
    """The format asked for, else the one the suffix names (CSV without a suffix).

    Any other suffix (``prices.xlsx``) is refused rather than written as a CSV under a name
    that promises something else; ``--format`` says it was meant.
    """
    if explicit is not None:
        return "jsonl" if explicit == "jsonl" else "csv"
    suffix = path.suffix.lower()
    if not suffix:
        return "csv"
    if suffix not in SUFFIX_FORMATS:
        raise CliError(
            f"{path}: cannot write a {suffix} sheet: name it .csv or .jsonl"
            " (or give --format csv|jsonl)"
        )
    return SUFFIX_FORMATS[suffix]


def status_of(result: PriceResult) -> str:
    """``priced``, ``failed`` or ``not_attempted``."""
    if result.error is None:
        return "priced"
    return "not_attempted" if isinstance(result.error, NotAttemptedError) else "failed"


def error_text(error: BaseException | None) -> str:
    """``ItemError: Item # not found`` (the library keeps secrets out of its messages)."""
    if error is None:
        return ""
    return _error_text(error)


@functools.lru_cache(maxsize=16)  # one stop error is shared by every not-attempted row
def _error_text(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def neutralise(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _finish(cells: list[str], raw: bool) -> list[str]:
    cells = [scrub(cell) for cell in cells]
    return cells if raw else [neutralise(cell) for cell in cells]


def _line_cells(index: int, result: PriceResult, customer: str | None) -> list[str]:
    line = result.line
    return [
        str(index),
        line.item_number,
        str(line.quantity),
        str(int(line.part_number_type)),
        line.customer_number or customer or "",
    ]


def _line_values(index: int, result: PriceResult, customer: str | None) -> dict[str, Any]:
    line = result.line
    return {
        "index": index,
        "item_number": line.item_number,
        "quantity": line.quantity,
        "part_number_type": int(line.part_number_type),
        "customer_number": line.customer_number or customer,
    }


def sheet_record(index: int, result: PriceResult, customer: str | None) -> dict[str, Any]:
    """One sheet row as Python values (Decimal, bool, int, str, None, list of dicts)."""
    record = _line_values(index, result, customer)
    record["status"] = status_of(result)
    product = result.product
    for name in PRODUCT_COLUMNS:
        record[name] = None if product is None else getattr(product, name)
    if product is not None:
        record["deal_infos"] = [
            {field: getattr(info, field) for field in _DEAL_FIELDS} for info in product.deal_infos
        ] or None
    record["error"] = error_text(result.error) or None
    cleaned: dict[str, Any] = scrub_value(record)
    return cleaned


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return json.dumps(value, default=_json_default, separators=(",", ":"))
    return str(value)


def _product_cells(product: Product | None) -> list[str]:
    if product is None:
        return _NO_PRODUCT
    cells = [_csv_cell(getattr(product, name)) for name in PRODUCT_COLUMNS]
    infos = product.deal_infos
    cells[_DEAL_INFOS_AT] = (
        json.dumps(
            [{field: getattr(info, field) for field in _DEAL_FIELDS} for info in infos],
            separators=(",", ":"),
        )
        if infos
        else ""
    )
    return cells


_NO_PRODUCT: Final[list[str]] = [""] * len(PRODUCT_COLUMNS)
_DEAL_INFOS_AT: Final = PRODUCT_COLUMNS.index("deal_infos")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class SheetWriter:
    """Writes sheet rows to an open text file: new results, or rows copied from another sheet.

    CSV cells a spreadsheet would execute get a leading ``'`` unless ``raw_cells`` is set.
    """

    def __init__(self, file: TextIO, fmt: Format, *, raw_cells: bool = False) -> None:
        self._file = file
        self._format = fmt
        self._raw = raw_cells
        self._csv = csv.writer(file, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(SHEET_COLUMNS)

    def write(self, index: int, result: PriceResult, customer: str | None) -> None:
        """Write one result as a row."""
        if self._csv is not None:
            cells = _line_cells(index, result, customer)
            cells.append(status_of(result))
            cells.extend(_product_cells(result.product))
            cells.append(error_text(result.error))
            self._csv.writerow(_finish(cells, self._raw))
        else:
            record = sheet_record(index, result, customer)
            self._file.write(json.dumps(record, default=_json_default) + "\n")

    def write_raw(self, raw: list[str] | str) -> None:
        """Copy a row as :class:`SheetReader` read it (cells for CSV, the text line for JSONL)."""
        if self._csv is not None:
            assert isinstance(raw, list)
            self._csv.writerow(raw)
        else:
            assert isinstance(raw, str)
            self._file.write(raw if raw.endswith("\n") else raw + "\n")


class FailuresWriter:
    """Writes the rows that were not priced, as an items CSV with ``index`` and ``error``."""

    def __init__(self, file: TextIO, *, raw_cells: bool = False) -> None:
        self._csv = csv.writer(file, lineterminator="\n")
        self._csv.writerow(FAILURE_COLUMNS)
        self._raw = raw_cells
        self.rows = 0

    def write(self, index: int, result: PriceResult, customer: str | None) -> None:
        """Write one failed or not-attempted result (the input's cells as they were read)."""
        cells = [scrub(cell) for cell in _line_cells(index, result, customer)]
        error = scrub(error_text(result.error))
        cells.append(error if self._raw else neutralise(error))
        self._csv.writerow(cells)
        self.rows += 1


class SheetReader:
    """The rows of a sheet written by ``price-sheet``, read lazily as ``(index, raw)`` pairs.

    Opening reads and checks the header (CSV); iterating checks that indexes increase. ``raw``
    is what :meth:`SheetWriter.write_raw` copies: the cells (CSV) or the text line (JSONL).
    """

    def __init__(self, path: Path, fmt: Format) -> None:
        self.path = path
        self.format: Format = fmt
        try:
            self._file: TextIO = open(path, encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise CliError(f"{path}: cannot read: {os_reason(exc)}") from None
        self._line = 0
        self._reader = csv.reader(self._file) if fmt == "csv" else None
        if self._reader is not None:
            header = self._next_csv()
            if header is None:
                self.close()
                raise CliError(f"{path}: the file is empty (expected a price sheet)")
            if tuple(header) != SHEET_COLUMNS:
                self.close()
                raise CliError(f"{path}:1: not a price sheet of this version (its columns differ)")

    def close(self) -> None:
        """Close the file (also done when iteration ends)."""
        self._file.close()

    def _next_csv(self) -> list[str] | None:
        assert self._reader is not None
        try:
            return next(self._reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise CliError(f"{self.path}:{self._reader.line_num + 1}: {exc}") from None

    def __iter__(self) -> Iterator[tuple[int, list[str] | str]]:
        last = -1
        try:
            for line, index, raw in self._records():
                if index <= last:
                    what = "appears twice" if index == last else f"comes after {last}"
                    raise CliError(f"{self.path}:{line}: index {index} {what}")
                last = index
                yield index, raw
        finally:
            self.close()

    def _records(self) -> Iterator[tuple[int, int, list[str] | str]]:
        if self._reader is not None:
            while (cells := self._next_csv()) is not None:
                line = self._reader.line_num
                if not cells:
                    continue
                yield line, self._parse_index(cells[0], line), cells
            return
        try:
            for line, text in enumerate(self._file, start=1):
                if not text.strip():
                    continue
                try:
                    value = json.loads(text).get("index")
                except (ValueError, AttributeError):
                    raise CliError(f"{self.path}:{line}: not a JSON object") from None
                yield line, self._parse_index(value, line), text
        except UnicodeDecodeError:
            raise CliError(f"{self.path}: not UTF-8 text") from None

    def _parse_index(self, value: Any, line: int) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
            return int(value)
        raise CliError(f"{self.path}:{line}: index {value!r} is not a whole number")
