"""``scansource-async doctor``: check a setup against the API without changing anything there.

Prints one line per check (name, ok, status, latency, detail), then the settings it suggests;
``--json REPORT`` writes the same as JSON (safe to attach to a support ticket: no secret in
it) and ``--write-env FILE`` the suggested settings. Exit status: 0 every essential check
passed, 1 some failed, 2 bad usage (an unreadable --env-file, an unwritable output).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ._errors import CliError

__all__ = ["register", "run"]

_PROG = "scansource-async doctor"
_DESCRIPTION = """\
Check a setup against the ScanSource API without changing anything there: which SCANSOURCE_*
variables are set (secrets are never shown), DNS, TCP and TLS to the API and token hosts, the
OAuth token, then every read-only operation of the chosen URL layout, one small request each
(a search page of one, the pricing, stock and detail of the item it finds, invoices, sales
orders, a cart key that does not exist, webhooks, ...), paced below the configured rate; never
a create, update, delete or cancel. When the layout's routes are unknown and the other
layout's answer, it says so. --probe-lines also finds the largest pricing request the API
accepts. The table ends with the settings to use (SCANSOURCE_CHUNK_SIZE, SCANSOURCE_MAX_RATE,
SCANSOURCE_API_LAYOUT).

Exit status: 0 every essential check passed, 1 some failed, 2 bad usage."""


def register(subparsers: Any) -> None:
    """Add ``doctor`` to the command line."""
    parser = subparsers.add_parser(
        "doctor",
        help="check the setup against the API (changes nothing there)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--env-file", type=Path, metavar="FILE",
        help="KEY=VALUE lines (SCANSOURCE_*), taking precedence over the environment")  # fmt: skip
    add("--api-layout", choices=("gateway", "legacy"),
        help="URL layout to check (default: SCANSOURCE_API_LAYOUT, else gateway)")  # fmt: skip
    add("--probe-lines", action="store_true",
        help="find the largest pricing request the API accepts (at most ~12 requests)")  # fmt: skip
    add("--json", type=Path, metavar="REPORT", dest="json_report",
        help="also write the report as JSON (no secret in it)")  # fmt: skip
    add("--write-env", type=Path, metavar="FILE",
        help="write the suggested settings as KEY=VALUE lines (never a secret)")  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``doctor``: returns the exit status."""
    import asyncio

    from ._atomic import check_writable_target
    from ._diagnose import diagnose
    from ._doctor_report import render_table, write_env, write_json
    from ._setup import read_env_file

    try:
        environ = dict(os.environ)
        if args.env_file is not None:
            environ.update(read_env_file(args.env_file))
        if args.api_layout is not None:
            environ["SCANSOURCE_API_LAYOUT"] = args.api_layout
        for target in (args.json_report, args.write_env):
            if target is not None:
                check_writable_target(target)
        report = asyncio.run(diagnose(environ, lines=args.probe_lines))
        sys.stdout.write(render_table(report, title=f"{_PROG}: layout {report.layout}"))
        sys.stdout.flush()
        if args.json_report is not None:
            write_json(report, args.json_report)
        if args.write_env is not None:
            write_env(report, args.write_env)
    except CliError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)
        return 130
    return 0 if report.ok else 1
