"""RMAs through the public client against the simulator."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from scansource_async import (
    BadRequestError,
    Invoice,
    OutcomeUnknownError,
    RmaLineRequest,
    RmaRequest,
    RmaStatus,
    ScanSourceClient,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import client_of, sent


async def _invoice(client: ScanSourceClient) -> Invoice:
    number = (await client.invoices.summary(page_size=1, max_pages=1).to_list())[0].invoice_number
    assert number
    return await client.invoices.detail(number)


async def test_create(sim: Simulator, client: ScanSourceClient) -> None:
    invoice = await _invoice(client)
    line = invoice.invoice_lines[0]
    assert line.item_number
    request = RmaRequest(
        invoice_number=invoice.invoice_number or "",
        reason="Defective",
        lines=[
            RmaLineRequest(item_number=line.item_number, serial_numbers=line.serial_numbers[:1])
        ],
        contact_email="returns@example.com",
    )
    rma = await client.rmas.create(request)
    assert rma.rma_number
    assert rma.rma_number.startswith("RMA")
    assert rma.status is RmaStatus.OPEN
    assert rma.invoice_number == invoice.invoice_number
    assert rma.sales_order_number == invoice.sales_order_number
    assert isinstance(rma.created_date, datetime)
    assert rma.lines[0].item_number == line.item_number
    assert rma.lines[0].quantity == 1
    assert rma.lines[0].unit_price == line.unit_price
    assert isinstance(rma.lines[0].unit_price, Decimal)
    assert rma.lines[0].serial_numbers == line.serial_numbers[:1]
    record = sim.requests[-1]
    assert record.query == {"customerNumber": sim.customer_number}
    assert record.body["InvoiceNumber"] == invoice.invoice_number
    assert list(ledger(sim).tenant_of_key().rmas) == [rma.rma_number]


async def test_item_not_on_the_invoice_is_400(client: ScanSourceClient) -> None:
    invoice = await _invoice(client)
    request = RmaRequest(
        invoice_number=invoice.invoice_number or "",
        reason="Wrong item",
        lines=[RmaLineRequest(item_number="NOT-ON-IT")],
    )
    with pytest.raises(BadRequestError) as caught:
        await client.rmas.create(request)
    assert caught.value.body["message"] == (
        f"Lines[0].ItemNumber 'NOT-ON-IT' is not on invoice {invoice.invoice_number}"
    )


def test_request_validates_itself() -> None:
    with pytest.raises(ValidationError, match="lines"):
        RmaRequest(invoice_number="1", reason="x", lines=[])
    with pytest.raises(ValidationError, match="reason"):
        RmaRequest(invoice_number="1", reason=" ", lines=[RmaLineRequest(item_number="SS1")])
    with pytest.raises(ValidationError, match="quantity"):
        RmaLineRequest(item_number="SS1", quantity=-2)


async def test_create_hit_by_503_after_the_server_acted(sim: Simulator) -> None:
    async with client_of(sim) as client:
        invoice = await _invoice(client)
        sim.set_faults(
            {"POST rma": FaultModel(error_rate=1.0, error_statuses=(503,), after_action=True)}
        )
        line = invoice.invoice_lines[0]
        request = RmaRequest(
            invoice_number=invoice.invoice_number or "",
            reason="Defective",
            lines=[RmaLineRequest(item_number=line.item_number or "")],
        )
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.rmas.create(request)
    assert caught.value.reference == invoice.invoice_number
    assert sent(sim, "POST", "rma") == 1
    assert len(ledger(sim).tenant_of_key().rmas) == 1
