"""Closing a client ends every call in progress with ClientClosedError, wherever it waits
(the rate limiter, the in-flight cap, the token); one client belongs to one event loop."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from scansource_async import (
    ClientClosedError,
    EventLoopMismatchError,
    ScanSourceClient,
    ScanSourceError,
)
from scansource_async.testing import FaultModel, Simulator

KEY = "lifecycle-subscription-key-42"


def simulator(**options: object) -> Simulator:
    settings: dict[str, object] = {"seed": 5, "catalog_size": 200, "subscription_keys": (KEY,)}
    settings.update(options)
    return Simulator(**settings)  # type: ignore[arg-type]


def body(sim: Simulator) -> dict[str, object]:
    item = sim.catalog.item_numbers[0]
    return {"CustomerNumber": sim.customer_number, "Lines": [{"ItemNumber": item, "Quantity": 1}]}


async def close_mid_way(client: ScanSourceClient, sim: Simulator, calls: int) -> Counter[str]:
    """Start ``calls`` calls, close the client once a few have finished, and count outcomes."""
    tasks = [
        asyncio.create_task(client.request("POST", "scsc/product/v2/pricing", json=body(sim)))
        for _ in range(calls)
    ]
    for _ in range(200):  # bounded: at most 2 s for the first calls to finish
        if sum(task.done() for task in tasks) >= 3:
            break
        await asyncio.sleep(0.01)
    await client.aclose()
    outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    return Counter(
        "ok" if isinstance(outcome, list) else type(outcome).__name__ for outcome in outcomes
    )


async def test_a_thousand_calls_waiting_for_the_rate_limiter_all_end_closed(
    backend: str,
) -> None:
    sim = simulator(clients={})
    async with sim.serve() as url:
        client = sim.client(url, http_backend=backend, max_rate=20)
        outcomes = await close_mid_way(client, sim, 1000)
    assert set(outcomes) == {"ok", "ClientClosedError"}, outcomes
    assert outcomes["ClientClosedError"] >= 900
    with pytest.raises(ClientClosedError):
        await client.request("POST", "scsc/product/v2/pricing", json=body(sim))


async def test_calls_waiting_for_the_in_flight_cap_end_closed(backend: str) -> None:
    sim = simulator(clients={})
    sim.set_faults(FaultModel(latency=0.05))
    async with sim.serve() as url:
        client = sim.client(url, http_backend=backend, max_rate=10_000, max_in_flight=2)
        outcomes = await close_mid_way(client, sim, 200)
    assert set(outcomes) == {"ok", "ClientClosedError"}, outcomes
    assert outcomes["ClientClosedError"] >= 150
    assert client.pipeline.in_flight == 0


async def test_calls_waiting_for_the_token_end_closed(backend: str) -> None:
    sim = simulator()
    # A slow token endpoint: every call queues behind the one token request.
    sim.set_faults({"oauth2": FaultModel(latency=1.0)})
    async with sim.serve() as url:
        client = sim.client(url, http_backend=backend, max_rate=10_000)
        tasks = [
            asyncio.create_task(client.request("POST", "scsc/product/v2/pricing", json=body(sim)))
            for _ in range(100)
        ]
        await asyncio.sleep(0.2)
        await client.aclose()
        outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    assert all(isinstance(outcome, ClientClosedError) for outcome in outcomes)


async def test_a_caller_cancelling_while_the_client_closes_stays_cancelled(backend: str) -> None:
    sim = simulator(clients={})
    async with sim.serve() as url:
        client = sim.client(url, http_backend=backend, max_rate=1)
        await client.request(
            "POST", "scsc/product/v2/pricing", json=body(sim)
        )  # empties the bucket
        task = asyncio.create_task(
            client.request("POST", "scsc/product/v2/pricing", json=body(sim))
        )
        await asyncio.sleep(0.05)
        task.cancel()  # the caller's own cancellation, then the close
        await client.aclose()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_another_event_loop_gets_a_typed_error(backend: str) -> None:
    sim = simulator(clients={})
    async with sim.serve() as url, sim.client(url, http_backend=backend) as client:
        await client.request("POST", "scsc/product/v2/pricing", json=body(sim))

        def from_a_thread() -> object:
            return asyncio.run(client.request("POST", "scsc/product/v2/pricing", json=body(sim)))

        with pytest.raises(EventLoopMismatchError, match="one client belongs to one event loop"):
            await asyncio.to_thread(from_a_thread)
        # Its own loop is not disturbed.
        assert await client.request("POST", "scsc/product/v2/pricing", json=body(sim))


def test_a_second_asyncio_run_gets_a_typed_error() -> None:
    sim = simulator(clients={})
    client = sim.client()  # in-process transport

    async def price() -> object:
        return await client.request("POST", "scsc/product/v2/pricing", json=body(sim))

    assert asyncio.run(price())
    with pytest.raises(ScanSourceError, match="one client belongs to one event loop"):
        asyncio.run(price())
    asyncio.run(client.aclose())  # from the wrong loop: marks it closed, touches nothing
    with pytest.raises(ClientClosedError):
        asyncio.run(price())


async def test_a_thousand_price_calls_on_a_client_closed_mid_way_end_closed(backend: str) -> None:
    sim = simulator(clients={}, catalog_size=1200)
    items = sim.catalog.item_numbers[:1000]
    async with sim.serve() as url:
        # One request a second: the first coalesced request answers, the rest wait.
        client = sim.client(url, http_backend=backend, max_rate=1, max_in_flight=2)
        tasks = [asyncio.create_task(client.products.price(item)) for item in items]
        for _ in range(300):  # bounded: at most 3 s for the first calls to finish
            if any(task.done() for task in tasks):
                break
            await asyncio.sleep(0.01)
        await client.aclose()
        outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    failures = Counter(type(o).__name__ for o in outcomes if isinstance(o, BaseException))
    assert set(failures) == {"ClientClosedError"}, failures
    assert failures["ClientClosedError"] >= 900
