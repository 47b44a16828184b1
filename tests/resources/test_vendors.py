"""Vendor quotes, vendor orders (subscriptions) and vendor usage against the simulator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scansource_async import NotFoundError, ScanSourceClient, VendorQuoteStatus
from scansource_async.testing import Simulator


async def test_quote_list_and_get(sim: Simulator, client: ScanSourceClient) -> None:
    quotes = await client.vendor_quotes.list("Zentrix")
    assert len(quotes) == 30
    assert all(q.vendor == "Zentrix" for q in quotes)
    assert all(isinstance(q.total, Decimal) and isinstance(q.created_date, date) for q in quotes)
    first = quotes[0]
    assert first.quote_number
    quote = await client.vendor_quotes.get("zentrix", first.quote_number)
    assert quote.quote_number == first.quote_number
    assert quote.lines
    assert quote.total == sum(line.extended_price or 0 for line in quote.lines)
    assert all(
        line.extended_price == (line.unit_price or 0) * (line.quantity or 0) for line in quote.lines
    )


async def test_quote_list_filters(sim: Simulator, client: ScanSourceClient) -> None:
    quotes = await client.vendor_quotes.list("Zentrix")
    one = quotes[3]
    by_deal = await client.vendor_quotes.list("Zentrix", deal_id=one.deal_id)
    assert [q.quote_number for q in by_deal] == [one.quote_number]
    opened = await client.vendor_quotes.list("Zentrix", status=VendorQuoteStatus.OPEN)
    assert opened
    assert all(q.status is VendorQuoteStatus.OPEN for q in opened)
    named = await client.vendor_quotes.list("Zentrix", quote_name="clinic", deal_name="deal")
    assert named
    assert all("clinic" in (q.quote_name or "") for q in named)
    assert one.created_date is not None
    since = await client.vendor_quotes.list("Zentrix", from_date=one.created_date)
    assert all(q.created_date and q.created_date >= one.created_date for q in since)
    assert sim.requests[-1].query == {"vendor": "Zentrix", "fromDate": one.created_date.isoformat()}


async def test_unknown_vendor_or_quote_is_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError, match="Vendor 'Nobody' not found"):
        await client.vendor_quotes.list("Nobody")
    with pytest.raises(NotFoundError, match="Quote 'QZX99999' not found"):
        await client.vendor_quotes.get("Zentrix", "QZX99999")


async def test_vendor_subscription(client: ScanSourceClient) -> None:
    sub = await client.vendor_orders.subscription("SUB000042")
    assert sub.subscription_id == "SUB000042"
    assert sub.vendor
    assert isinstance(sub.start_date, date)
    assert isinstance(sub.end_date, date)
    assert sub.start_date < sub.end_date
    assert isinstance(sub.auto_renew, bool)
    assert all(isinstance(line.unit_price, Decimal) for line in sub.lines)
    with pytest.raises(NotFoundError, match="Subscription 'SUB999999' not found"):
        await client.vendor_orders.subscription("SUB999999")


async def test_vendor_usage(client: ScanSourceClient) -> None:
    bid = (await client.vendor_quotes.list("Aldora"))[0].deal_id
    invoice = (await client.invoices.summary(page_size=1, max_pages=1).to_list())[0]
    assert bid
    assert invoice.invoice_number
    usage = await client.vendor_usage.get("Aldora", bid, invoice.invoice_number)
    assert usage.bid == bid
    assert usage.invoice_number == invoice.invoice_number
    assert usage.customer_number == invoice.customer_number
    assert usage.lines
    assert usage.total == sum(line.amount or 0 for line in usage.lines)
    assert all(isinstance(line.usage_date, date) for line in usage.lines)
    assert usage == await client.vendor_usage.get("Aldora", bid, invoice.invoice_number)
    with pytest.raises(NotFoundError, match="Bid 'D-NOPE' not found"):
        await client.vendor_usage.get("Aldora", "D-NOPE", invoice.invoice_number)
    with pytest.raises(NotFoundError, match="Invoice '1' not found"):
        await client.vendor_usage.get("Aldora", bid, "1")
