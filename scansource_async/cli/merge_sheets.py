"""``scansource-async merge-sheets SHEET1 SHEET2 ... -o MERGED.csv``: join shard sheets.

Sheets written by ``price-sheet --shard K/N`` carry each row's original index; this merges
them by index, reading each sheet once (memory flat whatever their size), and checks that the
indexes are exactly 0, 1, 2, … with none missing or repeated (else exit status 2, nothing
written). The result is the sheet an unsharded run would have written.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from ._errors import CliError

__all__ = ["register", "run"]

_PROG = "scansource-async merge-sheets"


def register(subparsers: Any) -> None:
    """Add ``merge-sheets`` to the command line."""
    parser = subparsers.add_parser(
        "merge-sheets",
        help="join the sheets of price-sheet --shard runs in input order",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("sheets", nargs="+", type=Path, metavar="SHEET", help="shard sheets")
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="MERGED.csv",
        help="the merged sheet (replaced atomically)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("csv", "jsonl"),
        help="sheet format (default: jsonl if MERGED ends in .jsonl, else csv)",
    )  # fmt: skip
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``merge-sheets``: returns the exit status."""
    from ._atomic import AtomicFile
    from ._merge import merge_sheets
    from ._sheet_io import SheetReader, SheetWriter, sheet_format

    output: Path = args.output
    try:
        fmt = sheet_format(output, args.format)
        for sheet in args.sheets:
            if sheet.resolve() == output.resolve():
                raise CliError(f"{output}: would overwrite the input sheet {sheet}")
        with contextlib.ExitStack() as cleanup:
            readers = []
            for sheet in args.sheets:
                reader = SheetReader(sheet, fmt)
                cleanup.callback(reader.close)
                readers.append(reader)
            target = AtomicFile(output)
            cleanup.callback(target.discard)
            writer = SheetWriter(target.file, fmt)
            rows = merge_sheets(readers, writer)
            target.commit()
    except CliError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"merged {rows} rows from {len(args.sheets)} sheets into {output}")
    return 0
