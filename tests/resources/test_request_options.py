"""Per-call ``timeout``, ``deadline`` and ``max_retries`` against the simulator: each reaches
the requests of the call it was given to (every page of a paginator, every request of a bulk
job), overrides the client's setting for that call only, and is checked before anything is
sent."""

from __future__ import annotations

from typing import Any

import pytest

from scansource_async import (
    NOT_GIVEN,
    APITimeoutError,
    DeadlineExceededError,
    OutcomeUnknownError,
    RequestEvent,
    RetryPolicy,
    ServerError,
    ValidationError,
    WebhookEvent,
    WebhookRequest,
)
from scansource_async.testing import FaultModel, Simulator

from .helpers import client_of, items, order_request

ALWAYS_503 = FaultModel(error_rate=1.0, error_statuses=(503,))
RETRIES = 3  # the client's default in these tests


async def test_max_retries_zero_fails_a_503_at_once_while_the_client_default_retries(
    sim: Simulator,
) -> None:
    async with client_of(sim, max_retries=RETRIES) as client:
        await client.customers.get()  # a token, so only API requests are counted below
        sim.set_faults(ALWAYS_503)

        before = client.stats.requests
        with pytest.raises(ServerError):
            await client.customers.get(max_retries=0)
        assert client.stats.requests - before == 1

        before = client.stats.requests
        with pytest.raises(ServerError):
            await client.customers.get()
        assert client.stats.requests - before == 1 + RETRIES

        before = client.stats.requests
        with pytest.raises(ServerError):
            await client.customers.get(max_retries=1)
        assert client.stats.requests - before == 2


async def test_per_call_timeout_ends_a_slow_response(sim: Simulator) -> None:
    # Over loopback, so the read timeout is the HTTP library's own.
    async with sim.serve() as url, client_of(sim, base_url=url, timeout=30) as client:
        await client.customers.get()
        sim.set_faults(FaultModel(latency=2.0))  # ten times the per-call timeout
        with pytest.raises(APITimeoutError):
            await client.customers.get(timeout=0.2, max_retries=0)
        sim.set_faults(None)
        customer = await client.customers.get(timeout=5)
        assert customer.customer_number == sim.customer_number


async def test_per_call_deadline_ends_a_call_that_would_retry(sim: Simulator) -> None:
    slow_retry = RetryPolicy(max_retries=20, backoff_base=0.05, backoff_cap=0.05)
    async with client_of(sim, retry=slow_retry) as client:
        await client.customers.get()
        sim.set_faults(FaultModel(latency=0.1, error_rate=1.0, error_statuses=(503,)))
        before = client.stats.requests
        with pytest.raises(DeadlineExceededError):
            await client.customers.get(deadline=0.3)
        # Twenty retries would take over three seconds; the deadline ended the call first.
        assert 1 <= client.stats.requests - before < 1 + 20


async def test_options_of_a_paginator_reach_every_page(sim: Simulator) -> None:
    requests: list[RequestEvent] = []

    def fail_from_the_second_request(event: Any) -> None:
        if isinstance(event, RequestEvent) and event.operation == "products.search":
            requests.append(event)
            if len(requests) == 2:  # page 2 is on its way: it gets a 503, then every retry too
                sim.set_faults(ALWAYS_503)

    async with client_of(sim, max_retries=RETRIES) as client:
        client.add_listener(fail_from_the_second_request)
        seen: list[object] = []

        async def read_all() -> None:
            async for result in client.products.search(page_size=5, max_pages=3, max_retries=0):
                seen.append(result)

        with pytest.raises(ServerError):
            await read_all()
        assert len(requests) == 2  # page 1, then page 2 once: not retried
        assert len(seen) == 5

        requests.clear()
        sim.set_faults(None)
        with pytest.raises(ServerError):
            async for _ in client.products.search(page_size=5, max_pages=3):
                pass
        assert len(requests) == 2 + RETRIES  # without the option, page 2 is retried


async def test_a_create_is_never_retried_whatever_max_retries_says(sim: Simulator) -> None:
    async with client_of(sim) as client:
        await client.customers.get()
        sim.set_faults(ALWAYS_503)
        before = client.stats.requests
        with pytest.raises(OutcomeUnknownError):
            await client.sales_orders.create(order_request(sim, "PO-OPT-1"), max_retries=5)
        with pytest.raises(OutcomeUnknownError):
            await client.webhooks.subscribe(
                WebhookRequest(
                    event_type=WebhookEvent.SALES_ORDER_SHIPPED,
                    callback_url="https://hooks.example.com/x",
                ),
                max_retries=5,
            )
        assert client.stats.requests - before == 2


async def test_bulk_jobs_apply_timeout_and_max_retries_to_each_request(sim: Simulator) -> None:
    lines = items(sim, 6)
    async with client_of(sim, chunk_size=2, max_retries=RETRIES) as client:
        await client.customers.get()
        sim.set_faults({"POST product/pricing": ALWAYS_503})
        before = client.stats.requests
        sheet = await client.products.price_many(lines, max_retries=0, max_in_flight=1)
        assert not sheet.ok
        assert all(isinstance(result.error, ServerError) for result in sheet)
        no_retry = client.stats.requests - before

        before = client.stats.requests
        sheet = await client.products.price_many(lines, max_in_flight=1)
        assert all(isinstance(result.error, ServerError) for result in sheet)
        assert client.stats.requests - before == no_retry * (1 + RETRIES)

        sim.set_faults(None)
        sheet = await client.products.price_many(lines, timeout=10, max_retries=0)
        assert sheet.ok


async def test_the_deadline_of_a_bulk_job_is_the_job_deadline(sim: Simulator) -> None:
    async with client_of(sim, chunk_size=1) as client:
        sim.set_faults(FaultModel(latency=0.2))
        sheet = await client.products.price_many(items(sim, 20), deadline=0.5, max_in_flight=1)
        # The job ended on time: most lines were never attempted, none raised.
        assert len(sheet) == 20
        assert sheet.not_attempted


async def test_client_request_and_with_options_take_the_same_options(sim: Simulator) -> None:
    async with client_of(sim, max_retries=RETRIES) as client:
        path = f"customer/{sim.customer_number}"
        await client.customers.get()
        sim.set_faults(ALWAYS_503)
        before = client.stats.requests
        with pytest.raises(ServerError):
            await client.request("GET", path, max_retries=0)
        assert client.stats.requests - before == 1

        no_retries = client.with_options(max_retries=0)
        assert no_retries.config.retry.max_retries == 0
        assert client.with_options(timeout=NOT_GIVEN).config == client.config
        before = client.stats.requests
        with pytest.raises(ServerError):
            await no_retries.customers.get()
        assert client.stats.requests - before == 1
        before = client.stats.requests
        with pytest.raises(ServerError):
            await no_retries.customers.get(max_retries=2)  # the call's option wins
        assert client.stats.requests - before == 3


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_retries", -1),
        ("max_retries", True),
        ("max_retries", 1.5),
        ("max_retries", None),
        ("timeout", 0),
        ("timeout", -1.0),
        ("timeout", "5"),
        ("deadline", 0),
        ("deadline", float("nan")),
        ("deadline", True),
    ],
)
async def test_bad_options_are_refused_before_anything_is_sent(
    sim: Simulator, option: str, value: Any
) -> None:
    async with client_of(sim) as client:
        calls = [
            lambda: client.customers.get(**{option: value}),
            lambda: client.products.price_many(items(sim, 2), **{option: value}),
            lambda: client.request("GET", "customer/1", **{option: value}),
        ]
        for call in calls:
            with pytest.raises(ValidationError, match=option):
                await call()
        with pytest.raises(ValidationError, match=option):
            client.invoices.summary(**{option: value})  # a paginator: refused when made
        assert len(sim.requests) == 0
