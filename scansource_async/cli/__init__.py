"""The ``scansource-async`` command line.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds its
parser and sets ``handler`` (a function ``(args) -> int``); list the module in :data:`COMMANDS`.
Modules import their heavy dependencies inside the handler, so ``--help`` imports neither httpx
nor the simulator and one subcommand's extras are not needed by another.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import textwrap
from collections.abc import Sequence
from typing import Final

from .._version import __version__
from ._parser import Parser, command_parser, walk

__all__ = ["COMMANDS", "EXIT_STATUS", "LOG_LEVELS", "build_parser", "main"]

#: one line per subcommand module
COMMANDS: Final[tuple[str, ...]] = (
    "scansource_async.cli.simulator",
    "scansource_async.cli.price_sheet",
    "scansource_async.cli.merge_sheets",
    "scansource_async.cli.doctor",
    "scansource_async.cli.completion",
)

#: the exit statuses of every command (``--help`` lists them)
EXIT_STATUS: Final[dict[int, str]] = {
    0: "success (price-sheet: every row priced; doctor: every essential check passed)",
    1: "price-sheet: some rows failed or were not attempted (they are in the failures file);"
    " doctor: some checks failed",
    2: "bad usage or input (a bad option or file, a missing extra): nothing was written",
    3: "price-sheet: nothing could be priced because of the setup (credentials, permission,"
    " URL, network): nothing was written",
    130: "interrupted by Ctrl-C (143: by SIGTERM); what finished is written",
}

#: ``--log-level`` choices: the level of the ``scansource_async`` logger, on stderr
LOG_LEVELS: Final[tuple[str, ...]] = ("debug", "info", "warning", "error")

_DESCRIPTION = """\
Tools for the ScanSource Partner API: price a CSV of items into a price sheet, join the sheets
of sharded runs, check a setup against the API (doctor), serve the embedded API simulator,
print shell completion scripts.

Credentials come from the SCANSOURCE_* environment variables (or --env-file); see the
documentation's configuration page. Run `scansource-async COMMAND --help` for a command's
options."""


def _epilog() -> str:
    lines = ["exit status:"]
    for status, meaning in EXIT_STATUS.items():
        lines += textwrap.wrap(
            meaning, width=88, initial_indent=f"  {status:<5}", subsequent_indent=" " * 7
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line (every subcommand registered)."""
    parser = Parser(
        prog="scansource-async",
        description=_DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
    for path, node in walk(parser):
        # A subcommand's copy must not reset the top level's value: SUPPRESS leaves it unset.
        node.add_argument(
            "--log-level",
            choices=LOG_LEVELS,
            type=str.lower,
            default=None if not path else argparse.SUPPRESS,
            help="log the library's messages at this level and above on stderr"
            " (default: warnings and errors only; debug: one line per HTTP attempt)",
        )
        if path:
            node.formatter_class = argparse.RawDescriptionHelpFormatter
            node.epilog = node.epilog or _epilog()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # First of all: SIGINT/SIGTERM are ours until the command ends, so an interrupt at any
    # instant ends with one line and nothing half-written (see _signals).
    from ._signals import Interrupted, SignalGuard

    guard = SignalGuard()
    guard.install()
    try:
        parser = build_parser()
        args, extras = parser.parse_known_args(argv)
        if extras:  # reported by the command they were typed for, with its usage
            command_parser(args, parser).error("unrecognized arguments: " + " ".join(extras))
        _configure_logging(args.log_level)
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        status: int = handler(args)
        return status
    except Interrupted as exc:
        print("scansource-async: interrupted", file=sys.stderr)
        return 128 + exc.signum
    finally:
        guard.uninstall()


def _configure_logging(level: str | None) -> None:
    """The library's records at ``level`` and above on stderr; nothing changes without
    ``--log-level`` (Python then prints warnings and errors by itself)."""
    global _log_handler
    if level is None:
        return
    logger = logging.getLogger("scansource_async")
    if _log_handler is not None:  # main() run again in one process: one handler, not two
        logger.removeHandler(_log_handler)
    _log_handler = logging.StreamHandler(sys.stderr)
    _log_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(_log_handler)
    logger.setLevel(level.upper())


_log_handler: logging.Handler | None = None
