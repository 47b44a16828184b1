"""The middleware: authentication, rate limit, errors, request ids, request log, statistics."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from scansource_async.testing import REQUEST_ID_HEADER, FaultModel, Simulator

from .simhelpers import KEY, Api, OpenApi

NO_KEY = "Access denied due to missing subscription key."
BAD_KEY = "Access denied due to invalid subscription key."


def assert_json_error(response: object, status: int, message: str | None = None) -> None:
    import httpx

    assert isinstance(response, httpx.Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["statusCode"] == status
    assert isinstance(body["message"], str)
    if message is not None:
        assert message in body["message"]
    assert response.headers[REQUEST_ID_HEADER]


# -- authentication ----------------------------------------------------------------------------


async def test_no_subscription_key(sim_api: Api) -> None:
    token = await sim_api.token()
    response = await sim_api.http.get(
        "customer/1000001", headers={"Authorization": f"Bearer {token}"}
    )
    assert_json_error(response, 401, NO_KEY)


async def test_wrong_subscription_key_is_not_echoed(sim_api: Api) -> None:
    token = await sim_api.token()
    response = await sim_api.http.get(
        "customer/1000001",
        headers={
            "Ocp-Apim-Subscription-Key": "secret-wrong-key",
            "Authorization": f"Bearer {token}",
        },
    )
    assert_json_error(response, 401, BAD_KEY)
    assert "secret-wrong-key" not in response.text
    assert token not in response.text


async def test_no_token(sim_api: Api) -> None:
    response = await sim_api.http.get(
        "customer/1000001", headers={"Ocp-Apim-Subscription-Key": KEY}
    )
    assert_json_error(response, 401, "Access token is missing or invalid")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", ["Bearer not-a-token", "Basic abc", "Bearer"])
async def test_bad_token(sim_api: Api, authorization: str) -> None:
    response = await sim_api.http.get(
        "customer/1000001",
        headers={"Ocp-Apim-Subscription-Key": KEY, "Authorization": authorization},
    )
    assert_json_error(response, 401, "Access token is missing or invalid")
    assert "not-a-token" not in response.text


async def test_expired_token(open_api: OpenApi) -> None:
    async with open_api(Simulator(api_layout="legacy", token_lifetime=0.05)) as api:
        assert (await api.get("customer/1000001")).status_code == 200
        await asyncio.sleep(0.08)
        assert_json_error(await api.get("customer/1000001"), 401, "Access token has expired")


async def test_expire_tokens(sim_api: Api) -> None:
    assert (await sim_api.get("customer/1000001")).status_code == 200
    sim_api.sim.expire_tokens()
    assert_json_error(await sim_api.get("customer/1000001"), 401)


async def test_no_clients_means_no_token_needed(open_api: OpenApi) -> None:
    async with open_api(
        Simulator(api_layout="legacy", clients={}, subscription_keys=("a", "b"))
    ) as api:
        for key in ("a", "b"):
            response = await api.http.get(
                "customer/1000001", headers={"Ocp-Apim-Subscription-Key": key}
            )
            assert response.status_code == 200


# -- generic errors ----------------------------------------------------------------------------


async def test_unknown_path_is_json_404(sim_api: Api) -> None:
    assert_json_error(await sim_api.get("no/such/thing"), 404, "Resource not found")
    assert_json_error(await sim_api.get("product/pricing/"), 404)


async def test_wrong_method_is_json_405(sim_api: Api) -> None:
    response = await sim_api.get("product/pricing")
    assert_json_error(response, 405)
    assert "POST" in response.headers["allow"]


@pytest.mark.parametrize("body", [b"", b"{", b"[1,", b"\xff\xfe", b"not json"])
async def test_bad_json_is_400(sim_api: Api, body: bytes) -> None:
    headers = {**await sim_api.headers(), "Content-Type": "application/json"}
    response = await sim_api.http.post(
        "product/pricing?customerNumber=1000001", content=body, headers=headers
    )
    assert_json_error(response, 400)


async def test_every_response_has_a_distinct_request_id(sim_api: Api) -> None:
    responses = [
        await sim_api.get("customer/1000001"),
        await sim_api.get("nothing"),
        await sim_api.http.get("customer/1000001"),
        await sim_api.http.post("oauth2/v2.0/token", data={}),
    ]
    ids = [r.headers.get_list(REQUEST_ID_HEADER) for r in responses]
    assert all(len(i) == 1 for i in ids)
    assert len({i[0] for i in ids}) == 4
    assert all(
        re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", i[0])
        for i in ids
    )
    logged = [record.request_id for record in sim_api.sim.requests][-4:]
    assert logged == [i[0] for i in ids]


# -- rate limit --------------------------------------------------------------------------------


async def test_rate_limit_answers_429_with_retry_after(open_api: OpenApi) -> None:
    sim = Simulator(api_layout="legacy", rate_limit=5)
    async with open_api(sim) as api:
        started = time.monotonic()
        statuses = [(await api.get("customer/1000001")).status_code for _ in range(5)]
        refused = await api.get("customer/1000001")
        refill_ms = (time.monotonic() - started) * 1000  # at most this much came back since
        assert statuses == [200] * 5  # a full bucket: one second's worth of burst
        assert_json_error(refused, 429, "Rate limit is exceeded")
        assert refused.headers["Retry-After"] == "1"
        wait_ms = int(refused.headers["retry-after-ms"])
        # The next token is 200 ms away less what refilled during the burst (measured, not
        # assumed under 100 ms: six loopback calls take longer on a loaded machine).
        assert 200 - refill_ms - 1 <= wait_ms <= 200
        assert wait_ms > 0
        await asyncio.sleep(wait_ms / 1000 + 0.01)
        assert (await api.get("customer/1000001")).status_code == 200
        assert (await api.token()) is not None  # the token endpoint is not limited
    assert [r.fault for r in sim.requests if r.status == 429] == ["rate_limit"]


async def test_rate_limit_is_per_key(open_api: OpenApi) -> None:
    sim = Simulator(api_layout="legacy", rate_limit=2, clients={}, subscription_keys=("a", "b"))
    async with open_api(sim) as api:

        async def call(key: str) -> int:
            headers = {"Ocp-Apim-Subscription-Key": key}
            return (await api.http.get("customer/1000001", headers=headers)).status_code

        assert [await call("a") for _ in range(3)] == [200, 200, 429]
        assert [await call("b") for _ in range(2)] == [200, 200]


async def test_paced_requests_at_the_limit_are_never_refused(open_api: OpenApi) -> None:
    # What a client's leaky bucket at the same rate does: never more than the capacity at once.
    sim = Simulator(api_layout="legacy", rate_limit=50)
    async with open_api(sim) as api:
        await api.headers()
        for _ in range(50):
            assert (await api.get("customer/1000001")).status_code == 200
        loop = asyncio.get_running_loop()
        start = loop.time()
        for n in range(25):
            await asyncio.sleep(max(0.0, start + (n + 1) / 50 + 0.002 - loop.time()))
            assert (await api.get("customer/1000001")).status_code == 200


async def test_throttle_window(sim_api: Api) -> None:
    await sim_api.headers()
    sim_api.sim.throttle(2.2)
    refused = await sim_api.get("customer/1000001")
    assert_json_error(refused, 429)
    assert refused.headers["Retry-After"] == "3"
    sim_api.sim.throttle(0)
    assert (await sim_api.get("customer/1000001")).status_code == 200


# -- request log and statistics ----------------------------------------------------------------


async def test_request_log_records_and_redacts(sim_api: Api) -> None:
    sim = sim_api.sim
    number = sim.catalog.item_numbers[0]
    await sim_api.pricing([{"ItemNumber": number, "Quantity": 2}])
    await sim_api.get("partnerprofile", APIKey=KEY, developerEmail="developer@example.com")
    token_record, pricing, profile = sim.requests
    assert token_record.path == "oauth2/v2.0/token"
    assert token_record.status == 200
    assert token_record.body["client_secret"] == "***"
    assert token_record.subscription_key_hash is None
    assert (pricing.method, pricing.path, pricing.status) == ("POST", "product/pricing", 200)
    assert pricing.query == {"customerNumber": "1000001"}
    assert pricing.body == {"Lines": [{"ItemNumber": number, "Quantity": 2}]}
    assert pricing.finished >= pricing.started
    assert pricing.fault is None
    assert pricing.subscription_key_hash
    assert KEY not in pricing.subscription_key_hash
    assert profile.query["APIKey"] == "***"
    assert KEY not in repr(list(sim.requests))
    assert "test-secret" not in repr(list(sim.requests))
    assert len(sim.requests.filter(method="POST")) == 2
    sim.requests.clear()
    assert len(sim.requests) == 0


async def test_request_log_can_be_bounded(open_api: OpenApi) -> None:
    async with open_api(Simulator(api_layout="legacy", request_log_size=2)) as api:
        for _ in range(3):
            await api.get("customer/1000001")
    assert len(api.sim.requests) == 2
    assert api.sim.stats.requests == 4


async def test_statistics(open_api: OpenApi) -> None:
    # Latency enough for all eight to be in flight at once over loopback on a loaded machine.
    sim = Simulator(api_layout="legacy", faults={"GET customer": FaultModel(latency=0.5)})
    async with open_api(sim) as api:
        await api.headers()
        await asyncio.gather(*(api.get("customer/1000001") for _ in range(8)))
        await api.get("nothing")
    stats = sim.stats
    assert stats.peak_in_flight == sim.peak_in_flight == 8
    assert stats.tokens_issued == sim.tokens_issued == 1
    assert stats.status_counts == {200: 9, 404: 1}
    assert stats.requests == 10
    assert stats.in_flight == 0
    stats.reset_peak()
    assert stats.peak_in_flight == 0
    sim.reset()
    assert stats.requests == 0
    assert len(sim.requests) == 0


def test_slow_rate_limits_still_allow_one_request() -> None:
    from scansource_async.testing._state import TokenBucketLimiter

    now = [0.0]
    limiter = TokenBucketLimiter(0.5, clock=lambda: now[0])
    assert limiter.acquire("k") == 0.0
    assert limiter.acquire("k") == pytest.approx(2.0)
    now[0] = 2.0
    assert limiter.acquire("k") == 0.0
