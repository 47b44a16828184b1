"""Helpers of the resource tests: a client of a simulator, real item numbers, a valid order,
and the count of requests the simulator received. (Fixtures live in conftest.py.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scansource_async import (
    Address,
    OrderLine,
    RetryPolicy,
    SalesOrderRequest,
    ScanSourceClient,
    ShippingInfo,
)
from scansource_async.testing import Simulator

SEED = 11
CATALOG_SIZE = 5_000
FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


def client_of(sim: Simulator, **options: Any) -> ScanSourceClient:
    """A client of ``sim`` without pacing (tests send bursts) and with millisecond backoff."""
    settings: dict[str, Any] = {"max_rate": 100_000, "retry": FAST_RETRY}
    settings.update(options)
    return sim.client(**settings)


def items(sim: Simulator, count: int = 2, start: int = 10) -> list[str]:
    """Real catalog item numbers."""
    return [sim.catalog.item_numbers[start + n] for n in range(count)]


STORE_ADDRESS = Address(
    name="Northwind Store 12",
    attn="Receiving",
    street1="12 Market St",
    city="Greenville",
    state="SC",
    postal_code="29601",
    country="US",
)


def order_request(
    sim: Simulator,
    po_number: str,
    item_numbers: Sequence[str] = (),
    *,
    reference_number: str | None = None,
) -> SalesOrderRequest:
    """A valid order for real catalog items."""
    return SalesOrderRequest(
        business_unit=1712,
        po_number=po_number,
        reference_number=reference_number,
        shipping=ShippingInfo(service_level_code="UPSGND", address=STORE_ADDRESS),
        lines=[
            OrderLine(part_number=number, quantity=n + 1)
            for n, number in enumerate(item_numbers or items(sim))
        ],
    )


async def place(client: ScanSourceClient, sim: Simulator, po_number: str, **options: Any) -> str:
    """Create an order and return its number (found by PO number: the gateway returns none)."""
    submitted = await client.sales_orders.create(order_request(sim, po_number), **options)
    assert submitted.received, submitted.errors
    found = await client.sales_orders.wait_for(
        po_number=po_number,
        customer_number=options.get("customer_number"),
        timeout=30,
        poll_interval=0.05,
    )
    assert found.order_number
    return found.order_number


def sent(sim: Simulator, method: str, path: str) -> int:
    """How many requests the simulator received for ``METHOD path``, the path written as in
    the seeds (the legacy layout) whatever layout the simulator serves."""
    router = sim.state.router
    return sum(
        1
        for r in sim.requests
        if r.method == method and router.legacy_path(r.method, r.path, r.query) == path
    )
