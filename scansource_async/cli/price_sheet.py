"""``scansource-async price-sheet ITEMS.csv -o PRICES.csv``: price a list of items into a sheet.

Exit status: 0 every row priced, 1 some rows failed or were not attempted (they are in the
failures file), 2 bad usage or input (nothing written), 3 nothing could be priced because of
the setup (credentials, permission, URL, network: one line names the cause, nothing written),
130 interrupted by Ctrl-C (143 by SIGTERM; what finished is written, the rest is in the
failures file).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import CliError
from ._parser import positive_float, positive_int

if TYPE_CHECKING:
    from ._job import JobSettings
    from ._setup import Connection
    from ._signals import SignalGuard

__all__ = ["register", "run"]

_PROG = "scansource-async price-sheet"
_DESCRIPTION = """\
Price every row of ITEMS.csv (header: item_number, quantity, optional part_number_type and
customer_number) and write one row per input row, in input order, to PRICES.csv (or .jsonl):
the item, quantity and customer, every pricing field (money as exact decimals with currency
codes), the stock fields, a status and an error. Rows that failed or were not attempted also
go to a failures file, which --resume prices again and merges into the sheet.

Credentials come from SCANSOURCE_* variables (or --env-file); --simulator runs against the
embedded simulator instead (no credentials needed)."""


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` (1 <= K <= N) as ``(K, N)``."""
    match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N (e.g. 2/4)")
    k, n = int(match[1]), int(match[2])
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"{text!r}: K must be between 1 and N")
    return k, n


def register(subparsers: Any) -> None:
    """Add ``price-sheet`` to the command line."""
    parser = subparsers.add_parser(
        "price-sheet",
        help="price a CSV of items into a price sheet",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("items", nargs="?", type=Path, metavar="ITEMS.csv",
        help="the items to price (not read with --resume)")  # fmt: skip
    add("-o", "--output", required=True, type=Path, metavar="PRICES.csv",
        help="the sheet to write (replaced atomically)")  # fmt: skip
    add("--format", choices=("csv", "jsonl"),
        help="sheet format (default: jsonl if PRICES ends in .jsonl, else csv)")  # fmt: skip
    add("--customer", metavar="NUMBER",
        help="customer of rows without a customer_number"
             " (default: SCANSOURCE_CUSTOMER_NUMBER)")  # fmt: skip
    add("--warehouse", metavar="CODE", help="warehouse to price from (1710 or 2510)")
    add("--business-unit", metavar="CODE", help="business unit code")
    add("--chunk-size", type=positive_int, metavar="N", help="lines per request (default 40)")
    add("--rate", type=positive_float, metavar="REQ_PER_S",
        help="requests per second"
             " (default: SCANSOURCE_MAX_RATE, else 10; 50 on the simulator)")  # fmt: skip
    add("--in-flight", type=positive_int, metavar="N", help="requests in flight at once")
    add("--http-backend", choices=("httpx", "aiohttp"),
        help="the HTTP library to send with (default httpx, or SCANSOURCE_HTTP_BACKEND);"
             " aiohttp needs the [aiohttp] extra")  # fmt: skip
    add("--redis-url", metavar="URL",
        help="share --rate with every worker using this Redis (the [redis] extra);"
             " default: SCANSOURCE_REDIS_URL")  # fmt: skip
    add("--deadline", type=positive_float, metavar="SECONDS",
        help="end the job after this long; unfinished rows are not attempted")  # fmt: skip
    add("--failures", type=Path, metavar="FILE",
        help="failures file (default: PRICES.failures.csv next to the sheet)")  # fmt: skip
    add("--resume", type=Path, metavar="FAILURES.csv",
        help="price only the rows of this failures file and merge them into PRICES")  # fmt: skip
    add("--shard", type=parse_shard, metavar="K/N",
        help="price only the rows whose index i has i %% N == K-1 (K from 1);"
             " join the sheets with merge-sheets")  # fmt: skip
    add("--raw-cells", action="store_true",
        help="write CSV cells verbatim; by default a cell a spreadsheet would run"
             " (starting with = + - @, tab or CR; plain numbers excepted)"
             " gets a leading '")  # fmt: skip
    add("--env-file", type=Path, metavar="FILE",
        help="KEY=VALUE lines (SCANSOURCE_*), taking precedence over the environment")  # fmt: skip
    add("--simulator", action="store_true",
        help="price against the embedded simulator (seed 0, customer 1000001)")  # fmt: skip
    add("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``price-sheet``: returns the exit status."""
    from ._signals import Interrupted, SignalGuard, current_guard

    # The command line's main installed the guard first thing; a direct caller gets one here.
    guard = current_guard()
    own = guard is None
    if guard is None:
        guard = SignalGuard()
        guard.install()
    try:
        return _run(args, guard)
    except Interrupted as exc:
        print(f"{_PROG}: interrupted: stopped without writing", file=sys.stderr)
        return 128 + (guard.last or exc.signum)
    finally:
        if own:
            guard.uninstall()


def _run(args: argparse.Namespace, guard: SignalGuard) -> int:
    try:
        from rich.console import Console

        from ._broken_setup import EXIT_BROKEN_SETUP, BrokenSetupError
        from ._job import run_job
        from ._progress import NullProgress, RichProgress, print_summary
        from ._setup import connect
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installed extras
        print(f"{_PROG}: needs the [cli] extra: pip install 'scansource-async[cli]' ({exc})",
              file=sys.stderr)  # fmt: skip
        return 2
    import asyncio

    try:
        settings = _settings(args)
        overrides: dict[str, Any] = {}
        if args.rate is not None:
            overrides["max_rate"] = args.rate
        if args.in_flight is not None:
            overrides["max_in_flight"] = args.in_flight
        if args.http_backend is not None:
            overrides["http_backend"] = args.http_backend
        console = Console() if sys.stdout.isatty() and not args.quiet else None
        progress = NullProgress(sys.stderr) if console is None else RichProgress(console)

        def open_connection() -> Connection:
            return connect(
                simulator=args.simulator,
                env_file=args.env_file,
                overrides=overrides,
                redis_url=args.redis_url,
            )

        guard.defer()  # from here a signal is raised inside the job, not in asyncio's set-up
        summary = asyncio.run(run_job(settings, open_connection, progress, guard))
    except CliError as exc:
        guard.settle()
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenSetupError as exc:
        guard.settle()
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return EXIT_BROKEN_SETUP
    except (KeyboardInterrupt, asyncio.CancelledError):
        # A second signal cancelled the job (its temporary files are gone), or one came
        # before the job could catch it.
        guard.settle()
        print(f"{_PROG}: interrupted: stopped without writing", file=sys.stderr)
        return 128 + (guard.last or 2)
    guard.settle()
    if not args.quiet:
        print_summary(summary, console=console, file=sys.stdout)
    if guard.last is not None:
        return 128 + guard.last
    return 1 if summary.failed or summary.not_attempted else 0


def _settings(args: argparse.Namespace) -> JobSettings:
    """The job's settings from the arguments, checking paths that clash."""
    from ._job import JobSettings
    from ._sheet_io import sheet_format

    if args.items is None and args.resume is None:
        raise CliError("give ITEMS.csv to price, or --resume FAILURES.csv")
    output: Path = args.output
    fmt = sheet_format(output, args.format)
    failures: Path = args.failures or output.with_name(
        (output.stem if output.suffix else output.name) + ".failures.csv"
    )
    if _same(failures, output):
        raise CliError(f"{failures}: the failures file cannot be the sheet itself")
    source = args.resume or args.items
    for target in (output, failures):
        if args.resume is None and _same(source, target):
            raise CliError(f"{target}: would overwrite the input {source}")
    if args.resume is not None and _same(args.resume, output):
        raise CliError(f"{output}: --resume wants the failures file, not the sheet")
    return JobSettings(
        items=args.items,
        resume=args.resume,
        output=output,
        failures=failures,
        format=fmt,
        customer=args.customer,
        warehouse=args.warehouse,
        business_unit=args.business_unit,
        chunk_size=args.chunk_size,
        in_flight=args.in_flight,
        deadline=args.deadline,
        shard=args.shard,
        raw_cells=args.raw_cells,
    )


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
