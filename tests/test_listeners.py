"""Client listeners (``client.add_listener``): every event of every call, through the public
API against the simulator."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from scansource_async import (
    CacheEvent,
    CallEndEvent,
    Event,
    NotFoundError,
    PriceCache,
    PricingLine,
    ProgressEvent,
    RateLimitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
    RetryPolicy,
    ScanSourceClient,
    ServerError,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from tests.helpers import pricing_records

KEY = "listener-subscription-key-5f1e2d3c4b5a"
CLIENT_ID = "listener-client"
SECRET = "listener-client-secret-9a8b7c6d5e4f"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


@pytest.fixture
def sim() -> Simulator:
    return Simulator(
        seed=5, catalog_size=2_000, subscription_keys=(KEY,), clients={CLIENT_ID: SECRET}
    )


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[ScanSourceClient]:
    async with sim.client(max_rate=100_000, retry=FAST) as connected:
        yield connected


def items(sim: Simulator, count: int) -> list[str]:
    return list(sim.catalog.item_numbers[100 : 100 + count])


def of_type(events: list[Event], kind: type) -> list[Event]:
    return [event for event in events if isinstance(event, kind)]


async def test_one_call_gives_request_response_and_call_end(
    sim: Simulator, client: ScanSourceClient
) -> None:
    events: list[Event] = []
    client.add_listener(events.append)
    await client.products.pricing(items(sim, 3))

    (request,) = of_type(events, RequestEvent)
    (response,) = of_type(events, ResponseEvent)
    (end,) = of_type(events, CallEndEvent)
    assert isinstance(request, RequestEvent)
    assert request.operation == "products.pricing"
    record = pricing_records(sim)[-1]
    assert (request.method, request.path, request.attempt) == ("POST", record.path, 1)
    assert request.items == 3
    assert isinstance(response, ResponseEvent)
    assert response.call_id == request.call_id == end.call_id
    assert (response.status_code, response.attempt, response.error) == (200, 1, None)
    assert response.latency > 0
    # The request id is the one the simulator logged for this request.
    assert response.request_id == record.request_id
    assert isinstance(end, CallEndEvent)
    assert (end.attempts, end.status_code, end.error, end.items) == (1, 200, None, 3)
    assert end.request_id == record.request_id
    assert end.duration >= response.latency
    # Order: request, then response, then the end of the call.
    assert events.index(request) < events.index(response) < events.index(end)


async def test_availability_calls_report_their_item_count(
    sim: Simulator, client: ScanSourceClient
) -> None:
    events: list[Event] = []
    client.add_listener(events.append)
    await client.products.availability(items(sim, 4))
    (end,) = of_type(events, CallEndEvent)
    assert (end.operation, end.items) == ("products.availability", 4)  # type: ignore[union-attr]
    await client.products.detail(items(sim, 1)[0])
    assert of_type(events, CallEndEvent)[-1].items is None  # type: ignore[union-attr]


async def test_retried_call_reports_each_attempt_and_the_retry(sim: Simulator) -> None:
    # Every pricing answer fails with 503 until the faults are lifted after two attempts.
    sim.set_faults({"POST product/pricing": FaultModel(error_rate=1.0, error_statuses=(503,))})
    events: list[Event] = []

    def lift_after_two_failures(event: Event) -> None:
        events.append(event)
        if isinstance(event, ResponseEvent) and event.attempt == 2:
            sim.set_faults(None)

    async with sim.client(max_rate=100_000, retry=FAST) as client:
        client.add_listener(lift_after_two_failures)
        await client.products.pricing(items(sim, 2))

    responses = of_type(events, ResponseEvent)
    assert [(r.attempt, r.status_code) for r in responses] == [(1, 503), (2, 503), (3, 200)]  # type: ignore[union-attr]
    retries = of_type(events, RetryEvent)
    assert [r.attempt for r in retries] == [1, 2]  # type: ignore[union-attr]
    assert {r.call_id for r in retries} == {responses[0].call_id}  # type: ignore[union-attr]
    (end,) = of_type(events, CallEndEvent)
    assert (end.attempts, end.status_code, end.error) == (3, 200, None)  # type: ignore[union-attr]


async def test_failed_call_ends_with_its_error(sim: Simulator, client: ScanSourceClient) -> None:
    events: list[Event] = []
    client.add_listener(events.append)
    with pytest.raises(NotFoundError):
        await client.products.detail("NO-SUCH-ITEM-1")
    (end,) = of_type(events, CallEndEvent)
    assert isinstance(end, CallEndEvent)
    assert (end.operation, end.status_code, end.error) == ("products.detail", 404, "NotFoundError")


async def test_exhausted_retries_end_with_a_server_error(sim: Simulator) -> None:
    sim.set_faults({"POST product/pricing": FaultModel(error_rate=1.0, error_statuses=(502,))})
    events: list[Event] = []
    async with sim.client(max_rate=100_000, retry=FAST, max_retries=1) as client:
        client.add_listener(events.append)
        with pytest.raises(ServerError):
            await client.products.pricing(items(sim, 1))
    (end,) = of_type(events, CallEndEvent)
    assert (end.attempts, end.status_code, end.error) == (2, 502, "ServerError")  # type: ignore[union-attr]


async def test_429_gives_a_rate_limit_event(sim: Simulator) -> None:
    events: list[Event] = []
    sim.set_faults(
        {"POST product/pricing": FaultModel(throttle_rate=1.0, throttle_retry_after=0.01)}
    )

    def lift(event: Event) -> None:
        events.append(event)
        if isinstance(event, RateLimitEvent):
            sim.set_faults(None)

    async with sim.client(max_rate=100_000, retry=FAST) as client:
        client.add_listener(lift)
        await client.products.pricing(items(sim, 1))
    (limited,) = of_type(events, RateLimitEvent)
    assert isinstance(limited, RateLimitEvent)
    assert limited.wait == pytest.approx(0.01)
    assert limited.operation == "products.pricing"
    assert [r.status_code for r in of_type(events, ResponseEvent)] == [429, 200]  # type: ignore[union-attr]


async def test_async_listeners_receive_events_too(sim: Simulator, client: ScanSourceClient) -> None:
    seen: list[Event] = []
    done = asyncio.Event()

    async def listener(event: Event) -> None:
        await asyncio.sleep(0)
        seen.append(event)
        if isinstance(event, CallEndEvent):
            done.set()

    client.add_listener(listener)
    await client.products.pricing(items(sim, 1))
    await asyncio.wait_for(done.wait(), 10)
    assert {type(event) for event in seen} == {RequestEvent, ResponseEvent, CallEndEvent}


async def test_a_failing_listener_is_logged_and_never_breaks_the_call(
    sim: Simulator, client: ScanSourceClient, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("listener bug")

    async def broken_async(event: Event) -> None:
        raise RuntimeError("async listener bug")

    client.add_listener(broken)
    client.add_listener(broken_async)
    healthy: list[Event] = []
    client.add_listener(healthy.append)
    with caplog.at_level(logging.ERROR, logger="scansource_async"):
        products = await client.products.pricing(items(sim, 2))
        await asyncio.sleep(0.05)  # let the async listener's task run
    assert len(products) == 2
    assert len(of_type(healthy, CallEndEvent)) == 1
    messages = [record.getMessage() for record in caplog.records]
    assert any("broken" in message and "failed" in message for message in messages)
    assert any("broken_async" in message for message in messages)


async def test_remove_listener_stops_events(sim: Simulator, client: ScanSourceClient) -> None:
    events: list[Event] = []
    client.add_listener(events.append)
    await client.products.pricing(items(sim, 1))
    count = len(events)
    client.remove_listener(events.append)
    client.remove_listener(events.append)  # removing twice is harmless
    await client.products.pricing(items(sim, 1))
    assert len(events) == count


async def test_listeners_are_shared_with_option_copies(
    sim: Simulator, client: ScanSourceClient
) -> None:
    events: list[Event] = []
    client.add_listener(events.append)
    await client.with_options(deadline=30).products.pricing(items(sim, 1))
    assert len(of_type(events, CallEndEvent)) == 1


def test_a_listener_must_be_callable(sim: Simulator) -> None:
    client = sim.client()
    with pytest.raises(ValidationError):
        client.add_listener("not a function")  # type: ignore[arg-type]


async def test_bulk_jobs_report_progress_to_listeners(
    sim: Simulator, client: ScanSourceClient
) -> None:
    events: list[Event] = []
    job_events: list[Event] = []
    client.add_listener(events.append)
    sheet = await client.products.price_many(
        items(sim, 100), chunk_size=20, on_progress=job_events.append
    )
    assert len(sheet.ok) == 100
    progress = of_type(events, ProgressEvent)
    assert len(progress) == 5
    assert progress[-1].items_done == 100  # type: ignore[union-attr]
    # The job's own callback still gets its progress, once per chunk, and no per-attempt events.
    assert len(of_type(job_events, ProgressEvent)) == 5
    assert {type(event) for event in job_events} <= {ProgressEvent, RetryEvent, RateLimitEvent}
    assert len(of_type(events, CallEndEvent)) == 5


async def test_a_listener_added_mid_job_hears_the_rest_of_its_progress(
    sim: Simulator, client: ScanSourceClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[ProgressEvent] = []
    original = ProgressEvent.__init__

    def counting_init(self: ProgressEvent, **fields: object) -> None:
        original(self, **fields)  # type: ignore[arg-type]
        built.append(self)

    monkeypatch.setattr(ProgressEvent, "__init__", counting_init)
    events: list[Event] = []
    lines = [PricingLine(item) for item in items(sim, 100)]
    async with client.products.stream_prices(lines, chunk_size=20, max_in_flight=1) as stream:
        async for result in stream:
            if result.index == 39:  # two chunks answered, nobody listening: nothing built
                assert built == []
                client.add_listener(events.append)
    progress = of_type(events, ProgressEvent)
    assert [event.items_done for event in progress] == [60, 80, 100]  # type: ignore[attr-defined]
    assert built == progress


async def test_cache_lookups_are_reported(sim: Simulator) -> None:
    events: list[Event] = []
    async with sim.client(max_rate=100_000, price_cache=PriceCache(ttl=60)) as client:
        client.add_listener(events.append)
        lines = [PricingLine(item) for item in items(sim, 3)]
        await client.products.pricing(lines)
        await client.products.pricing(lines)
    first, second = of_type(events, CacheEvent)
    assert (first.hits, first.misses) == (0, 3)  # type: ignore[union-attr]
    assert (second.hits, second.misses) == (3, 0)  # type: ignore[union-attr]
    assert len(of_type(events, CallEndEvent)) == 1


async def test_events_carry_no_secret(sim: Simulator) -> None:
    events: list[Event] = []
    sim.set_faults({"POST product/pricing": FaultModel(error_rate=0.5, error_statuses=(503,))})
    async with sim.client(max_rate=100_000, retry=FAST, price_cache=PriceCache()) as client:
        client.add_listener(events.append)
        await client.products.price_many(items(sim, 200), chunk_size=10)
        await asyncio.gather(*(client.products.price(item) for item in items(sim, 50)))
        with pytest.raises(NotFoundError):
            await client.products.detail("NO-SUCH-ITEM-2")
        token = client.pipeline._tokens.current if client.pipeline._tokens else None
    assert token
    assert {type(event) for event in events} >= {
        RequestEvent,
        ResponseEvent,
        RetryEvent,
        CallEndEvent,
        ProgressEvent,
        CacheEvent,
    }
    text = "\n".join(repr(event) for event in events)
    for secret in (KEY, SECRET, token):
        assert secret not in text
