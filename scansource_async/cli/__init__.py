"""The ``scansource-async`` command line.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds its
parser and sets ``handler`` (a function ``(args) -> int``); list the module in :data:`COMMANDS`.
Modules import their heavy dependencies inside the handler, so ``--help`` stays fast and one
subcommand's extras are not needed by another.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Final

from .._version import __version__

__all__ = ["COMMANDS", "build_parser", "main"]

#: one line per subcommand module
COMMANDS: Final[tuple[str, ...]] = (
    "scansource_async.cli.simulator",
    "scansource_async.cli.price_sheet",
    "scansource_async.cli.merge_sheets",
    "scansource_async.cli.doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scansource-async", description="Tools for the ScanSource Partner API."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    status: int = handler(args)
    return status
