"""Reading an items CSV lazily, one validated row at a time.

The header names the columns (any order, case and surrounding blanks ignored, unknown columns
ignored): ``item_number`` and ``quantity`` are required, ``part_number_type`` and
``customer_number`` optional. A failures file written by ``price-sheet`` is an items CSV with an
``index`` column too (the row's position in the original input); ``indexed=True`` reads that.

Every problem is a :class:`CliError` naming the file and line: ``items.csv:17: quantity 'abc'
is not a whole number``. Blank lines are skipped and do not count as rows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

import attrs

from .. import PartNumberType, PricingLine, ValidationError
from .. import _checks as checks
from ._errors import CliError, os_reason

__all__ = ["INPUT_COLUMNS", "ItemReader", "ItemRow", "count_rows"]

#: the columns an items CSV may have, in the order price-sheet writes them back
INPUT_COLUMNS: Final = ("item_number", "quantity", "part_number_type", "customer_number")
_REQUIRED: Final = ("item_number", "quantity")
_WHOLE_NUMBER: Final = re.compile(r"[0-9]+")
_PART_NUMBER_TYPES: Final = {member.name.lower(): member for member in PartNumberType}
_PART_NUMBER_TYPE_HELP: Final = (
    "0-3 (0 unknown, 1 item number, 2 manufacturer part number, 3 material number)"
)


@attrs.frozen(slots=True)
class ItemRow:
    """One input row: its position in the original input, and the line to price."""

    index: int
    line: PricingLine


class ItemReader:
    """The rows of an items CSV. Opening reads and checks the header; iterating reads, checks
    and yields the rows one by one (the file is never held in memory)."""

    def __init__(self, path: Path, *, indexed: bool = False) -> None:
        self.path = path
        self._indexed = indexed
        try:
            self._file: BinaryIO = open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CliError(f"{path}: cannot read: {os_reason(exc)}") from None
        self._physical_line = 0
        self._reader = csv.reader(self._text_lines())
        try:
            header = next(self._rows(), None)
        except CliError:
            self.close()
            raise
        if header is None:
            self.close()
            wanted = ",".join(_REQUIRED)
            raise CliError(f"{path}: the file is empty (expected a header line: {wanted},...)")
        self._columns = self._find_columns(header)
        self._width = len(header)

    def close(self) -> None:
        """Close the file (also done when iteration ends)."""
        self._file.close()

    def _find_columns(self, header: list[str]) -> dict[str, int]:
        names = [cell.strip().lower() for cell in header]
        columns: dict[str, int] = {}
        for position, name in enumerate(names):
            if name in columns and name in (*INPUT_COLUMNS, "index"):
                self.close()
                raise CliError(f"{self.path}:1: column {name!r} appears twice in the header")
            columns.setdefault(name, position)
        required = (*_REQUIRED, "index") if self._indexed else _REQUIRED
        for name in required:
            if name not in columns:
                self.close()
                found = ", ".join(repr(n) for n in names if n) or "nothing"
                raise CliError(f"{self.path}:1: missing column {name!r} (the header has {found})")
        return columns

    def _text_lines(self) -> Iterator[str]:
        """The file's lines, each decoded on its own so that an encoding error names its line."""
        for raw in self._file:
            self._physical_line += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CliError(f"{self.path}:{self._physical_line}: not UTF-8 text") from None
            if self._physical_line == 1:
                text = text.removeprefix("\ufeff")  # a byte order mark
            yield text

    def _rows(self) -> Iterator[list[str]]:
        """Raw rows, blank ones skipped; decoding and CSV errors name the line."""
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CliError(f"{self.path}:{self._reader.line_num}: {exc}") from None
            except OSError as exc:
                raise CliError(f"{self.path}: cannot read: {os_reason(exc)}") from None
            if any(cell.strip() for cell in cells):
                yield cells

    def __iter__(self) -> Iterator[ItemRow]:
        position = 0
        last_index = -1
        try:
            for cells in self._rows():
                where = f"{self.path}:{self._reader.line_num}"
                if len(cells) > self._width and any(c.strip() for c in cells[self._width :]):
                    raise CliError(
                        f"{where}: {len(cells)} fields, but the header has {self._width}"
                    )
                line = self._line(cells, where)
                if self._indexed:
                    index = self._index(cells, where)
                    if index <= last_index:
                        raise CliError(
                            f"{where}: index {index} is not after the previous row's {last_index}"
                            " (rows must stay in input order)"
                        )
                    last_index = index
                else:
                    index = position
                position += 1
                yield ItemRow(index, line)
        finally:
            self.close()

    def _cell(self, cells: list[str], name: str) -> str:
        position = self._columns.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position].strip()

    def _line(self, cells: list[str], where: str) -> PricingLine:
        item_number = self._cell(cells, "item_number")
        if not item_number:
            raise CliError(f"{where}: item_number is empty")
        quantity = self._quantity(self._cell(cells, "quantity"), where)
        kind = self._part_number_type(self._cell(cells, "part_number_type"), where)
        customer = self._cell(cells, "customer_number") or None
        try:
            return PricingLine(
                item_number, quantity=quantity, part_number_type=kind, customer_number=customer
            )
        except ValidationError as exc:
            raise CliError(f"{where}: item_number {item_number[:40]!r}: {exc}") from None

    @staticmethod
    def _quantity(text: str, where: str) -> int:
        if not text:
            raise CliError(f"{where}: quantity is empty")
        if not _WHOLE_NUMBER.fullmatch(text):
            raise CliError(f"{where}: quantity {text[:40]!r} is not a whole number")
        try:
            return checks.quantity(int(text))
        except ValidationError as exc:
            raise CliError(f"{where}: {exc}") from None

    @staticmethod
    def _part_number_type(text: str, where: str) -> PartNumberType:
        if not text:
            return PartNumberType.UNKNOWN
        if text in ("0", "1", "2", "3"):
            return PartNumberType(int(text))
        member = _PART_NUMBER_TYPES.get(text.lower().replace(" ", "_"))
        if member is None:
            raise CliError(
                f"{where}: part_number_type {text[:40]!r} must be {_PART_NUMBER_TYPE_HELP}"
            )
        return member

    def _index(self, cells: list[str], where: str) -> int:
        text = self._cell(cells, "index")
        if not _WHOLE_NUMBER.fullmatch(text):
            raise CliError(f"{where}: index {text[:40]!r} is not a whole number")
        return int(text)


def count_rows(path: Path) -> int | None:
    """About how many data rows a CSV file holds (lines less the header), counted fast in
    binary; for a progress bar's total only. None if the file cannot be read."""
    try:
        with open(path, "rb") as file:
            lines = 0
            last = b"\n"
            while block := file.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return None
    if last != b"\n":
        lines += 1
    return max(0, lines - 1)
