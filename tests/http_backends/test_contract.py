"""The transport contract, held by both HTTP backends against the simulator over loopback:
auth, retries, the 429 pause, deadlines, cancellation leaving no pool slot, the size cap,
typed errors and redaction of the libraries' loggers."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from scansource_async import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    DeadlineExceededError,
    PricingLine,
    ResponseTooLargeError,
    RetryPolicy,
    ScanSourceClient,
    Timeout,
)
from scansource_async.testing import FaultModel, Simulator

FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)
KEY = "contract-subscription-key-0123"
SECRET = "contract-client-secret-9876543210"


def simulator(**options: object) -> Simulator:
    settings: dict[str, object] = {
        "seed": 3,
        "catalog_size": 500,
        "subscription_keys": (KEY,),
        "clients": {"contract-client": SECRET},
    }
    settings.update(options)
    return Simulator(**settings)  # type: ignore[arg-type]


def pricing_body(sim: Simulator, count: int = 1) -> dict[str, object]:
    lines = [{"ItemNumber": item, "Quantity": 1} for item in sim.catalog.item_numbers[:count]]
    return {"CustomerNumber": sim.customer_number, "Lines": lines}


async def test_auth_sends_the_key_and_one_shared_token(backend: str) -> None:
    sim = simulator()
    async with sim.serve() as url, sim.client(url, http_backend=backend) as client:
        assert client.pipeline.backend == backend
        items = sim.catalog.item_numbers[:5]
        results = await asyncio.gather(*(client.products.pricing([PricingLine(i)]) for i in items))
        assert [r[0].item_number for r in results] == items
        assert client.pipeline.token_fetches == 1
        assert client.stats.requests == 5  # token requests are not API requests


async def test_a_wrong_key_is_an_authentication_error(backend: str) -> None:
    sim = simulator(clients={})
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, subscription_key="not-the-right-key-42") as client,
    ):
        with pytest.raises(AuthenticationError) as info:
            await client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim))
        assert info.value.status_code == 401


async def test_server_errors_and_dropped_connections_are_retried(backend: str) -> None:
    sim = simulator()
    sim.set_faults(FaultModel(error_rate=0.25, error_statuses=(502, 503), drop_rate=0.15), seed=7)
    async with (
        sim.serve() as url,
        sim.client(
            url, http_backend=backend, retry=FAST_RETRY, max_retries=8, max_rate=10_000
        ) as client,
    ):
        results = await asyncio.gather(
            *(
                client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim))
                for _ in range(40)
            )
        )
        assert all(r[0]["ItemNumber"] == sim.catalog.item_numbers[0] for r in results)
        assert client.stats.retries > 0
        assert client.stats.failures == 0


async def test_a_429_pauses_the_client_and_every_call_succeeds(backend: str) -> None:
    sim = simulator()
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, retry=FAST_RETRY, max_rate=10_000) as client,
    ):
        sim.throttle(0.3)
        results = await asyncio.gather(
            *(
                client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim))
                for _ in range(10)
            )
        )
        assert len(results) == 10
        assert client.stats.rate_limited >= 1
        assert client.pipeline.rate_limiter.stats.pauses >= 1


async def test_the_deadline_cuts_a_slow_call(backend: str) -> None:
    sim = simulator()
    sim.set_faults(FaultModel(latency=1.5))
    async with sim.serve() as url, sim.client(url, http_backend=backend) as client:
        started = asyncio.get_running_loop().time()
        with pytest.raises(DeadlineExceededError):
            await client.request(
                "POST", "scsc/product/v2/pricing", json=pricing_body(sim), deadline=0.2
            )
        assert asyncio.get_running_loop().time() - started < 1.5
        assert client.pipeline.in_flight == 0


async def test_cancelled_calls_leave_no_busy_connection(backend: str) -> None:
    sim = simulator(clients={})
    sim.set_faults(FaultModel(latency=0.01, jitter=0.01))
    options = {"max_rate": 100_000, "max_in_flight": 8, "timeout": Timeout(pool=1.0, read=5.0)}
    async with sim.serve() as url, sim.client(url, http_backend=backend, **options) as client:
        body = pricing_body(sim)
        for trial in range(6):
            tasks = [
                asyncio.create_task(client.request("POST", "scsc/product/v2/pricing", json=body))
                for _ in range(30)
            ]
            await asyncio.sleep(0.005 + 0.006 * trial)  # cancel at varied points of the exchange
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0)  # let connections that were closed finish closing
            assert client.pipeline.connections_in_use() == 0, f"trial {trial}"
            assert client.pipeline.in_flight == 0
        # Six rounds of cancellations would have used up the 12-connection pool many times.
        results = await asyncio.gather(
            *(client.request("POST", "scsc/product/v2/pricing", json=body) for _ in range(24))
        )
        assert len(results) == 24


async def test_a_body_over_the_cap_is_a_response_too_large_error_not_retried(
    backend: str,
) -> None:
    sim = simulator(clients={})
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, max_response_bytes=3000, retry=FAST_RETRY) as client,
    ):
        small = await client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim, 1))
        assert len(small) == 1
        with pytest.raises(ResponseTooLargeError) as info:
            await client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim, 20))
        assert info.value.limit == 3000
        assert info.value.status_code == 200
        assert client.stats.requests == 2  # not retried
        # The connection it left unread is not reused: the next call still works.
        assert (
            len(await client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim)))
            == 1
        )


async def test_a_refused_connection_is_an_unsent_connection_error(backend: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ScanSourceClient(
        subscription_key=KEY,
        base_url=f"http://127.0.0.1:{port}/",
        http_backend=backend,
        retry=FAST_RETRY,
        max_retries=1,
    ) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.request("GET", "customer")
        assert not info.value.sent
        assert client.stats.requests == 2


async def test_a_slow_body_is_a_read_timeout(backend: str) -> None:
    sim = simulator(clients={})
    sim.set_faults(FaultModel(slow_body_rate=1.0, slow_body_delay=1.0, slow_body_chunks=2))
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, timeout=Timeout(read=0.1), max_retries=0) as client,
    ):
        with pytest.raises(APITimeoutError) as info:
            await client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim))
        assert info.value.sent


async def test_no_library_logs_a_secret(backend: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "aiohttp", "aiohttp.client", "scansource_async"):
        caplog.set_level(logging.DEBUG, logger=name)
    sim = simulator()
    sim.set_faults(FaultModel(error_rate=0.3, error_statuses=(503,), drop_rate=0.2), seed=1)
    async with (
        sim.serve() as url,
        sim.client(url, http_backend=backend, retry=FAST_RETRY, max_retries=6) as client,
    ):
        await asyncio.gather(
            *(
                client.request("POST", "scsc/product/v2/pricing", json=pricing_body(sim))
                for _ in range(10)
            )
        )
        token = client.pipeline._tokens.current  # type: ignore[union-attr]
    assert token
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST scsc/product/v2/pricing" in text  # the log was captured
    for secret in (KEY, SECRET, token):
        assert secret not in text
