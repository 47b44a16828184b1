"""Cancelled requests must not leak httpcore pool slots (encode/httpcore#1093)."""

from __future__ import annotations

import asyncio

import pytest

from scansource_async import Timeout
from scansource_async.testing import FaultModel, Simulator


async def test_cancelled_requests_leave_no_busy_connection_and_the_pool_keeps_working() -> None:
    sim = Simulator(seed=1, clients={})
    sim.set_faults(FaultModel(latency=0.01, jitter=0.01))
    item = sim.catalog.item_numbers[0]
    body = {"CustomerNumber": sim.customer_number, "Lines": [{"ItemNumber": item, "Quantity": 1}]}
    options = {"max_rate": 100_000, "max_in_flight": 8, "timeout": Timeout(pool=1.0, read=5.0)}
    async with sim.serve() as base_url, sim.client(base_url, **options) as client:

        async def price() -> object:
            return await client.request("POST", "scsc/product/v2/pricing", json=body)

        for trial in range(12):
            tasks = [asyncio.create_task(price()) for _ in range(40)]
            await asyncio.sleep(0.005 + 0.004 * trial)  # cancel at varied points of the exchange
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            assert client.pipeline.connections_in_use() == 0, f"trial {trial}"
            assert client.pipeline.in_flight == 0

        # 12 rounds of cancellations would have used up the 12-connection pool many times over.
        results = await asyncio.gather(*(price() for _ in range(30)))
        assert all(isinstance(r, list) and r[0]["ItemNumber"] == item for r in results)


# -- the canary: httpcore's internals as the repair expects them --------------------------------


async def test_canary_httpcore_pool_internals_have_the_shape_the_repair_relies_on() -> None:
    """Fails when an httpcore release changes what the repair edits: then re-check the repair
    against that release before widening the httpcore pin in pyproject.toml."""
    import httpx

    from scansource_async._http._pool_repair import (
        ATTEMPT_EXTENSION,
        PoolRepair,
        _describe_connection,
        _describe_entry,
        describe_shape,
    )

    started = asyncio.Event()

    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        started.set()
        await asyncio.sleep(30)  # never answers; cancelled below

    server = await asyncio.start_server(stall, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    transport = httpx.AsyncHTTPTransport()
    marker = object()
    try:
        async with httpx.AsyncClient(transport=transport) as http:
            request = http.build_request(
                "GET", f"http://127.0.0.1:{port}/", extensions={ATTEMPT_EXTENSION: marker}
            )
            task = asyncio.create_task(http.send(request))
            await asyncio.wait_for(started.wait(), 10)
            assert describe_shape(transport) is None
            pool = transport._pool
            assert len(pool._requests) == 1 and len(pool._connections) == 1
            entry = pool._requests[0]
            assert _describe_entry(entry) is None
            assert entry.request.extensions[ATTEMPT_EXTENSION] is marker
            assert _describe_connection(pool._connections[0]) is None
            assert not pool._connections[0].is_idle()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            repair = PoolRepair(transport)
            repair.reclaim(marker)
            assert repair.enabled
            assert pool._requests == [] and pool._connections == []
    finally:
        server.close()


class _OddPool:
    def __init__(self) -> None:
        self._requests = None  # not a list: some other httpcore
        self._connections: list[object] = []


class _OddTransport:
    _pool = _OddPool()


def test_an_unexpected_shape_logs_once_and_turns_the_repair_off(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scansource_async._http import _pool_repair

    monkeypatch.setattr(_pool_repair, "_warned", False)
    first, second = (
        _pool_repair.PoolRepair(_OddTransport()),
        _pool_repair.PoolRepair(_OddTransport()),
    )
    with caplog.at_level("WARNING", logger="scansource_async"):
        assert first.reclaim(object()) == 0
        assert second.reclaim(object()) == 0
        assert first.reclaim(object()) == 0
    assert not first.enabled and not second.enabled
    warnings = [r for r in caplog.records if "not shaped as expected" in r.getMessage()]
    assert len(warnings) == 1


async def test_a_repair_that_fails_never_replaces_the_callers_cancellation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scansource_async._http import _pool_repair

    def explode(self: object, marker: object) -> int:
        raise AttributeError("httpcore moved things")

    monkeypatch.setattr(_pool_repair.PoolRepair, "_reclaim", explode)
    monkeypatch.setattr(_pool_repair, "_warned", False)
    sim = Simulator(seed=1, clients={})
    sim.set_faults(FaultModel(latency=1.0))
    item = sim.catalog.item_numbers[0]
    body = {"CustomerNumber": sim.customer_number, "Lines": [{"ItemNumber": item, "Quantity": 1}]}
    async with sim.serve() as base_url, sim.client(base_url) as client:
        task = asyncio.create_task(client.request("POST", "scsc/product/v2/pricing", json=body))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not client.pipeline._http._repair.enabled  # type: ignore[attr-defined]
