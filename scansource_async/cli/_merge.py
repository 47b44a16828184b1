"""Merging sheets by row index, streaming: resumed rows into a sheet, and shard sheets together."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from pathlib import Path

from .. import PriceResult
from ._errors import CliError
from ._sheet_io import SheetReader, SheetWriter

__all__ = ["ResumeMerge", "merge_sheets"]


class ResumeMerge:
    """Writes a sheet that is ``existing`` with some rows replaced by new results.

    New results must come in increasing index order (a failures file is); every one must
    replace a row of ``existing``, which is read once, alongside.
    """

    def __init__(self, writer: SheetWriter, existing: SheetReader, source: Path) -> None:
        self._writer = writer
        self._existing = existing
        self._source = source
        self._rows: Iterator[tuple[int, list[str] | str]] = iter(existing)
        self._next = next(self._rows, None)

    def write(self, index: int, result: PriceResult, customer: str | None) -> None:
        """Copy the sheet's rows before ``index``, then write the result in place of its row."""
        while self._next is not None and self._next[0] < index:
            self._writer.write_raw(self._next[1])
            self._next = next(self._rows, None)
        if self._next is None or self._next[0] != index:
            raise CliError(
                f"{self._existing.path}: has no row with index {index} (listed in"
                f" {self._source}): resume a sheet with its own failures file"
            )
        self._writer.write(index, result, customer)
        self._next = next(self._rows, None)

    def finish(self) -> None:
        """Copy the rest of the sheet."""
        while self._next is not None:
            self._writer.write_raw(self._next[1])
            self._next = next(self._rows, None)


def merge_sheets(readers: Sequence[SheetReader], writer: SheetWriter) -> int:
    """Write the rows of ``readers`` in index order; returns the number of rows.

    Each sheet is read once, lazily (a k-way merge). The merged indexes must be exactly
    0, 1, 2, …: a gap or a repeat is a :class:`CliError` naming the index and the sheet(s).
    """

    def keyed(reader: SheetReader) -> Iterator[tuple[int, Path, list[str] | str]]:
        for index, raw in reader:
            yield index, reader.path, raw

    expected = 0
    previous: Path | None = None
    merged = heapq.merge(*(keyed(reader) for reader in readers), key=lambda row: row[0])
    for index, path, raw in merged:
        if index < expected:
            raise CliError(f"index {index} appears twice (in {previous} and {path})")
        if index > expected:
            missing = f"{expected}" if index == expected + 1 else f"{expected} to {index - 1}"
            raise CliError(f"index {missing} is in none of the sheets (the next is in {path})")
        writer.write_raw(raw)
        expected += 1
        previous = path
    return expected
