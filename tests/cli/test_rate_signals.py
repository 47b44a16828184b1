"""The doctor's reading of rate-limit signals, from recorded exchanges."""

from __future__ import annotations

from scansource_async.cli._doctor_http import Exchange
from scansource_async.cli._rate_signals import rate_check


def _exchange(status: int, at: float, **headers: str) -> Exchange:
    return Exchange(method="GET", path="p", status=status, latency_ms=1.0, finished=at,
                    rate_headers=headers)  # fmt: skip


def test_no_signal_keeps_the_configured_rate() -> None:
    check, value = rate_check([_exchange(200, 1.0)], configured=10, paced=8)
    assert value == "10"
    assert "no 429" in check.detail and check.ok and not check.essential


def test_a_stated_policy_gives_a_rate_below_it() -> None:
    exchanges = [_exchange(200, 1.0, **{"ratelimit-policy": "100;w=60"})]
    check, value = rate_check(exchanges, configured=10, paced=8)
    assert value == "1.5"  # 100 per 60 s = 1.67/s, less 10%
    assert "ratelimit-policy: 100;w=60" in check.detail


def test_429s_suggest_what_got_through() -> None:
    exchanges = [_exchange(200, 0.0), _exchange(429, 1.0, **{"retry-after": "2"})]
    exchanges += [_exchange(200, 1.0 + n * 0.5) for n in range(1, 5)]  # 4 in 2 s
    check, value = rate_check(exchanges, configured=20, paced=16)
    assert value == "1.8"  # 2/s got through, less 10%
    assert check.detail.startswith("1 x 429 at 16 req/s (Retry-After 2)")
