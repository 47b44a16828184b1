"""The fault model: validation, route keys, seeded draws, and each fault kind over HTTP."""

from __future__ import annotations

import math
import time
from collections import Counter

import httpx
import pytest

from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing._faults import FaultInjector

from .simhelpers import Api, OpenApi


def within_binomial(count: int, n: int, p: float, sigmas: float = 4.5) -> bool:
    return abs(count - n * p) <= sigmas * math.sqrt(n * p * (1 - p)) + 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"error_rate": 1.5},
        {"error_rate": -0.1},
        {"latency": -1},
        {"throttle_retry_after": 0},
        {"error_statuses": ()},
        {"error_statuses": (404,)},
        {"error_rate": 0.6, "drop_rate": 0.6},
        {"slow_body_chunks": 1},
    ],
)
def test_invalid_models_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FaultModel(**kwargs)  # type: ignore[arg-type]


def test_models_are_frozen_and_convert() -> None:
    model = FaultModel(error_statuses=[503], latency=1)  # type: ignore[arg-type]
    assert model.error_statuses == (503,)
    assert model.latency == 1.0
    assert FaultModel().is_noop
    assert not model.is_noop
    with pytest.raises(AttributeError):
        model.latency = 2  # type: ignore[misc]


def test_route_keys_most_specific_wins() -> None:
    default, product, pricing, get_product, token = (FaultModel(latency=n) for n in range(1, 6))
    injector = FaultInjector(
        {
            "*": default,
            "product/": product,
            "POST product/pricing": pricing,
            "GET product": get_product,
            "oauth2/v2.0/token": token,
        }
    )
    assert injector.model_for("POST", "product/pricing") is pricing
    assert injector.model_for("GET", "product/pricing") is product  # longer prefix beats method
    assert injector.model_for("GET", "product/search") is product
    assert injector.model_for("POST", "product/availability") is product
    assert injector.model_for("GET", "customer/1000001") is default
    assert injector.model_for("POST", "oauth2/v2.0/token") is token


def test_a_global_model_spares_the_token_endpoint() -> None:
    injector = FaultInjector(FaultModel(error_rate=1.0))
    assert injector.model_for("POST", "oauth2/v2.0/token") is None
    assert injector.decide("POST", "oauth2/v2.0/token").kind is None
    assert injector.decide("POST", "product/pricing").kind == "error"


def test_faults_must_be_models() -> None:
    with pytest.raises(TypeError):
        FaultInjector({"product": 0.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        FaultInjector(0.5)  # type: ignore[arg-type]


def test_draws_are_seeded_and_exclusive() -> None:
    model = FaultModel(
        error_rate=0.1, throttle_rate=0.05, drop_rate=0.05, slow_body_rate=0.1, jitter=0.01
    )

    def run(seed: int) -> list[tuple[str | None, float, int]]:
        injector = FaultInjector(model, seed=seed)
        return [
            (d.kind, d.delay, d.status)
            for d in (injector.decide("POST", "product/pricing") for _ in range(20_000))
        ]

    first, again, other = run(1), run(1), run(2)
    assert first == again
    assert first != other
    kinds = Counter(kind for kind, _, _ in first)
    for kind, rate in (("error", 0.1), ("throttle", 0.05), ("drop", 0.05), ("slow_body", 0.1)):
        assert within_binomial(kinds[kind], 20_000, rate), (kind, kinds)
    assert {s for k, _, s in first if k == "error"} == {500, 502, 503}
    assert all(0 <= delay < 0.01 for _, delay, _ in first)


# -- over HTTP, in both modes ------------------------------------------------------------------


def requests_for(api: Api) -> int:
    return 2_000 if api.mode == "in-process" else 600  # loopback is slower; tolerance scales


async def price_many(api: Api, n: int) -> Counter[object]:
    outcomes: Counter[object] = Counter()
    number = api.sim.catalog.item_numbers[0]
    for _ in range(n):
        try:
            response = await api.pricing([{"ItemNumber": number, "Quantity": 1}])
        except (httpx.RemoteProtocolError, httpx.ReadError):
            outcomes["dropped"] += 1
        else:
            outcomes[response.status_code] += 1
    return outcomes


async def test_error_rate(open_api: OpenApi) -> None:
    sim = Simulator(
        api_layout="legacy", faults=FaultModel(error_rate=0.1, error_statuses=(500, 503))
    )
    async with open_api(sim) as api:
        n = requests_for(api)
        outcomes = await price_many(api, n)
    assert set(outcomes) == {200, 500, 503}
    assert within_binomial(outcomes[500] + outcomes[503], n, 0.1), outcomes
    errors = sim.requests.filter(fault="error")
    assert len(errors) == outcomes[500] + outcomes[503]


async def test_error_body_is_json(open_api: OpenApi) -> None:
    async with open_api(
        Simulator(api_layout="legacy", faults=FaultModel(error_rate=1.0, error_statuses=[502]))
    ) as api:
        response = await api.pricing([{"ItemNumber": "x", "Quantity": 1}])
    assert response.status_code == 502
    assert response.json() == {"statusCode": 502, "message": "Bad gateway (simulated fault)"}
    assert response.headers["Request-Id"]


async def test_throttle_rate_answers_429_with_retry_after(open_api: OpenApi) -> None:
    sim = Simulator(
        api_layout="legacy",
        faults={"product/": FaultModel(throttle_rate=0.2, throttle_retry_after=2.5)},
    )
    async with open_api(sim) as api:
        n = requests_for(api) // 2
        outcomes = await price_many(api, n)
        response = next(
            r for r in [await api.pricing([]) for _ in range(50)] if r.status_code == 429
        )
    assert within_binomial(outcomes[429], n, 0.2), outcomes
    assert response.headers["Retry-After"] == "3"
    assert response.headers["retry-after-ms"] == "2500"
    assert response.json()["statusCode"] == 429


async def test_drop_rate_raises_the_httpx_disconnect_error(open_api: OpenApi) -> None:
    sim = Simulator(api_layout="legacy", faults={"POST product/pricing": FaultModel(drop_rate=0.1)})
    async with open_api(sim) as api:
        n = requests_for(api) // 2
        outcomes = await price_many(api, n)
        assert (await api.get("customer/1000001")).status_code == 200  # other routes unharmed
    assert set(outcomes) == {200, "dropped"}
    assert within_binomial(outcomes["dropped"], n, 0.1), outcomes
    dropped = sim.requests.filter(fault="drop")
    assert len(dropped) == outcomes["dropped"]
    assert {r.status for r in dropped} == {0}


async def test_a_drop_is_exactly_a_server_disconnect(open_api: OpenApi) -> None:
    async with open_api(Simulator(api_layout="legacy", faults=FaultModel(drop_rate=1.0))) as api:
        with pytest.raises(httpx.RemoteProtocolError) as caught:
            await api.pricing([{"ItemNumber": "x", "Quantity": 1}])
    assert str(caught.value) == "Server disconnected without sending a response."


async def test_latency_and_jitter_are_added(open_api: OpenApi) -> None:
    sim = Simulator(
        api_layout="legacy", faults={"GET customer": FaultModel(latency=0.05, jitter=0.02)}
    )
    async with open_api(sim) as api:
        await api.headers()  # the token endpoint has no latency
        started = time.perf_counter()
        for _ in range(5):
            assert (await api.get("customer/1000001")).status_code == 200
        elapsed = time.perf_counter() - started
    assert 0.25 <= elapsed < 0.25 + 5 * 0.02 + 0.5
    durations = [r.duration for r in sim.requests.filter(path="customer/1000001")]
    assert all(0.05 <= d < 0.1 for d in durations)
    assert len(set(durations)) == 5


async def test_latency_counts_from_arrival_and_the_route_works_within_it(
    open_api: OpenApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The simulator's own work (building items, pricing) is part of the latency it models,
    # not added to it: an API's latency is its time to answer.
    sim = Simulator(api_layout="legacy", faults={"POST product/pricing": FaultModel(latency=0.3)})
    catalog_type = type(sim.catalog)
    price_line = catalog_type.price_line
    worked_at: list[float] = []

    def timed_price_line(self: object, *args: object, **kwargs: object) -> object:
        worked_at.append(time.monotonic())
        return price_line(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_type, "price_line", timed_price_line)
    async with open_api(sim) as api:
        item = sim.catalog.item_numbers[0]
        assert (await api.pricing([{"ItemNumber": item, "Quantity": 1}])).status_code == 200
    (record,) = sim.requests.filter(path="product/pricing")
    assert worked_at and worked_at[0] - record.started < 0.15  # at arrival, not after 0.3 s
    assert record.duration >= 0.3  # the answer still waits for the latency


async def test_slow_body_rate_and_delay(open_api: OpenApi) -> None:
    model = FaultModel(slow_body_rate=0.25, slow_body_delay=0.004, slow_body_chunks=3)
    sim = Simulator(api_layout="legacy", faults=model)
    async with open_api(sim) as api:
        n = requests_for(api) // 5
        outcomes = await price_many(api, n)
    assert outcomes == {200: n}  # a slow body is still a complete, valid answer
    slow = sim.requests.filter(fault="slow_body")
    assert within_binomial(len(slow), n, 0.25)
    assert all(r.duration >= 0.004 for r in slow)


async def test_slow_body_trickles_over_loopback() -> None:
    sim = Simulator(
        api_layout="legacy",
        faults=FaultModel(slow_body_rate=1.0, slow_body_delay=0.3, slow_body_chunks=4),
    )
    async with sim.serve() as url, httpx.AsyncClient(base_url=url) as http:
        bad_key = {"Ocp-Apim-Subscription-Key": "wrong"}
        async with http.stream("GET", "customer/1000001", headers=bad_key) as refused:
            assert refused.status_code == 401  # faults strike after auth: a 401 is not slowed
        api = Api(sim, http, "loopback")
        headers = await api.headers()
        number = sim.catalog.item_numbers[0]
        body = {"Lines": [{"ItemNumber": number, "Quantity": 1}]}
        started = time.perf_counter()
        async with http.stream(
            "POST", "product/pricing?customerNumber=1000001", json=body, headers=headers
        ) as response:
            headers_at = time.perf_counter() - started
            chunks = [chunk async for chunk in response.aiter_raw()]
        total = time.perf_counter() - started
    assert headers_at < 0.1
    assert total >= 0.3
    assert len(chunks) >= 2


async def test_after_action_error_keeps_the_effect(open_api: OpenApi) -> None:
    # The token endpoint has a visible effect (a token is issued) on which to show it.
    sim = Simulator(
        api_layout="legacy",
        faults={"oauth2/v2.0/token": FaultModel(error_rate=1.0, after_action=True)},
    )
    async with open_api(sim) as api:
        response = await api.http.post(
            "oauth2/v2.0/token",
            data={"grant_type": "client_credentials", "client_id": "test-id",
                  "client_secret": "test-secret"},
        )  # fmt: skip
    assert response.status_code in (500, 502, 503)
    assert sim.tokens_issued == 1  # the route ran: the token exists, but its answer was lost


async def test_after_action_drop_keeps_the_effect(open_api: OpenApi) -> None:
    sim = Simulator(
        api_layout="legacy", faults={"oauth2": FaultModel(drop_rate=1.0, after_action=True)}
    )
    async with open_api(sim) as api:
        with pytest.raises(httpx.RemoteProtocolError):
            await api.token()
    assert sim.tokens_issued == 1


async def test_before_action_fault_has_no_effect(open_api: OpenApi) -> None:
    sim = Simulator(api_layout="legacy", faults={"oauth2": FaultModel(error_rate=1.0)})
    async with open_api(sim) as api:
        with pytest.raises(AssertionError):
            await api.token()
    assert sim.tokens_issued == 0
    (record,) = sim.requests
    assert record.body["client_secret"] == "***"  # redacted even though the route never ran


async def test_faults_change_at_runtime(open_api: OpenApi) -> None:
    async with open_api() as api:
        assert (await api.get("customer/1000001")).status_code == 200
        api.sim.set_faults({"GET customer": FaultModel(error_rate=1.0, error_statuses=(503,))})
        assert (await api.get("customer/1000001")).status_code == 503
        api.sim.set_faults(None)
        assert (await api.get("customer/1000001")).status_code == 200
    assert api.sim.stats.fault_counts == {"error": 1}
