"""What the API said about its rate limit during a doctor run, and the rate to suggest.

Signals: 429 answers, their ``Retry-After``, and any rate-limit header (``RateLimit-*``,
``X-RateLimit-*``, APIM's quota headers). The suggestion: after 429s, the rate at which
requests got through while throttled, less 10% (at most half the pace that drew them);
else a limit a ``RateLimit-Policy`` (``N;w=SECONDS``) or ``X-RateLimit-Limit`` header
states, less 10%; else, with no signal at all, the configured rate (nothing said it is too
high).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ._checks import Check
from ._doctor_http import Exchange

__all__ = ["rate_check"]

_POLICY: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*;\s*w\s*=\s*(\d+(?:\.\d+)?)")
_MARGIN: Final = 0.9


def _stated_rate(headers: dict[str, str]) -> float | None:
    """Requests per second a header states, if one does."""
    policy = headers.get("ratelimit-policy") or headers.get("x-ratelimit-policy")
    if policy and (match := _POLICY.match(policy)) and float(match[2]) > 0:
        return float(match[1]) / float(match[2])
    limit = headers.get("x-ratelimit-limit") or headers.get("ratelimit-limit")
    if limit:
        # "N" alone is per second by convention of most gateways; "N;w=S" names the window.
        if (match := _POLICY.match(limit)) and float(match[2]) > 0:
            return float(match[1]) / float(match[2])
        try:
            return float(limit.split(",")[0])
        except ValueError:
            return None
    return None


def _format_rate(rate: float) -> str:
    return f"{rate:.1f}".rstrip("0").rstrip(".") if rate < 10 else f"{rate:.0f}"


def rate_check(exchanges: Sequence[Exchange], configured: float, paced: float) -> tuple[Check, str]:
    """The check, and the ``SCANSOURCE_MAX_RATE`` value to suggest."""
    throttled = [e for e in exchanges if e.status == 429]
    headers: dict[str, str] = {}
    for exchange in exchanges:
        headers.update(exchange.rate_headers)
    waits = sorted(
        {e.rate_headers["retry-after"] for e in throttled if "retry-after" in e.rate_headers}
    )
    seen = ", ".join(f"{name}: {value}" for name, value in sorted(headers.items())) or "none"
    stated = _stated_rate(headers)
    if throttled:
        # While throttled, the answers that got through came at about the API's own rate.
        window = [e for e in exchanges if e.finished >= throttled[0].finished]
        through = sum(1 for e in window if e.status is not None and e.status != 429)
        span = window[-1].finished - throttled[0].finished
        measured = through / span if span > 0 and through else None
        suggested = max(0.1, min(paced / 2, _MARGIN * measured if measured else paced / 2))
        why = (
            f"{len(throttled)} x 429 at {_format_rate(paced)} req/s"
            f" (Retry-After {', '.join(waits) or 'not given'})"
        )
        if measured is not None:
            why += f"; {_format_rate(measured)} req/s got through while throttled"
    elif stated is not None:
        suggested = stated * _MARGIN
        why = f"the API states {_format_rate(stated)} req/s: 10% below it"
    else:
        suggested = configured
        why = (
            f"no 429, no rate-limit header at {_format_rate(paced)} req/s: keep the configured rate"
        )
    value = _format_rate(suggested)
    check = Check(
        name="rate limit",
        ok=True,
        detail=f"{why}; headers seen: {seen}; suggest SCANSOURCE_MAX_RATE={value}",
        essential=False,
    )
    return check, value
