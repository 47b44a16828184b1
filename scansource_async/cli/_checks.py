"""What ``doctor`` reports: one :class:`Check` per line, gathered in a :class:`Report`.

A check is *essential* when the client cannot work without it (configuration, reaching the
hosts, the token, the product operations); the others (an operation your account may not
subscribe to, a route the table only infers) are reported but do not change the exit status.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["Check", "Report", "redact_report"]


@attrs.frozen(kw_only=True)
class Check:
    """One line of the doctor's table and one entry of its JSON report."""

    name: str
    ok: bool
    status: int | None = None  # the HTTP status, when the check made a request
    latency_ms: float | None = None
    request_id: str | None = None
    detail: str = ""
    essential: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "status": self.status,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 1),
            "request_id": self.request_id,
            "detail": self.detail,
            "essential": self.essential,
        }


@attrs.define
class Report:
    """Every check of one doctor run, the layout it used, and the settings it suggests."""

    layout: str
    checks: list[Check] = attrs.Factory(list)
    suggested: dict[str, str] = attrs.Factory(dict)

    @property
    def ok(self) -> bool:
        """Whether every essential check passed."""
        return all(check.ok for check in self.checks if check.essential)

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        return check

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "layout": self.layout,
            "checks": [check.as_json() for check in self.checks],
            "suggested": dict(self.suggested),
        }


def _scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def redact_report(report: Report, secrets: Iterable[str | None]) -> Report:
    """``report`` with every secret replaced in every text it holds (an API may echo what it
    was sent; the report must stay safe to attach to a support ticket)."""
    known = sorted({s for s in secrets if s}, key=len, reverse=True)
    checks = [
        attrs.evolve(
            check,
            detail=_scrub(check.detail, known),
            name=_scrub(check.name, known),
            request_id=None if check.request_id is None else _scrub(check.request_id, known),
        )
        for check in report.checks
    ]
    suggested = {name: _scrub(value, known) for name, value in report.suggested.items()}
    return Report(report.layout, checks, suggested)
