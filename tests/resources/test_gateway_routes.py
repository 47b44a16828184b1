"""The URLs each layout sends, pinned exactly: method, path, query names and values.

The gateway routes marked ``verified`` in the endpoint table are the ones seen in public
material (api-notes.md); the legacy layout sends the seeds' paths unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from scansource_async import (
    Address,
    NotFoundError,
    OrderLine,
    OrderSubmission,
    PartNumberType,
    PricingLine,
    SalesOrderRequest,
    ScanSourceClient,
    ShippingInfo,
    ShipQuoteRequest,
    VrdAnswer,
)
from scansource_async.models.sales_orders import ShipQuoteLine
from scansource_async.testing import Simulator
from tests.helpers import BASE_URL, Script, make_client, raises, reply

Call = Callable[[ScanSourceClient], Awaitable[Any]]


def answer_for(request: httpx.Request) -> httpx.Response:
    """An answer of the right shape for whichever operation was called."""
    path = request.url.path
    if path.endswith(("/pricing", "/search", "/list")) or "/list/" in path:
        return httpx.Response(200, json=[])
    return httpx.Response(200, json={})


@pytest.fixture
def recorded(api: respx.MockRouter) -> Script:
    script = Script(answer_for)
    api.route(host="api.test.invalid").mock(side_effect=script)
    return script


def sent(script: Script) -> tuple[str, str, dict[str, str]]:
    [request] = script.requests
    return request.method, request.url.path, dict(request.url.params)


GATEWAY: list[tuple[str, Call, tuple[str, str, dict[str, str]]]] = [
    (
        "products.pricing",
        lambda c: c.products.pricing([PricingLine("A1")]),
        ("POST", "/scsc/product/v2/pricing", {"customerNumber": "1000001"}),
    ),
    (
        "products.search",
        lambda c: c.products.search(item_number="A1", page_size=50).to_list(),
        (
            "GET",
            "/scsc/product/v2/search",
            {"customerNumber": "1000001", "itemNumber": "A1", "page": "1", "pageSize": "50"},
        ),
    ),
    (
        "products.detail",
        lambda c: c.products.detail("A1", region="NA"),
        (
            "GET",
            "/scsc/product/v2/detail",
            {"customerNumber": "1000001", "itemNumber": "A1", "region": "NA"},
        ),
    ),
    (
        "invoices.detail",
        lambda c: c.invoices.detail("9000001"),
        (
            "GET",
            "/scsc/invoice/v1/detail",
            {
                "customerNumber": "1000001",
                "InvoiceNumber": "9000001",
                "excludeSerialTracking": "false",
            },
        ),
    ),
    (
        "invoices.list",
        lambda c: c.invoices.list(po_number="PO-1", page_size=10).to_list(),
        (
            "GET",
            "/scsc/invoice/v1/list",
            {"customerNumber": "1000001", "poNumber": "PO-1", "page": "1", "pageSize": "10"},
        ),
    ),
    (
        "sales_orders.list",
        lambda c: c.sales_orders.list(po_number="PO-1", page_size=10).to_list(),
        (
            "GET",
            "/scsc/salesorder/v1/list",
            {"customerNumber": "1000001", "poNumber": "PO-1", "page": "1", "pageSize": "10"},
        ),
    ),
    (
        "sales_orders.detail",
        lambda c: c.sales_orders.detail("5000001"),
        (
            "GET",
            "/scsc/salesorder/v1/detail",
            {
                "customerNumber": "1000001",
                "salesOrderNumber": "5000001",
                "excludeSerialTracking": "false",
            },
        ),
    ),
    (
        "sales_orders.ship_quote",
        lambda c: c.sales_orders.ship_quote(
            ShipQuoteRequest(
                business_unit="1712",
                ship_to_country_code="US",
                lines=[ShipQuoteLine(item_number="A1")],
            )
        ),
        ("POST", "/scsc/salesorder/v1/shipquote", {"customerNumber": "1000001"}),
    ),
]


@pytest.mark.parametrize(("name", "call", "expected"), GATEWAY, ids=[g[0] for g in GATEWAY])
async def test_verified_gateway_urls_are_exact(
    recorded: Script, name: str, call: Call, expected: tuple[str, str, dict[str, str]]
) -> None:
    async with make_client() as client:  # the default layout is the gateway
        await call(client)
    assert sent(recorded) == expected


LEGACY: list[tuple[Call, tuple[str, str, dict[str, str]]]] = [
    (
        lambda c: c.products.pricing([PricingLine("A1")]),
        ("POST", "/product/pricing", {"customerNumber": "1000001"}),
    ),
    (
        lambda c: c.invoices.detail("9000001"),
        ("GET", "/invoice/detail/1000001/9000001", {"excludeSerialTracking": "false"}),
    ),
    (
        lambda c: c.sales_orders.list(page_size=10).to_list(),
        ("GET", "/salesorder/list/1000001", {"page": "1", "pageSize": "10"}),
    ),
    (
        lambda c: c.carts.move("a/b", "c", "7"),
        ("POST", "/cart/move/a%2Fb/c/7", {}),
    ),
    (lambda c: c.vendor_usage.get("Zentrix", "B1", "9"), ("GET", "/vendorusage/Zentrix/B1/9", {})),
]


@pytest.mark.parametrize(("call", "expected"), LEGACY)
async def test_the_legacy_layout_sends_the_seed_paths_unchanged(
    recorded: Script, call: Call, expected: tuple[str, str, dict[str, str]]
) -> None:
    async with make_client(api_layout="legacy") as client:
        await call(client)
    method, _, query = sent(recorded)
    raw = recorded.requests[0].url.raw_path.decode().split("?")[0]
    assert (method, raw, query) == expected


async def test_inferred_gateway_routes_move_path_segments_into_the_query(
    recorded: Script,
) -> None:
    async with make_client() as client:
        await client.carts.move("a/b", "c", "7")
    assert sent(recorded) == (
        "POST",
        "/scsc/cart/v1/move",
        {"sourceCollectionKey": "a/b", "destinationCollectionKey": "c", "cartId": "7"},
    )


async def test_routes_override_one_operation(recorded: Script) -> None:
    routes = {
        "invoices.detail": "scsc/invoice/v2/detail",
        "customers.get": "cust/{customer_number}",
    }
    async with make_client(routes=routes) as client:
        await client.invoices.detail("9")
        await client.customers.get()
        await client.products.detail("A1")
    paths = [(r.url.path, dict(r.url.params)) for r in recorded.requests]
    assert paths == [
        (
            "/scsc/invoice/v2/detail",
            # identifiers the override does not place keep the gateway's wire names
            {"InvoiceNumber": "9", "customerNumber": "1000001", "excludeSerialTracking": "false"},
        ),
        ("/cust/1000001", {}),
        ("/scsc/product/v2/detail", {"customerNumber": "1000001", "itemNumber": "A1"}),
    ]


@pytest.mark.parametrize(
    "routes",
    [{"no.such": "x"}, {"customers.get": ""}, {"customers.get": "a/{bogus}"}, {"x": 1}],
)
def test_bad_routes_are_refused_at_construction(routes: dict[str, Any]) -> None:
    with raises(Exception, match="route"):
        make_client(routes=routes)


def test_api_layout_from_the_environment_and_refused_when_unknown() -> None:
    env = {"SCANSOURCE_SUBSCRIPTION_KEY": "k", "SCANSOURCE_API_LAYOUT": "legacy"}
    assert ScanSourceClient.from_env(environ=env).config.api_layout == "legacy"
    assert ScanSourceClient(subscription_key="k").config.api_layout == "gateway"
    with raises(Exception, match="api_layout"):
        ScanSourceClient(subscription_key="k", api_layout="v3")


@pytest.mark.parametrize(
    ("client_layout", "server_layout"), [("gateway", "legacy"), ("legacy", "gateway")]
)
async def test_a_client_in_the_wrong_layout_gets_a_not_found_naming_the_url(
    client_layout: str, server_layout: str
) -> None:
    sim = Simulator(seed=3, catalog_size=100, api_layout=server_layout)
    async with sim.client(api_layout=client_layout) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.invoices.detail("9000100195")
    error = caught.value
    expected = (
        "http://simulator.invalid/scsc/invoice/v1/detail?customerNumber=1000001"
        "&InvoiceNumber=9000100195&excludeSerialTracking=false"
        if client_layout == "gateway"
        else "http://simulator.invalid/invoice/detail/1000001/9000100195?excludeSerialTracking=false"
    )
    assert error.url == expected
    assert expected in str(error)
    assert f"api_layout='{client_layout}'" in str(error)
    assert error.status_code == 404


async def test_the_url_in_a_not_found_never_shows_a_secret(api: respx.MockRouter) -> None:
    api.route(host="api.test.invalid").mock(side_effect=reply(404, json={"message": "nope"}))
    async with make_client() as client:
        with pytest.raises(NotFoundError) as caught:
            await client.partner_profile.get("d@example.com")
    assert "sub-key" not in str(caught.value)
    assert caught.value.url is not None and caught.value.url.startswith(BASE_URL)


async def test_create_async_url_and_nested_body_are_exact(api: respx.MockRouter) -> None:
    route = api.post("scsc/salesorder/v1/createAsync").respond(
        json={"OrderReceived": True, "Errors": []}
    )
    order = SalesOrderRequest(
        business_unit=1712,
        po_number="PO-1",
        reference_number="REF-1",
        end_user_po="EU-1",
        memo="dock 4",
        manufacturer_drop_ship=False,
        requested_delivery_date=date(2026, 12, 24),
        entered_by_email="buyer@example.com",
        payer_id="P-7",
        deal_ids=["D-1", "D-2"],
        vrd=[VrdAnswer(id="ENDUSER", value="Clinic")],
        shipping=ShippingInfo(
            service_level_code="UPSGND",
            ship_complete=True,
            delivery_phone="555-0100",
            address=Address(
                name="Store",
                attn="Dock",
                street1="1 Main",
                street2="Unit 2",
                city="Greenville",
                state="SC",
                postal_code="29601",
                country="US",
            ),
        ),
        lines=[
            OrderLine(part_number="A1", quantity=2, reference_line_number="10", memo="gift"),
            OrderLine(part_number="MFR-9", part_type=PartNumberType.MANUFACTURER_PART_NUMBER),
        ],
    )
    async with make_client() as client:
        submitted = await client.sales_orders.create(order)
    assert submitted == OrderSubmission(received=True, po_number="PO-1", reference_number="REF-1")
    [call] = route.calls
    request = call.request
    assert (request.method, request.url.path) == ("POST", "/scsc/salesorder/v1/createAsync")
    assert dict(request.url.params) == {"customerNumber": "1000001"}
    assert json.loads(request.content) == {
        "BusinessUnit": 1712,
        "PONumber": "PO-1",
        "ReferenceNumber": "REF-1",
        "EndUserPO": "EU-1",
        "Memo": "dock 4",
        "ManufacturerDropShip": False,
        "RequestedDeliveryDate": "2026-12-24",
        "EnteredByEmailAddress": "buyer@example.com",
        "PayerId": "P-7",
        "DealIds": ["D-1", "D-2"],
        "VRD": [{"ID": "ENDUSER", "Value": "Clinic"}],
        "ShippingInfo": {
            "ShipMethodServiceLevelCode": "UPSGND",
            "ShipComplete": True,
            "DeliveryPhoneNumber": "555-0100",
            "ShippingAddress": {
                "Name": "Store",
                "Attn": "Dock",
                "Street1": "1 Main",
                "Street2": "Unit 2",
                "City": "Greenville",
                "State": "SC",
                "PostalCode": "29601",
                "Country": "US",
            },
        },
        "Lines": [
            {"PartNumber": "A1", "PartType": 1, "Quantity": 2, "ReferenceLineNumber": "10",
             "Memo": "gift"},
            {"PartNumber": "MFR-9", "PartType": 2, "Quantity": 1},
        ],
    }  # fmt: skip
