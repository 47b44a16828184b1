"""System Central logs through the public client against the simulator."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scansource_async import NotFoundError, ScanSourceClient, SystemCentralStatus
from scansource_async.testing import Simulator

from .helpers import sent


async def test_summary_pages_across_four_pages(sim: Simulator, client: ScanSourceClient) -> None:
    path = f"systemcentral/summary/{sim.customer_number}"
    pages = [page async for page in client.system_central.summary(page_size=40).pages()]
    assert [len(p.items) for p in pages] == [40, 40, 40, 10]
    assert sent(sim, "GET", path) == 4
    records = sim.requests.filter(operation="system_central.summary")
    assert [r.query["page"] for r in records] == ["1", "2", "3", "4"]
    logs = [log for page in pages for log in page.items]
    assert len({log.log_number for log in logs}) == 130
    log = logs[0]
    assert isinstance(log.created_date, datetime)
    assert isinstance(log.last_updated_date, datetime)
    assert isinstance(log.estimated_completion_date, date)
    assert isinstance(log.status, SystemCentralStatus)
    assert log.status is not SystemCentralStatus.UNKNOWN
    assert log.po_number
    assert log.sales_order_number


async def test_filters(client: ScanSourceClient) -> None:
    done = await client.system_central.summary(status=SystemCentralStatus.COMPLETED).to_list()
    assert done
    assert all(log.status is SystemCentralStatus.COMPLETED for log in done)
    one = done[0]
    assert [
        log.log_number
        for log in await client.system_central.summary(log_number=one.log_number).to_list()
    ] == [one.log_number]
    assert one.created_date is not None
    day = one.created_date.date()
    same_day = await client.system_central.summary(from_date=day, to_date=day).to_list()
    assert one.log_number in [log.log_number for log in same_day]


async def test_unknown_customer_is_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError, match="Customer '77' not found"):
        await client.system_central.summary(customer_number="77").to_list()
