"""The transport through the public API: retries, 429 pauses, deadlines, limits, retry safety."""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from datetime import UTC, datetime

import httpx
import pytest
import respx

from scansource_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DeadlineExceededError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    ValidationError,
)
from tests.helpers import Script, make_client, raises, reply

# Small tolerance for timer granularity when asserting a wait was honoured.
SLACK = 0.03


def mock(api: respx.MockRouter, script: Script, path: str = "/thing") -> respx.Route:
    return api.route(path=path).mock(side_effect=script)


# -- retries and their count -----------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_retryable_status_is_retried_max_retries_times_then_raises(
    api: respx.MockRouter, status: int
) -> None:
    script = Script(reply(status, json={"message": "try later"}))
    mock(api, script)
    async with make_client(max_retries=2) as client:
        with raises(ServerError) as info:
            await client.request("GET", "thing")
        assert script.calls == 3
        assert info.value.status_code == status
        assert client.stats.requests == 3
        assert client.stats.retries == 2


async def test_retry_recovers_after_transient_failures(api: respx.MockRouter) -> None:
    script = Script(reply(503), reply(502), reply(200, json={"ok": True}))
    mock(api, script)
    async with make_client(max_retries=3) as client:
        assert await client.request("GET", "thing") == {"ok": True}
    assert script.calls == 3


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.ConnectError, APIConnectionError),
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.ConnectTimeout, APITimeoutError),
        (httpx.RemoteProtocolError, APIConnectionError),
    ],
)
async def test_network_errors_are_retried_then_raised_typed(
    api: respx.MockRouter, failure: type[Exception], expected: type[Exception]
) -> None:
    script = Script(failure)
    mock(api, script)
    async with make_client(max_retries=2) as client:
        with raises(expected) as info:
            await client.request("GET", "thing")
    assert script.calls == 3
    assert type(info.value) is expected
    assert not isinstance(info.value, httpx.HTTPError)


async def test_read_timeout_then_success(api: respx.MockRouter) -> None:
    script = Script(httpx.ReadTimeout, reply(200, json=[1]))
    mock(api, script)
    async with make_client() as client:
        assert await client.request("GET", "thing") == [1]
    assert script.calls == 2


@pytest.mark.parametrize("max_retries", [0, 1, 4])
async def test_max_retries_is_respected(api: respx.MockRouter, max_retries: int) -> None:
    script = Script(reply(503))
    mock(api, script)
    async with make_client(max_retries=max_retries) as client:
        with raises(ServerError):
            await client.request("GET", "thing")
    assert script.calls == max_retries + 1


async def test_with_options_max_retries_applies_to_the_copy_only(api: respx.MockRouter) -> None:
    script = Script(reply(503))
    mock(api, script)
    async with make_client(max_retries=3) as client:
        with raises(ServerError):
            await client.with_options(max_retries=0).request("GET", "thing")
        assert script.calls == 1
        with raises(ServerError):
            await client.request("GET", "thing")
        assert script.calls == 1 + 4


async def test_500_is_retried_by_default_like_502_to_504(api: respx.MockRouter) -> None:
    script = Script(reply(500, json={"message": "boom"}), reply(500), reply(200, json=1))
    mock(api, script)
    async with make_client() as client:
        assert await client.request("GET", "thing") == 1
    assert script.calls == 3


async def test_500_exhausting_retries_raises_server_error(api: respx.MockRouter) -> None:
    script = Script(reply(500, json={"message": "boom"}))
    mock(api, script)
    async with make_client(max_retries=1) as client:
        with raises(ServerError, match="boom") as info:
            await client.request("GET", "thing")
    assert script.calls == 2
    assert info.value.status_code == 500


async def test_500_on_a_create_is_never_retried(api: respx.MockRouter) -> None:
    script = Script(reply(500, json={"message": "boom"}), reply(201, json={"id": 1}))
    mock(api, script, path="/orders")
    async with make_client() as client:
        with raises(OutcomeUnknownError):
            await client.request("POST", "orders", json={}, retry_safe=False)
    assert script.calls == 1


async def test_500_is_retried_when_the_policy_says_so(api: respx.MockRouter) -> None:
    script = Script(reply(500))
    mock(api, script)
    policy = RetryPolicy(
        backoff_base=0.001, backoff_cap=0.01, max_retries=2, retry_statuses={500, 502, 503}
    )
    async with make_client(retry=policy) as client:
        with raises(ServerError):
            await client.request("GET", "thing")
    assert script.calls == 3


# -- no retry on client errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type", "id_header"),
    [
        (400, BadRequestError, "Request-Id"),
        (403, PermissionDeniedError, "x-request-id"),
        (404, NotFoundError, "Request-Id"),
        (409, ConflictError, "x-request-id"),
        (422, APIStatusError, "Request-Id"),
    ],
)
async def test_client_errors_are_not_retried_and_carry_details(
    api: respx.MockRouter, status: int, error_type: type[APIStatusError], id_header: str
) -> None:
    body = {"message": f"the API says no ({status})", "code": "E42"}
    script = Script(reply(status, json=body, headers={id_header: "req-123"}))
    mock(api, script)
    async with make_client() as client:
        with raises(error_type) as info:
            await client.request("GET", "thing")
    assert script.calls == 1
    error = info.value
    assert type(error) is error_type
    assert error.status_code == status
    assert error.request_id == "req-123"
    assert error.body == body
    assert f"the API says no ({status})" in str(error)


async def test_401_without_oauth_is_not_retried(api: respx.MockRouter) -> None:
    script = Script(reply(401, json={"message": "Access denied due to invalid subscription key."}))
    mock(api, script)
    async with make_client(client_id=None, client_secret=None) as client:
        with raises(AuthenticationError, match="invalid subscription key") as info:
            await client.request("GET", "thing")
    assert script.calls == 1
    assert info.value.status_code == 401
    assert api.routes["token"].call_count == 0


# -- 429 and Retry-After ----------------------------------------------------------------------


async def timed_429_call(api: respx.MockRouter, headers: dict[str, str]) -> tuple[float, Script]:
    script = Script(reply(429, headers=headers), reply(200, json={"ok": True}))
    mock(api, script)
    async with make_client() as client:
        started = time.monotonic()
        assert await client.request("GET", "thing") == {"ok": True}
        elapsed = time.monotonic() - started
        assert client.stats.rate_limited == 1
    assert script.calls == 2
    return elapsed, script


async def test_429_retry_after_seconds_is_waited(api: respx.MockRouter) -> None:
    elapsed, script = await timed_429_call(api, {"Retry-After": "0.25"})
    assert 0.25 - SLACK <= elapsed < 0.25 + 0.5
    assert script.times[1] - script.times[0] >= 0.25 - SLACK


async def test_429_retry_after_http_date_is_waited(api: respx.MockRouter) -> None:
    # HTTP dates have whole seconds: aim at the next whole second at least 0.2 s away.
    target = math.ceil(time.time() + 0.2)
    date = email.utils.format_datetime(datetime.fromtimestamp(target, UTC), usegmt=True)
    wall_minus_monotonic = time.time() - time.monotonic()
    _, script = await timed_429_call(api, {"Retry-After": date})
    # The wait runs from the 429 (not from before the client was built: on a loaded machine
    # that alone can take longer than the slack) to the retry.
    expected = target - (script.times[0] + wall_minus_monotonic)
    waited = script.times[1] - script.times[0]
    assert expected - SLACK - 0.05 <= waited < expected + 0.5


async def test_429_retry_after_ms_wins_over_retry_after(api: respx.MockRouter) -> None:
    # Retry-After alone (120 s) would exceed the default 60 s cap and raise at once.
    elapsed, _ = await timed_429_call(api, {"retry-after-ms": "250", "Retry-After": "120"})
    assert 0.25 - SLACK <= elapsed < 0.25 + 0.5


async def test_429_pauses_concurrent_requests(api: respx.MockRouter) -> None:
    got_429 = asyncio.Event()
    first = Script(reply(429, headers={"Retry-After": "0.3"}), reply(200, json="a"))
    second = Script(reply(200, json="b"))

    async def first_effect(request: httpx.Request) -> httpx.Response:
        response = await first(request)
        if response.status_code == 429:
            got_429.set()
        return response

    api.route(path="/first").mock(side_effect=first_effect)
    api.route(path="/second").mock(side_effect=second)
    async with make_client() as client:
        await client.request("GET", "second")  # warm up the token
        second.requests.clear()
        second.times.clear()
        task = asyncio.create_task(client.request("GET", "first"))
        await got_429.wait()
        await asyncio.sleep(0.02)  # the pause is in force; start another request inside it
        started_second = time.monotonic()
        assert await client.request("GET", "second") == "b"
        assert await task == "a"
    paused_at = first.times[0]
    assert second.calls == 1
    assert started_second < paused_at + 0.3 - 0.1, "the second request must start inside the pause"
    assert second.times[0] >= paused_at + 0.3 - SLACK
    assert first.times[1] >= paused_at + 0.3 - SLACK


async def test_429_pause_also_holds_requests_already_waiting_for_the_limiter(
    api: respx.MockRouter,
) -> None:
    # A fixed 5 requests/s with a burst of 5: the sixth request queues in the rate limiter
    # until ~0.2 s, while the first request's 429 asks everyone to wait until 0.4 s.
    script = Script(reply(429, headers={"Retry-After": "0.4"}), reply(200, json=1))
    mock(api, script)
    options = {"max_rate": 5, "adaptive_rate": False, "client_id": None, "client_secret": None}
    async with make_client(**options) as client:
        started = time.monotonic()
        results = await asyncio.gather(*(client.request("GET", "thing") for _ in range(6)))
    assert results == [1] * 6
    assert script.calls == 7
    burst, later = script.times[:5], script.times[5:]
    assert all(t - started < 0.1 for t in burst)
    # The queued request and the retry both reached the server only after the pause.
    assert all(t - started >= 0.4 - SLACK for t in later)


async def test_retry_after_beyond_the_cap_raises_rate_limit_error_at_once(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(429, json={"message": "slow down"}, headers={"Retry-After": "5"}))
    mock(api, script)
    policy = RetryPolicy(backoff_base=0.001, backoff_cap=0.01, max_retry_after=1.0)
    async with make_client(retry=policy) as client:
        started = time.monotonic()
        with raises(RateLimitError, match="slow down") as info:
            await client.request("GET", "thing")
        assert time.monotonic() - started < 0.5
        # Counted like any call the policy gave up on; the client is not paused for it.
        assert (client.stats.failures, client.stats.retries, client.stats.rate_limited) == (1, 0, 0)
    assert script.calls == 1
    assert info.value.retry_after == 5.0
    assert info.value.status_code == 429


async def test_429_without_retry_after_backs_off_and_finally_raises(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(429))
    mock(api, script)
    async with make_client(max_retries=2) as client:
        with raises(RateLimitError) as info:
            await client.request("GET", "thing")
        assert client.stats.rate_limited == 3
    assert script.calls == 3
    assert info.value.retry_after is None


async def test_503_retry_after_is_honoured(api: respx.MockRouter) -> None:
    script = Script(reply(503, headers={"Retry-After": "0.2"}), reply(200, json=1))
    mock(api, script)
    async with make_client() as client:
        assert await client.request("GET", "thing") == 1
    assert script.times[1] - script.times[0] >= 0.2 - SLACK


# -- retry safety ------------------------------------------------------------------------------


async def test_unsafe_request_and_503_raises_outcome_unknown_after_one_request(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(503, json={"message": "upstream"}))
    mock(api, script, path="/orders")
    async with make_client() as client:
        with raises(OutcomeUnknownError) as info:
            await client.request("POST", "orders", json={"PONumber": "PO-1"}, retry_safe=False)
    assert script.calls == 1
    assert isinstance(info.value.cause, ServerError)
    assert info.value.cause.status_code == 503
    assert isinstance(info.value.__cause__, ServerError)


@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_unsafe_request_and_failure_after_sending_raises_outcome_unknown(
    api: respx.MockRouter, failure: type[Exception]
) -> None:
    script = Script(failure)
    mock(api, script, path="/orders")
    async with make_client() as client:
        with raises(OutcomeUnknownError) as info:
            await client.request("POST", "orders", json={}, retry_safe=False)
    assert script.calls == 1
    assert isinstance(info.value.cause, APIConnectionError)


async def test_unsafe_request_is_retried_after_a_connect_error(api: respx.MockRouter) -> None:
    script = Script(httpx.ConnectError, reply(201, json={"OrderNumber": "1"}))
    mock(api, script, path="/orders")
    async with make_client() as client:
        result = await client.request("POST", "orders", json={}, retry_safe=False)
    assert result == {"OrderNumber": "1"}
    assert script.calls == 2


async def test_unsafe_request_connect_errors_exhaust_as_connection_error(
    api: respx.MockRouter,
) -> None:
    script = Script(httpx.ConnectError)
    mock(api, script, path="/orders")
    async with make_client(max_retries=2) as client:
        with raises(APIConnectionError):
            await client.request("POST", "orders", json={}, retry_safe=False)
    assert script.calls == 3


async def test_unsafe_request_is_retried_after_a_429(api: respx.MockRouter) -> None:
    script = Script(reply(429, headers={"retry-after-ms": "10"}), reply(200, json="made"))
    mock(api, script, path="/orders")
    async with make_client() as client:
        assert await client.request("POST", "orders", json={}, retry_safe=False) == "made"
    assert script.calls == 2


async def test_unsafe_request_and_400_is_a_bad_request(api: respx.MockRouter) -> None:
    script = Script(reply(400, json={"message": "PONumber is required"}))
    mock(api, script, path="/orders")
    async with make_client() as client:
        with raises(BadRequestError, match="PONumber is required"):
            await client.request("POST", "orders", json={}, retry_safe=False)
    assert script.calls == 1


async def test_unsafe_request_cut_off_by_the_deadline_is_outcome_unknown(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(201), delay=5)
    mock(api, script, path="/orders")
    async with make_client() as client:
        with raises(OutcomeUnknownError):
            await client.request("POST", "orders", json={}, retry_safe=False, deadline=0.1)
    assert script.calls == 1


# -- deadline ----------------------------------------------------------------------------------


async def test_deadline_covers_all_attempts(api: respx.MockRouter) -> None:
    # Each attempt takes 0.1 s and asks for 0.3 s: attempt 2 starts at 0.4 s and is cut at 0.5 s.
    script = Script(reply(503, headers={"Retry-After": "0.3"}), delay=0.1)
    mock(api, script)
    async with make_client(max_retries=10) as client:
        started = time.monotonic()
        with raises(DeadlineExceededError) as info:
            await client.request("GET", "thing", deadline=0.5)
        elapsed = time.monotonic() - started
    assert 0.5 - SLACK <= elapsed <= 0.5 + 0.2
    assert script.calls == 2
    assert isinstance(info.value, TimeoutError)


async def test_retry_that_would_pass_the_deadline_is_not_started(api: respx.MockRouter) -> None:
    script = Script(reply(503, headers={"Retry-After": "0.5"}), delay=0.1)
    mock(api, script)
    async with make_client(max_retries=10) as client:
        started = time.monotonic()
        with raises(DeadlineExceededError) as info:
            await client.request("GET", "thing", deadline=0.5)
        elapsed = time.monotonic() - started
    assert script.calls == 1
    assert elapsed < 0.4, "it gives up as soon as it knows, without waiting for the deadline"
    assert isinstance(info.value.__cause__, ServerError)


async def test_an_attempt_slower_than_the_deadline_is_cut_off(api: respx.MockRouter) -> None:
    script = Script(reply(200), delay=5)
    mock(api, script)
    async with make_client() as client:
        started = time.monotonic()
        with raises(DeadlineExceededError):
            await client.request("GET", "thing", deadline=0.2)
        elapsed = time.monotonic() - started
    assert 0.2 - SLACK <= elapsed <= 0.2 + 0.2
    assert script.calls == 1


async def test_client_default_deadline_applies(api: respx.MockRouter) -> None:
    script = Script(reply(200), delay=5)
    mock(api, script)
    async with make_client(deadline=0.15) as client:
        started = time.monotonic()
        with raises(DeadlineExceededError):
            await client.request("GET", "thing")
        assert time.monotonic() - started <= 0.15 + 0.2


async def test_deadline_is_not_hit_by_a_fast_call(api: respx.MockRouter) -> None:
    mock(api, Script(reply(200, json=1), delay=0.01))
    async with make_client(deadline=1.0) as client:
        assert await client.request("GET", "thing") == 1


@pytest.mark.parametrize("deadline", [0, -1, True, math.nan])
async def test_bad_per_call_deadline_is_rejected_before_io(
    api: respx.MockRouter, deadline: float
) -> None:
    script = Script(reply(200))
    mock(api, script)
    async with make_client() as client:
        with raises(ValidationError):
            await client.request("GET", "thing", deadline=deadline)
    assert script.calls == 0
    assert api.routes["token"].call_count == 0


# -- concurrency and rate ----------------------------------------------------------------------


async def test_in_flight_never_exceeds_max_in_flight(api: respx.MockRouter) -> None:
    current = 0
    peak = 0

    async def effect(request: httpx.Request) -> httpx.Response:
        nonlocal current, peak
        current += 1
        peak = max(peak, current)
        await asyncio.sleep(0.02)
        current -= 1
        return httpx.Response(200, json=1)

    api.route(path="/thing").mock(side_effect=effect)
    async with make_client(max_in_flight=5) as client:
        results = await asyncio.gather(*(client.request("GET", "thing") for _ in range(100)))
        assert client.pipeline.in_flight == 0
    assert results == [1] * 100
    assert peak == 5


async def test_rate_limit_bursts_then_paces(api: respx.MockRouter) -> None:
    # The fixed rate trusts max_rate and bursts; the adaptive rate paces evenly from the start
    # (tests/test_limits.py), since a burst above an unknown limit is what draws 429s.
    script = Script(reply(200, json=1))
    mock(api, script)
    async with make_client(
        max_rate=10, adaptive_rate=False, max_in_flight=64, client_id=None, client_secret=None
    ) as client:
        started = time.monotonic()
        await asyncio.gather(*(client.request("GET", "thing") for _ in range(12)))
        elapsed = time.monotonic() - started
    arrivals = sorted(t - started for t in script.times)
    # A one-second bucket: the first 10 go at once, the 12th cannot start before 2/10 = 0.2 s.
    # Paced evenly from the start instead, the 10th would wait ~0.9 s and the 12th ~1.1 s.
    # (Ten, not fifty: the burst's own CPU time stays far below the bound on a loaded machine.)
    assert arrivals[9] < 0.5
    assert 0.2 - SLACK <= elapsed < 0.8


async def test_fractional_rate_below_one_per_second_works(api: respx.MockRouter) -> None:
    mock(api, Script(reply(200, json=1)))
    async with make_client(max_rate=0.5) as client:
        assert await client.request("GET", "thing") == 1


# -- logging ----------------------------------------------------------------------------------


async def test_one_debug_line_per_attempt(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    mock(api, Script(reply(503, headers={"retry-after-ms": "5"}), reply(200, json=1)))
    caplog.set_level("DEBUG", logger="scansource_async")
    async with make_client() as client:
        await client.request("GET", "thing")
    lines = [r.getMessage() for r in caplog.records if r.name == "scansource_async"]
    # The token request goes through the same path, so it has its line too.
    assert len(lines) == 3
    assert "POST token -> 200 (attempt 1" in lines[0]
    assert "GET thing -> 503 (attempt 1, wait 0.005s)" in lines[1]
    assert "GET thing -> 200 (attempt 2" in lines[2]


async def test_request_sent_with_user_agent_and_timeout(api: respx.MockRouter) -> None:
    script = Script(reply(200))
    mock(api, script)
    async with make_client() as client:
        await client.request("GET", "thing", timeout=2.5)
        await client.request("GET", "thing")
    from scansource_async import __version__

    first, second = script.requests
    assert first.headers["User-Agent"] == f"scansource-async/{__version__}"
    assert first.extensions["timeout"]["read"] == 2.5
    assert second.extensions["timeout"]["read"] == 30.0
