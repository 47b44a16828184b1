"""Invoices through the public client against the simulator: paging, detail, PDF."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from scansource_async import Invoice, InvoiceSummary, NotFoundError, ScanSourceClient
from scansource_async.testing import Simulator
from scansource_async.testing.ledger import ledger

from .helpers import place, sent


async def test_summary_pages_across_four_pages(sim: Simulator, client: ScanSourceClient) -> None:
    path = f"invoice/summary/{sim.customer_number}"
    total = len(ledger(sim).history(sim.customer()).invoices)
    assert 150 < total < 200
    pages = [page async for page in client.invoices.summary(page_size=50).pages()]
    assert [len(p.items) for p in pages] == [50, 50, 50, total - 150]
    assert sent(sim, "GET", path) == 4
    records = sim.requests.filter(operation="invoices.summary")
    assert [r.query["page"] for r in records] == ["1", "2", "3", "4"]
    assert {r.query["pageSize"] for r in records} == {"50"}
    assert {r.query["customerNumber"] for r in records} == {sim.customer_number}
    rows = [row for page in pages for row in page.items]
    assert len({r.invoice_number for r in rows}) == total
    first = rows[0]
    assert isinstance(first, InvoiceSummary)
    assert isinstance(first.invoice_date, date)
    assert isinstance(first.total, Decimal)
    assert first.total.as_tuple().exponent == -2
    assert first.customer_number == sim.customer_number
    dates = [r.invoice_date for r in rows]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


async def test_list_pages_with_lines(sim: Simulator, client: ScanSourceClient) -> None:
    invoices = await client.invoices.list(page_size=80).to_list()
    assert len(invoices) == len(ledger(sim).history(sim.customer()).invoices)
    assert sent(sim, "GET", f"invoice/list/{sim.customer_number}") == 3
    assert all(isinstance(i, Invoice) and i.invoice_lines for i in invoices)


async def test_max_pages_bounds_the_requests(sim: Simulator, client: ScanSourceClient) -> None:
    assert len(await client.invoices.summary(page_size=10, max_pages=3).to_list()) == 30
    assert sent(sim, "GET", f"invoice/summary/{sim.customer_number}") == 3


async def test_filters(client: ScanSourceClient) -> None:
    newest = (await client.invoices.summary(page_size=1, max_pages=1).to_list())[0]
    by_po = await client.invoices.summary(po_number=newest.po_number).to_list()
    assert [i.invoice_number for i in by_po] == [newest.invoice_number]
    by_order = await client.invoices.list(sales_order_number=newest.sales_order_number).to_list()
    assert [i.invoice_number for i in by_order] == [newest.invoice_number]
    assert newest.invoice_date is not None
    same_day = await client.invoices.summary(
        from_date=newest.invoice_date, to_date=newest.invoice_date
    ).to_list()
    assert newest.invoice_number in [i.invoice_number for i in same_day]
    assert all(i.invoice_date == newest.invoice_date for i in same_day)


async def test_detail(sim: Simulator, client: ScanSourceClient) -> None:
    serialized = next(
        i.number
        for i in reversed(ledger(sim).history(sim.customer()).invoices)
        if len(i.lines) > 1 and any(line.serial_numbers for line in i.lines)
    )
    summary = (await client.invoices.summary(page_size=1, invoice_number=serialized).to_list())[0]
    assert summary.invoice_number == serialized
    invoice = await client.invoices.detail(summary.invoice_number)
    assert invoice.invoice_number == summary.invoice_number
    assert invoice.total == summary.total
    assert invoice.sub_total == sum(line.extended_price or 0 for line in invoice.invoice_lines)
    assert invoice.total == (invoice.sub_total or 0) + (invoice.freight or 0) + (invoice.tax or 0)
    assert isinstance(invoice.due_date, date)
    assert invoice.ship_to_address is not None
    assert invoice.ship_to_address.city
    for line in invoice.invoice_lines:
        assert isinstance(line.unit_price, Decimal)
        assert line.shipments
        assert all(s.tracking_number for s in line.shipments)
        assert all(isinstance(s.ship_date, date) for s in line.shipments)
    assert invoice.tracking_numbers
    assert any(line.serial_numbers for line in invoice.invoice_lines)
    record = sim.requests[-1]
    assert record.path == "scsc/invoice/v1/detail"
    assert record.query == {
        "customerNumber": sim.customer_number,
        "InvoiceNumber": summary.invoice_number,
        "excludeSerialTracking": "false",
    }

    lean = await client.invoices.detail(summary.invoice_number, exclude_serial_tracking=True)
    assert all(line.serial_numbers == () for line in lean.invoice_lines)
    assert lean.tracking_numbers == invoice.tracking_numbers
    assert sim.requests[-1].query["excludeSerialTracking"] == "true"


async def test_unknown_invoice_and_customer_are_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.invoices.detail("123")
    assert caught.value.body["message"] == "Invoice '123' not found"
    with pytest.raises(NotFoundError, match="Customer '4242' not found"):
        await client.invoices.summary(customer_number="4242").to_list()
    with pytest.raises(NotFoundError):
        await client.invoices.pdf("123")


async def test_pdf_bytes_arrive_intact(sim: Simulator, client: ScanSourceClient) -> None:
    number = (await client.invoices.summary(page_size=1, max_pages=1).to_list())[0].invoice_number
    assert number
    pdf = await client.invoices.pdf(number)
    assert pdf == ledger(sim).invoice_pdf(number)  # byte for byte what the simulator made
    assert pdf.startswith(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert any(byte >= 0x80 for byte in pdf[20:])  # non-ASCII text survived
    assert "Vielen Dank für".encode("cp1252") in pdf
    # a valid cross-reference table: every offset points at its object
    xref_at = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[xref_at:].startswith(b"xref\n")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n ", pdf)]
    assert len(offsets) == 6
    for n, offset in enumerate(offsets, 1):
        assert pdf[offset:].startswith(b"%d 0 obj" % n)
    assert sim.requests[-1].path == "scsc/invoice/v1/pdf"
    assert sim.requests[-1].query == {
        "customerNumber": sim.customer_number,
        "invoiceNumber": number,
    }


async def test_created_orders_are_invoiced_when_shipped(
    sim: Simulator, client: ScanSourceClient
) -> None:
    order_number = await place(client, sim, "PO-INV")
    assert await client.invoices.summary(po_number="PO-INV").to_list() == []
    invoice_number = ledger(sim).ship_order(order_number)
    found = await client.invoices.summary(po_number="PO-INV").to_list()
    assert [i.invoice_number for i in found] == [invoice_number]
    newest = (await client.invoices.summary(page_size=1, max_pages=1).to_list())[0]
    assert newest.invoice_number == invoice_number
    assert await client.invoices.pdf(invoice_number) == ledger(sim).invoice_pdf(invoice_number)


async def test_history_is_deterministic() -> None:
    one = Simulator(seed=5, catalog_size=1000)
    two = Simulator(seed=5, catalog_size=1000)
    other = Simulator(seed=6, catalog_size=1000)
    numbers = []
    for sim in (one, two, other):
        async with sim.client(max_rate=100_000) as client:
            first = (await client.invoices.list(page_size=3, max_pages=1).to_list())[0]
            numbers.append((first, await client.invoices.pdf(first.invoice_number or "")))
    assert numbers[0] == numbers[1]
    assert numbers[0] != numbers[2]
