"""Cancelled requests must not leak httpcore pool slots (encode/httpcore#1093)."""

from __future__ import annotations

import asyncio

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
            assert client.transport.connections_in_use() == 0, f"trial {trial}"
            assert client.transport.in_flight == 0

        # 12 rounds of cancellations would have used up the 12-connection pool many times over.
        results = await asyncio.gather(*(price() for _ in range(30)))
        assert all(isinstance(r, list) and r[0]["ItemNumber"] == item for r in results)
