"""Sales orders through the public client against the simulator."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from scansource_async import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    OutcomeUnknownError,
    SalesOrderLineRequest,
    SalesOrderStatus,
    ScanSourceClient,
    ServerError,
    ShipQuoteLine,
    ShipQuoteRequest,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .conftest import client_of, items, order_request, sent


async def test_create_then_detail_and_list(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.sales_orders.create(order_request(sim, "PO-CREATE-1"))
    assert created.order_created is True
    assert created.error_message is None
    assert created.order_number is not None

    order = await client.sales_orders.detail(created.order_number)
    assert order.sales_order_number == created.order_number
    assert order.po_number == "PO-CREATE-1"
    assert order.status is SalesOrderStatus.OPEN
    assert isinstance(order.date_entered, datetime)
    assert [line.item_number for line in order.sales_order_lines] == items(sim)
    assert [line.quantity for line in order.sales_order_lines] == [1, 2]
    assert all(isinstance(line.unit_price, Decimal) for line in order.sales_order_lines)
    assert order.total == sum(line.extended_price or 0 for line in order.sales_order_lines)
    assert order.shipping_address is not None
    assert order.shipping_address.city == "Greenville"
    assert order.invoice_numbers == ()

    found = await client.sales_orders.list(po_number="PO-CREATE-1").to_list()
    assert [o.sales_order_number for o in found] == [created.order_number]
    assert found[0].status is SalesOrderStatus.OPEN
    assert isinstance(found[0].total, Decimal)
    record = sim.requests.filter(operation="sales_orders.create")[0]
    assert record.query == {"customerNumber": sim.customer_number}
    assert record.body["PONumber"] == "PO-CREATE-1"
    assert record.body["Lines"][1] == {
        "ItemNumber": items(sim)[1],
        "Quantity": 2,
        "PartNumberType": 1,
        "DealIDs": [],
    }


async def test_create_hit_by_503_after_the_server_acted(sim: Simulator) -> None:
    """The server creates the order, then the answer is lost to a 503: the client must not
    retry (that would make a second order); it raises OutcomeUnknownError carrying the PO
    number, and the caller finds the one order with list(po_number=...)."""
    sim.set_faults(
        {
            "POST salesorder/create": FaultModel(
                error_rate=1.0, error_statuses=(503,), after_action=True
            )
        }
    )
    async with client_of(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.sales_orders.create(order_request(sim, "PO-AMBIGUOUS-7"))
        assert caught.value.po_number == "PO-AMBIGUOUS-7"
        assert caught.value.operation == "sales_orders.create"
        assert sent(sim, "POST", "salesorder/create") == 1  # never retried
        assert len(ledger(sim).orders(po_number="PO-AMBIGUOUS-7")) == 1  # exactly one order

        sim.set_faults(None)
        found = await client.sales_orders.list(po_number=caught.value.po_number).to_list()
        assert len(found) == 1
        assert found[0].sales_order_number == ledger(sim).orders()[0].number
        assert len(ledger(sim).orders()) == 1  # never two


async def test_create_refused_in_a_successful_answer(sim: Simulator) -> None:
    async with client_of(sim, customer_number="1000004") as client:  # on credit hold
        result = await client.sales_orders.create(order_request(sim, "PO-HOLD"))
    assert result.order_created is False
    assert result.order_number is None
    assert result.error_message == "Customer 1000004 is on credit hold"


async def test_create_bad_body_is_400_with_the_message(
    sim: Simulator, client: ScanSourceClient
) -> None:
    request = order_request(sim, "PO-BAD")
    bad = request.__class__(
        po_number="PO-BAD",
        business_unit="1712",
        ship_method_service_level_code="TELEPORT",
        shipping_address=request.shipping_address,
        lines=request.lines,
    )
    with pytest.raises(BadRequestError) as caught:
        await client.sales_orders.create(bad)
    assert caught.value.status_code == 400
    assert "ShipMethodServiceLevelCode 'TELEPORT' is not valid" in str(caught.value)
    assert caught.value.body["message"].startswith("ShipMethodServiceLevelCode 'TELEPORT'")
    assert ledger(sim).orders() == []


def test_order_request_validates_itself() -> None:
    sim = Simulator(seed=1, catalog_size=100)
    good = order_request(sim, "PO-1")
    with pytest.raises(ValidationError, match="po_number"):
        order_request(sim, "  ")
    with pytest.raises(ValidationError, match="lines"):
        good.__class__(
            po_number="PO-1",
            business_unit="1712",
            ship_method_service_level_code="UPSGND",
            shipping_address=good.shipping_address,
            lines=[],
        )
    with pytest.raises(ValidationError, match="quantity"):
        SalesOrderLineRequest(item_number="SS1", quantity=0)
    with pytest.raises(ValidationError, match="item_number"):
        SalesOrderLineRequest(item_number="")
    with pytest.raises(ValidationError, match="city"):
        good.__class__(
            po_number="PO-1",
            business_unit="1712",
            ship_method_service_level_code="UPSGND",
            shipping_address=good.shipping_address.__class__(
                name="x", address1="1", postal_code="1", country_code="US"
            ),
            lines=good.lines,
        )
    with pytest.raises(ValidationError, match="price"):
        SalesOrderLineRequest(item_number="SS1", price=-1)


async def test_a_dict_is_refused_before_any_io(sim: Simulator, client: ScanSourceClient) -> None:
    with pytest.raises(ValidationError, match="SalesOrderRequest"):
        await client.sales_orders.create({"PONumber": "x"})  # type: ignore[arg-type]
    assert len(sim.requests) == 0


async def test_list_pages_through_history(sim: Simulator, client: ScanSourceClient) -> None:
    orders = await client.sales_orders.list(page_size=100).to_list()
    assert len(orders) == 240
    assert sent(sim, "GET", f"salesorder/list/{sim.customer_number}") == 3
    assert len({o.sales_order_number for o in orders}) == 240
    dates = [o.date_entered for o in orders]
    assert dates == sorted(dates, reverse=True)  # newest first
    statuses = {o.status for o in orders}
    assert SalesOrderStatus.COMPLETELY_SHIPPED in statuses
    assert SalesOrderStatus.UNKNOWN not in statuses


async def test_list_filters(client: ScanSourceClient) -> None:
    shipped = await client.sales_orders.list(status=SalesOrderStatus.COMPLETELY_SHIPPED).to_list()
    assert shipped
    assert all(o.status is SalesOrderStatus.COMPLETELY_SHIPPED for o in shipped)
    window = await client.sales_orders.list(
        from_date=date(2025, 1, 1), to_date=date(2025, 1, 31)
    ).to_list()
    assert window
    assert all(o.date_entered and o.date_entered.date().month == 1 for o in window)
    assert await client.sales_orders.list(po_number="no-such-po").to_list() == []


async def test_detail_of_unknown_order_is_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.sales_orders.detail("0000000000")
    assert "Sales order '0000000000' not found" in str(caught.value)
    with pytest.raises(NotFoundError):  # a typed error, not an exception group
        await client.sales_orders.tracking("0000000000")


async def test_ship_quote(sim: Simulator, client: ScanSourceClient) -> None:
    request = ShipQuoteRequest(
        business_unit="1712",
        ship_to_country_code="US",
        ship_to_postal_code="29601",
        lines=[ShipQuoteLine(item_number=number, quantity=2) for number in items(sim)],
    )
    options = await client.sales_orders.ship_quote(request, requestor="buyer@example.com")
    codes = [o.ship_method_service_level_code for o in options]
    assert "UPSGND" in codes
    assert "FDX2D" in codes
    for option in options:
        assert isinstance(option.freight, Decimal)
        assert option.freight > 0
        assert option.freight.as_tuple().exponent == -2
        assert isinstance(option.estimated_delivery_date, date)
    ground = next(o for o in options if o.ship_method_service_level_code == "UPSGND")
    overnight = next(o for o in options if o.ship_method_service_level_code == "UPSNDA")
    assert overnight.freight is not None
    assert ground.freight is not None
    assert overnight.freight > ground.freight
    assert sim.requests[-1].query["requestor"] == "buyer@example.com"


async def test_ship_quote_is_a_read_and_retries(sim: Simulator) -> None:
    sim.set_faults({"POST salesorder/shipquote": FaultModel(error_rate=1.0, error_statuses=(503,))})
    async with client_of(sim, max_retries=2) as client:
        request = ShipQuoteRequest(
            business_unit="1712",
            ship_to_country_code="US",
            lines=[ShipQuoteLine(item_number=items(sim)[0])],
        )
        with pytest.raises(ServerError) as caught:
            await client.sales_orders.ship_quote(request)
    assert caught.value.status_code == 503  # retried, then the last 503, not OutcomeUnknown
    assert sent(sim, "POST", "salesorder/shipquote") == 3


async def test_cancel(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.sales_orders.create(order_request(sim, "PO-CANCEL"))
    assert created.order_number
    result = await client.sales_orders.cancel(created.order_number)
    assert result.cancelled is True
    assert result.sales_order_number == created.order_number
    again = await client.sales_orders.cancel(created.order_number)  # harmless twice
    assert again.cancelled is True
    assert "already" in (again.message or "")
    order = await client.sales_orders.detail(created.order_number)
    assert order.status is SalesOrderStatus.CANCELLED


async def test_cancel_shipped_order_is_a_conflict(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.sales_orders.create(order_request(sim, "PO-SHIPPED"))
    assert created.order_number
    ledger(sim).ship_order(created.order_number)
    with pytest.raises(ConflictError, match="has shipped and cannot be cancelled"):
        await client.sales_orders.cancel(created.order_number)


async def test_tracking_from_the_orders_invoices(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.sales_orders.create(order_request(sim, "PO-TRACK"))
    number = created.order_number
    assert number
    assert await client.sales_orders.tracking(number) == []  # not shipped yet

    first = ledger(sim).ship_order(number, partial=True)
    assert (await client.sales_orders.detail(number)).status is SalesOrderStatus.PARTIALLY_SHIPPED
    second = ledger(sim).ship_order(number)
    order = await client.sales_orders.detail(number)
    assert order.status is SalesOrderStatus.COMPLETELY_SHIPPED
    assert order.invoice_numbers == (first, second)

    sim.reset()
    tracking = await client.sales_orders.tracking(number)
    expected = []
    for invoice_number in (first, second):
        invoice = await client.invoices.detail(invoice_number)
        expected += [(invoice_number, t) for t in invoice.tracking_numbers]
    assert [(t.invoice_number, t.tracking_number) for t in tracking] == expected
    assert {n for t in tracking for n in t.item_numbers} == set(items(sim))
    assert all(t.carrier == "UPS" and t.tracking_number.startswith("1Z") for t in tracking)
    assert all(isinstance(t.ship_date, date) for t in tracking)
    # one order detail, then one invoice detail per invoice
    assert sent(sim, "GET", "salesorder/detail") == 1
    assert len([r for r in sim.requests if r.operation == "invoices.detail"]) == 2 + 2


async def test_orders_are_kept_per_subscription_key() -> None:
    sim = Simulator(seed=3, catalog_size=1000, subscription_keys=("key-one", "key-two"))
    async with client_of(sim) as one, client_of(sim, subscription_key="key-two") as two:
        created = await one.sales_orders.create(order_request(sim, "PO-MINE"))
        assert created.order_number
        assert len(await one.sales_orders.list(po_number="PO-MINE").to_list()) == 1
        assert await two.sales_orders.list(po_number="PO-MINE").to_list() == []
        with pytest.raises(NotFoundError):
            await two.sales_orders.detail(created.order_number)


async def test_customer_number_per_call(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.sales_orders.create(
        order_request(sim, "PO-EU"), customer_number="1000003"
    )
    assert created.order_number
    with pytest.raises(NotFoundError):
        await client.sales_orders.detail(created.order_number)  # another customer's order
    order = await client.sales_orders.detail(created.order_number, customer_number="1000003")
    assert order.currency_code == "EUR"
