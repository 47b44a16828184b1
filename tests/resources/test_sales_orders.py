"""Sales orders through the public client against the simulator (gateway layout unless a
test says otherwise)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scansource_async import (
    Address,
    BadRequestError,
    ConflictError,
    DeadlineExceededError,
    NotFoundError,
    OrderError,
    OrderLine,
    OutcomeUnknownError,
    SalesOrderRequest,
    SalesOrderStatus,
    ScanSourceClient,
    ServerError,
    ShippingInfo,
    ShipQuoteLine,
    ShipQuoteRequest,
    ValidationError,
    VrdAnswer,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import STORE_ADDRESS, client_of, items, order_request, place, sent


async def test_create_is_asynchronous_and_wait_for_finds_the_order() -> None:
    """create -> wait_for -> detail -> tracking -> cancel, end to end on the gateway: the
    order shows in the list only after the simulator's visibility delay."""
    # A second: long enough that "not yet" holds on a loaded machine (0.3 s did not).
    sim = Simulator(seed=5, catalog_size=2_000, order_visibility_delay=1.0)
    request = order_request(sim, "PO-ASYNC-1", reference_number="REF-ASYNC-1")
    async with client_of(sim) as client:
        submitted = await client.sales_orders.create(request)
        assert submitted.received is True
        assert submitted.errors == ()
        assert submitted.order_number is None  # the gateway does not return one
        assert (submitted.po_number, submitted.reference_number) == ("PO-ASYNC-1", "REF-ASYNC-1")
        assert await client.sales_orders.find(reference_number="REF-ASYNC-1") is None  # not yet

        row = await client.sales_orders.wait_for(
            reference_number="REF-ASYNC-1", timeout=30, poll_interval=0.05
        )
        assert row.po_number == "PO-ASYNC-1"
        assert row.status is SalesOrderStatus.OPEN
        assert row.order_number
        polls = sim.requests.filter(operation="sales_orders.list")
        assert len(polls) >= 2  # it polled until the order appeared
        assert all(r.query["referenceNumber"] == "REF-ASYNC-1" for r in polls)

        order = await client.sales_orders.detail(row.order_number)
        assert order.sales_order_number == row.order_number
        assert order.reference_number == "REF-ASYNC-1"
        assert order.shipping_address == STORE_ADDRESS.__class__(
            name="Northwind Store 12", attn="Receiving", street1="12 Market St",
            city="Greenville", state="SC", postal_code="29601", country="US",
        )  # fmt: skip
        assert [line.item_number for line in order.sales_order_lines] == items(sim)
        assert [line.ordered for line in order.sales_order_lines] == [1, 2]
        assert all(line.committed == line.ordered for line in order.sales_order_lines)
        assert order.total == sum(
            (line.price or 0) * (line.ordered or 0) for line in order.sales_order_lines
        )
        assert await client.sales_orders.tracking(row.order_number) == []  # not shipped

        invoice_number = ledger(sim).ship_order(row.order_number, partial=True)
        tracking = await client.sales_orders.tracking(row.order_number)
        assert tracking and all(t.invoice_number == invoice_number for t in tracking)
        assert sim.requests[-1].operation == "sales_orders.tracking"  # the gateway endpoint
        shipped = await client.sales_orders.detail(row.order_number)
        assert shipped.tracking_numbers == tuple(t.tracking_number for t in tracking)
        assert shipped.deliveries and shipped.deliveries[0].parcels

        with pytest.raises(ConflictError):  # shipped in part: too late to cancel
            await client.sales_orders.cancel(row.order_number)

        other = await place(client, sim, "PO-ASYNC-2")
        cancelled = await client.sales_orders.cancel(other)
        assert cancelled.cancelled is True
        record = sim.requests[-1]
        assert (record.method, record.path) == ("DELETE", "scsc/salesorder/v1/cancel")
        assert record.query == {"customerNumber": sim.customer_number, "salesOrderNumber": other}
        assert (await client.sales_orders.detail(other)).status is SalesOrderStatus.CANCELLED


async def test_wait_for_gives_up_with_deadline_exceeded(sim: Simulator) -> None:
    async with client_of(sim) as client:
        with pytest.raises(DeadlineExceededError, match="NO-SUCH-REF"):
            await client.sales_orders.wait_for(
                reference_number="NO-SUCH-REF", timeout=0.2, poll_interval=0.05
            )
        with pytest.raises(ValidationError):
            await client.sales_orders.find()
        with pytest.raises(ValidationError):
            await client.sales_orders.wait_for(po_number="x", timeout=0)


async def test_the_nested_create_body_reaches_the_gateway(
    sim: Simulator, client: ScanSourceClient
) -> None:
    request = SalesOrderRequest(
        business_unit="1712",
        po_number="PO-NESTED",
        reference_number="REF-NESTED",
        end_user_po="EU-9",
        memo="leave at dock 4",
        requested_delivery_date=date(2026, 12, 24),
        entered_by_email="buyer@example.com",
        deal_ids=["D-1"],
        vrd=[VrdAnswer(id="ENDUSER", value="Clinic")],
        shipping=ShippingInfo(
            service_level_code="UPSGND",
            address=STORE_ADDRESS,
            ship_complete=True,
            delivery_phone="555-0100",
        ),
        lines=[OrderLine(part_number=items(sim)[0], quantity=3, reference_line_number="10")],
    )
    assert (await client.sales_orders.create(request)).received
    record = sim.requests.filter(operation="sales_orders.create")[0]
    assert (record.method, record.path) == ("POST", "scsc/salesorder/v1/createAsync")
    assert record.query == {"customerNumber": sim.customer_number}
    assert record.body == {
        "BusinessUnit": 1712,
        "PONumber": "PO-NESTED",
        "ReferenceNumber": "REF-NESTED",
        "EndUserPO": "EU-9",
        "Memo": "leave at dock 4",
        "RequestedDeliveryDate": "2026-12-24",
        "EnteredByEmailAddress": "buyer@example.com",
        "DealIds": ["D-1"],
        "VRD": [{"ID": "ENDUSER", "Value": "Clinic"}],
        "ShippingInfo": {
            "ShipMethodServiceLevelCode": "UPSGND",
            "ShipComplete": True,
            "DeliveryPhoneNumber": "555-0100",
            "ShippingAddress": {
                "Name": "Northwind Store 12",
                "Attn": "Receiving",
                "Street1": "12 Market St",
                "City": "Greenville",
                "State": "SC",
                "PostalCode": "29601",
                "Country": "US",
            },
        },
        "Lines": [
            {"PartNumber": items(sim)[0], "PartType": 1, "Quantity": 3, "ReferenceLineNumber": "10"}
        ],
    }
    found = await client.sales_orders.wait_for(
        po_number="PO-NESTED", timeout=10, poll_interval=0.05
    )
    order = await client.sales_orders.detail(found.order_number or "")
    assert (order.memo, order.entered_by_email) == ("leave at dock 4", "buyer@example.com")


async def test_ambiguous_create_then_find_by_reference_number(sim: Simulator) -> None:
    """The server places the order, then the answer is lost to a 503: the client must not
    retry (that would place a second order); OutcomeUnknownError carries both numbers, and
    find(reference_number=...) finds exactly one order."""
    sim.set_faults(
        {
            "POST salesorder/create": FaultModel(
                error_rate=1.0, error_statuses=(503,), after_action=True
            )
        }
    )
    request = order_request(sim, "PO-AMBIGUOUS-7", reference_number="REF-AMBIGUOUS-7")
    async with client_of(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.sales_orders.create(request)
        error = caught.value
        assert (error.po_number, error.reference_number) == ("PO-AMBIGUOUS-7", "REF-AMBIGUOUS-7")
        assert error.operation == "sales_orders.create"
        assert len(sim.requests.filter(operation="sales_orders.create")) == 1  # never retried

        sim.set_faults(None)
        found = await client.sales_orders.find(reference_number=error.reference_number)
        assert found is not None
        matching = await client.sales_orders.list(reference_number="REF-AMBIGUOUS-7").to_list()
        assert [o.order_number for o in matching] == [found.order_number]  # exactly one
        assert [o.number for o in ledger(sim).orders()] == [found.order_number]


async def test_create_refused_in_a_successful_answer(sim: Simulator) -> None:
    async with client_of(sim, customer_number="1000004") as client:  # on credit hold
        result = await client.sales_orders.create(order_request(sim, "PO-HOLD"))
    assert result.received is False
    assert result.order_number is None
    assert result.errors == (
        OrderError(code="CUSTOMER_BLOCKED", message="Customer 1000004 is on credit hold"),
    )


async def test_create_bad_body_is_400_with_the_message(
    sim: Simulator, client: ScanSourceClient
) -> None:
    request = order_request(sim, "PO-BAD")
    bad = SalesOrderRequest(
        business_unit=1712,
        po_number="PO-BAD",
        shipping=ShippingInfo(service_level_code="TELEPORT", address=STORE_ADDRESS),
        lines=request.lines,
    )
    with pytest.raises(BadRequestError) as caught:
        await client.sales_orders.create(bad)
    assert caught.value.status_code == 400
    assert "ShipMethodServiceLevelCode 'TELEPORT' is not valid" in str(caught.value)
    assert ledger(sim).orders() == []


def test_order_request_validates_itself() -> None:
    sim = Simulator(seed=1, catalog_size=100)
    good = order_request(sim, "PO-1")
    with pytest.raises(ValidationError, match="po_number"):
        order_request(sim, "  ")
    with pytest.raises(ValidationError, match="lines"):
        SalesOrderRequest(business_unit=1712, po_number="PO-1", shipping=good.shipping, lines=[])
    with pytest.raises(ValidationError, match="business_unit"):
        SalesOrderRequest(
            business_unit="x", po_number="P", shipping=good.shipping, lines=good.lines
        )
    with pytest.raises(ValidationError, match="quantity"):
        OrderLine(part_number="SS1", quantity=0)
    with pytest.raises(ValidationError, match="part_number"):
        OrderLine(part_number="")
    with pytest.raises(ValidationError, match="city"):
        ShippingInfo(service_level_code="UPSGND", address=Address(name="x", street1="1",
                     postal_code="1", country="US"))  # fmt: skip
    with pytest.raises(ValidationError, match="memo"):
        OrderLine(part_number="SS1", memo="x" * 501)
    with pytest.raises(ValidationError, match="shipping"):
        SalesOrderRequest(business_unit=1, po_number="P", shipping=None, lines=good.lines)  # type: ignore[arg-type]


async def test_the_legacy_layout_places_orders_synchronously() -> None:
    sim = Simulator(seed=5, catalog_size=2_000, api_layout="legacy")
    async with client_of(sim) as client:
        submitted = await client.sales_orders.create(order_request(sim, "PO-LEGACY"))
        assert submitted.received and submitted.order_number
        record = sim.requests[-1]
        assert (record.path, record.query) == ("salesorder/create", {"customerNumber": "1000001"})
        assert record.body["ShipMethodServiceLevelCode"] == "UPSGND"
        assert record.body["ShippingAddress"]["Street1"] == "12 Market St"
        assert record.body["Lines"][1] == {"ItemNumber": items(sim)[1], "PartNumberType": 1,
                                           "Quantity": 2}  # fmt: skip
        found = await client.sales_orders.list(po_number="PO-LEGACY").to_list()
        assert [o.order_number for o in found] == [submitted.order_number]
        assert sim.requests[-1].path == f"salesorder/list/{sim.customer_number}"
        ledger(sim).ship_order(submitted.order_number)
        tracking = await client.sales_orders.tracking(submitted.order_number)
        assert tracking  # gathered from the invoices: the legacy layout has no endpoint
        assert sim.requests[-1].operation == "invoices.detail"
        cancelled = await client.sales_orders.list(status="Cancelled", max_pages=1).to_list()
        assert cancelled


async def test_a_dict_is_refused_before_any_io(sim: Simulator, client: ScanSourceClient) -> None:
    with pytest.raises(ValidationError, match="SalesOrderRequest"):
        await client.sales_orders.create({"PONumber": "x"})  # type: ignore[arg-type]
    assert len(sim.requests) == 0


async def test_list_pages_through_history(sim: Simulator, client: ScanSourceClient) -> None:
    orders = await client.sales_orders.list(page_size=100).to_list()
    assert len(orders) == 240
    assert sent(sim, "GET", f"salesorder/list/{sim.customer_number}") == 3
    assert len({o.order_number for o in orders}) == 240
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
    quote = await client.sales_orders.ship_quote(request, requestor="buyer@example.com")
    assert quote.errors == ()
    options = quote.options
    codes = [o.service_level_code for o in options]
    assert "UPSGND" in codes
    assert "FDX2D" in codes
    for option in options:
        assert isinstance(option.freight, Decimal)
        assert option.freight > 0
        assert option.freight.as_tuple().exponent == -2
        assert isinstance(option.estimated_delivery_date, date)
    ground = next(o for o in options if o.service_level_code == "UPSGND")
    overnight = next(o for o in options if o.service_level_code == "UPSNDA")
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
    number = await place(client, sim, "PO-CANCEL")
    result = await client.sales_orders.cancel(number)
    assert result.cancelled is True
    assert result.sales_order_number == number
    again = await client.sales_orders.cancel(number)  # harmless twice
    assert again.cancelled is True
    assert "already" in (again.message or "")
    order = await client.sales_orders.detail(number)
    assert order.status is SalesOrderStatus.CANCELLED
    assert all(line.canceled == line.ordered for line in order.sales_order_lines)


async def test_cancel_shipped_order_is_a_conflict(sim: Simulator, client: ScanSourceClient) -> None:
    number = await place(client, sim, "PO-SHIPPED")
    ledger(sim).ship_order(number)
    with pytest.raises(ConflictError, match="has shipped and cannot be cancelled"):
        await client.sales_orders.cancel(number)


@pytest.mark.parametrize("layout", ["gateway", "legacy"])
async def test_tracking_matches_the_orders_invoices(layout: str) -> None:
    sim = Simulator(seed=11, catalog_size=5_000, api_layout=layout)
    async with client_of(sim) as client:
        number = await place(client, sim, "PO-TRACK")
        await _check_tracking(sim, client, number, layout)


async def _check_tracking(
    sim: Simulator, client: ScanSourceClient, number: str, layout: str
) -> None:
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
    if layout == "legacy":  # one order detail, then one invoice detail per invoice
        assert sent(sim, "GET", "salesorder/detail") == 1
        assert len([r for r in sim.requests if r.operation == "invoices.detail"]) == 2 + 2
    else:  # the tracking endpoint
        assert len(sim.requests.filter(operation="sales_orders.tracking")) == 1
        assert not sim.requests.filter(operation="sales_orders.detail")


async def test_orders_are_kept_per_subscription_key() -> None:
    sim = Simulator(seed=3, catalog_size=1000, subscription_keys=("key-one", "key-two"))
    async with client_of(sim) as one, client_of(sim, subscription_key="key-two") as two:
        number = await place(one, sim, "PO-MINE")
        assert len(await one.sales_orders.list(po_number="PO-MINE").to_list()) == 1
        assert await two.sales_orders.list(po_number="PO-MINE").to_list() == []
        with pytest.raises(NotFoundError):
            await two.sales_orders.detail(number)


async def test_customer_number_per_call(sim: Simulator, client: ScanSourceClient) -> None:
    number = await place(client, sim, "PO-EU", customer_number="1000003")
    with pytest.raises(NotFoundError):
        await client.sales_orders.detail(number)  # another customer's order
    order = await client.sales_orders.detail(number, customer_number="1000003")
    assert order.currency == "EUR"


async def test_summary_serials_and_vrd(sim: Simulator, client: ScanSourceClient) -> None:
    number = await place(client, sim, "PO-SERIALS")
    rows = await client.sales_orders.summary(po_number="PO-SERIALS").to_list()
    assert [r.order_number for r in rows] == [number]
    record = sim.requests[-1]
    assert (record.path, record.query["poNumber"]) == ("scsc/salesorder/v1/summary", "PO-SERIALS")

    invoice_number = ledger(sim).ship_order(number)
    invoice = await client.invoices.detail(invoice_number)
    shipped = {(line.item_number, s) for line in invoice.invoice_lines for s in line.serial_numbers}
    serials = await client.sales_orders.serials(sales_order_number=number, page_size=1000).to_list()
    assert {(s.item_number, s.serial_number) for s in serials} == shipped
    assert all(s.invoice_number == invoice_number for s in serials)
    order = await client.sales_orders.detail(number)
    assert {s for line in order.sales_order_lines for s in line.serial_numbers} == {
        s for _, s in shipped
    }

    fields = await client.sales_orders.vrd(order_request(sim, "PO-VRD"))
    assert [f.id for f in fields] == ["ENDUSER", "LICENSE"]
    assert fields[1].combo_box_items == ("New", "Renewal")
    assert (sim.requests[-1].method, sim.requests[-1].path) == ("POST", "scsc/salesorder/v1/vrd")
    assert ledger(sim).orders(po_number="PO-VRD") == []  # asking is not ordering
