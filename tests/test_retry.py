"""Pure retry helpers: Retry-After parsing, backoff bounds, what is retryable."""

from __future__ import annotations

import email.utils
import random
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scansource_async import (
    APIConnectionError,
    APITimeoutError,
    DeadlineExceededError,
    OutcomeUnknownError,
    RetryPolicy,
    ValidationError,
)
from scansource_async._response import error_for_status
from scansource_async._retry import backoff_delay, is_retryable, parse_retry_after, retry_wait

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def headers(**values: str) -> httpx.Headers:
    return httpx.Headers({name.replace("_", "-"): value for name, value in values.items()})


# -- Retry-After ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("3", 3.0), ("0", 0.0), ("1.5", 1.5), (" 2 ", 2.0), ("-4", 0.0), ("120", 120.0)],
)
def test_retry_after_seconds(raw: str, seconds: float) -> None:
    assert parse_retry_after(headers(retry_after=raw), now=NOW) == seconds


def test_retry_after_http_date() -> None:
    when = email.utils.format_datetime(NOW + timedelta(seconds=7), usegmt=True)
    assert when == "Sun, 01 Mar 2026 12:00:07 GMT"
    assert parse_retry_after(headers(retry_after=when), now=NOW) == 7.0


def test_retry_after_http_date_with_offset_and_obsolete_zone() -> None:
    plus_one = NOW.astimezone(timezone(timedelta(hours=1))) + timedelta(seconds=30)
    raw = email.utils.format_datetime(plus_one)
    assert "+0100" in raw
    assert parse_retry_after(headers(retry_after=raw), now=NOW) == 30.0
    # "-0000" means "UTC, zone unknown": parsed as a naive datetime, read as UTC.
    assert parse_retry_after(headers(retry_after="Sun, 01 Mar 2026 12:01:00 -0000"), now=NOW) == 60


def test_retry_after_http_date_in_the_past_is_zero() -> None:
    when = email.utils.format_datetime(NOW - timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(headers(retry_after=when), now=NOW) == 0.0


def test_retry_after_http_date_defaults_to_the_clock() -> None:
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=100), usegmt=True)
    wait = parse_retry_after(headers(retry_after=when))
    assert wait is not None
    assert 98 <= wait <= 100


def test_retry_after_ms() -> None:
    assert parse_retry_after(headers(retry_after_ms="250"), now=NOW) == 0.25
    assert parse_retry_after(headers(retry_after_ms="1500.5"), now=NOW) == 1.5005


def test_retry_after_ms_takes_precedence() -> None:
    both = headers(retry_after_ms="250", retry_after="30")
    assert parse_retry_after(both, now=NOW) == 0.25


def test_unreadable_retry_after_ms_falls_back_to_retry_after() -> None:
    both = headers(retry_after_ms="soon", retry_after="4")
    assert parse_retry_after(both, now=NOW) == 4.0


@pytest.mark.parametrize("raw", ["soon", "", "inf", "nan", "1e999", "Mon, 99 Foo 2026"])
def test_unreadable_retry_after_is_none(raw: str) -> None:
    assert parse_retry_after(headers(retry_after=raw), now=NOW) is None


def test_no_retry_after_is_none() -> None:
    assert parse_retry_after(headers(), now=NOW) is None
    assert parse_retry_after({}, now=NOW) is None


def test_header_names_are_case_insensitive_with_httpx_headers() -> None:
    raw = httpx.Headers({"RETRY-AFTER": "5", "Retry-After-MS": "100"})
    assert parse_retry_after(raw, now=NOW) == 0.1
    assert parse_retry_after({"retry-after": "5"}, now=NOW) == 5.0


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_any_whole_seconds(seconds: int) -> None:
    assert parse_retry_after({"retry-after": str(seconds)}, now=NOW) == seconds


@given(st.integers(min_value=0, max_value=10**7))
def test_retry_after_any_http_date(seconds: int) -> None:
    when = email.utils.format_datetime(NOW + timedelta(seconds=seconds), usegmt=True)
    assert parse_retry_after({"retry-after": when}, now=NOW) == seconds


# -- backoff ----------------------------------------------------------------------------------


@given(
    base=st.floats(min_value=0.001, max_value=10),
    cap=st.floats(min_value=0.001, max_value=100),
    retry=st.integers(min_value=1, max_value=5000),
    seed=st.integers(),
)
def test_backoff_is_within_full_jitter_bounds(
    base: float, cap: float, retry: int, seed: int
) -> None:
    policy = RetryPolicy(backoff_base=base, backoff_cap=cap)
    delay = backoff_delay(policy, retry, random.Random(seed))
    ceiling = min(cap, base * 2 ** min(retry - 1, 1000))
    assert 0.0 <= delay <= ceiling


def test_backoff_ceiling_doubles_then_caps() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=3.0)
    rng = random.Random(1)
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (10, 3.0)]:
        delays = [backoff_delay(policy, retry, rng) for _ in range(300)]
        assert max(delays) <= ceiling
        assert max(delays) > ceiling * 0.9, "the full range is used"
        assert min(delays) < ceiling * 0.1, "full jitter goes down to zero"


def test_retry_wait_is_the_servers_wait_when_it_sent_one_within_the_cap() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=1.0, max_retry_after=2.0)
    rng = random.Random(3)
    assert retry_wait(policy, 1, 2.0, rng) == 2.0
    assert retry_wait(policy, 4, 0.0, rng) == 0.0
    assert retry_wait(policy, 1, 2.5, rng) is None, "longer than max_retry_after: no retry"
    waits = [retry_wait(policy, 3, None, rng) for _ in range(200)]
    assert all(wait is not None and 0.0 <= wait <= 1.0 for wait in waits), "else the backoff"


# -- what is retryable ------------------------------------------------------------------------


def status_error(status: int) -> object:
    return error_for_status(status, {}, None, method="GET", path="x")


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (429, True),
        (502, True),
        (503, True),
        (504, True),
        (500, True),
        (501, False),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (409, False),
    ],
)
def test_default_retryable_statuses(status: int, retryable: bool) -> None:
    assert is_retryable(RetryPolicy(), status_error(status)) is retryable  # type: ignore[arg-type]


def test_retry_statuses_are_configurable() -> None:
    policy = RetryPolicy(retry_statuses={429, 503})
    assert not is_retryable(policy, status_error(500))  # type: ignore[arg-type]
    assert not is_retryable(policy, status_error(502))  # type: ignore[arg-type]
    assert is_retryable(policy, status_error(503))  # type: ignore[arg-type]


def test_network_errors_are_retryable_other_errors_are_not() -> None:
    policy = RetryPolicy()
    assert is_retryable(policy, APIConnectionError("x"))
    assert is_retryable(policy, APITimeoutError("x"))
    assert not is_retryable(policy, ValidationError("x"))
    assert not is_retryable(policy, DeadlineExceededError("x"))
    assert not is_retryable(policy, OutcomeUnknownError("x", operation="create"))
