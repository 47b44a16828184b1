"""The doctor's output: the table on stdout, the JSON report, and the suggested-settings file.

None of them ever holds a secret: the report is scrubbed before it gets here, and the env file
takes only the suggested settings, which never include a credential.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from ._atomic import AtomicFile
from ._checks import Check, Report
from ._config_check import SECRET_VARIABLES

__all__ = ["render_table", "write_env", "write_json"]

_COLUMNS: Final = ("check", "ok", "status", "latency", "detail")
_NEVER_WRITTEN: Final = SECRET_VARIABLES | {"SCANSOURCE_CLIENT_ID"}


def _ok(check: Check) -> str:
    if check.ok:
        return "ok"
    return "FAIL" if check.essential else "warn"


def _latency(check: Check) -> str:
    ms = check.latency_ms
    if ms is None:
        return "-"
    return f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"


def render_table(report: Report, *, title: str) -> str:
    """The report as a plain-text table, then the suggested settings and a verdict line."""
    rows = [
        (check.name, _ok(check), "-" if check.status is None else str(check.status),
         _latency(check), check.detail)
        for check in report.checks
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS) - 1)]
    lines = [title]
    for row in [_COLUMNS, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    if report.suggested:
        lines.append("")
        lines.append("suggested settings (--write-env FILE writes them):")
        lines.extend(f"  {name}={value}" for name, value in report.suggested.items())
    failed = [check.name for check in report.checks if check.essential and not check.ok]
    warned = [check.name for check in report.checks if not check.essential and not check.ok]
    lines.append("")
    if failed:
        lines.append(f"doctor: {len(failed)} essential check(s) failed: {', '.join(failed)}")
    else:
        lines.append(f"doctor: every essential check passed (layout {report.layout})")
    if warned:
        lines.append(f"doctor: {len(warned)} other check(s) to look at: {', '.join(warned)}")
    return "\n".join(lines) + "\n"


def write_json(report: Report, path: Path) -> None:
    """The JSON report (``{"ok", "layout", "checks", "suggested"}``), written whole or not at
    all."""
    target = AtomicFile(path)
    try:
        json.dump(report.as_json(), target.file, indent=2)
        target.file.write("\n")
        target.commit()
    finally:
        target.discard()


def write_env(report: Report, path: Path) -> None:
    """The suggested settings as ``KEY=VALUE`` lines (never a credential)."""
    target = AtomicFile(path)
    try:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        target.file.write(f"# suggested by scansource-async doctor, {stamp}\n")
        for name, value in report.suggested.items():
            if name not in _NEVER_WRITTEN:
                target.file.write(f"{name}={value}\n")
        target.commit()
    finally:
        target.discard()
