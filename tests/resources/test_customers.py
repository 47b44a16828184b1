"""client.customers against respx: paths, the default customer number, models, errors."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
import respx

from scansource_async import (
    CreditData,
    Customer,
    InvalidResponseError,
    NotFoundError,
    Payer,
    ScanSourceClient,
    ValidationError,
)
from tests.helpers import Script, raises, reply
from tests.helpers import make_client as make_any_client


def make_client(**options: object) -> ScanSourceClient:
    """These tests pin the seeds' paths: the legacy layout sends them unchanged."""
    return make_any_client(**{"api_layout": "legacy", **options})


@pytest.fixture
def recorded(api: respx.MockRouter) -> Script:
    script = Script(reply(200, json={}))
    api.route(host="api.test.invalid").mock(side_effect=script)
    return script


async def test_get_uses_the_client_customer_number(api: respx.MockRouter) -> None:
    route = api.get("customer/1000001").respond(
        json={"CustomerNumber": "1000001", "Name": "Northwind", "Unknown": 1}
    )
    async with make_client() as client:
        customer = await client.customers.get()
    assert customer == Customer(customer_number="1000001", name="Northwind")
    assert route.call_count == 1
    assert route.calls.last.request.url.query == b""


async def test_get_customer_number_can_be_overridden(api: respx.MockRouter) -> None:
    route = api.get("customer/2000002").respond(json={"CustomerNumber": "2000002"})
    async with make_client() as client:
        customer = await client.customers.get(customer_number="2000002")
        assert customer.customer_number == "2000002"
        copy = client.with_options(customer_number="2000002")
        await copy.customers.get()
    assert route.call_count == 2


async def test_get_encodes_the_customer_number(recorded: Script) -> None:
    async with make_client() as client:
        await client.customers.get(customer_number="../1?x")
    assert recorded.requests[0].url.raw_path == b"/customer/..%2F1%3Fx"


async def test_credit_data_path_and_exact_money(api: respx.MockRouter) -> None:
    raw = (
        b'{"CustomerNumber": "1000001", "Region": "NA", "Status": "Active",'
        b' "CurrencyCode": "USD", "CreditLimit": 19999999.99, "CreditAvailable": 12.30,'
        b' "OpenOrderAmount": 0.10, "RevenueYTD": 5, "RevenueLastYear": null}'
    )
    route = api.get("customer/creditdata/1000001/NA").respond(
        content=raw, headers={"Content-Type": "application/json"}
    )
    async with make_client() as client:
        credit = await client.customers.credit_data("NA")
    assert route.call_count == 1
    assert isinstance(credit, CreditData)
    assert credit.status == "Active"
    assert str(credit.credit_limit) == "19999999.99"
    assert str(credit.credit_available) == "12.30"
    assert str(credit.open_order_amount) == "0.10"
    assert credit.revenue_last_year is None
    assert credit.credit_available == Decimal("12.30")


async def test_credit_data_for_another_customer(recorded: Script) -> None:
    async with make_client() as client:
        await client.customers.credit_data("EU/2", customer_number="3000003")
    assert recorded.requests[0].url.raw_path == b"/customer/creditdata/3000003/EU%2F2"


async def test_payers(api: respx.MockRouter) -> None:
    route = api.get("customer/payers/1000001/1712").respond(
        json=[
            {"PayerNumber": "P1", "Name": "HQ", "BusinessUnit": "1712"},
            {"PayerNumber": "P2", "Name": None},
        ]
    )
    async with make_client() as client:
        payers = await client.customers.payers("1712")
        other = await client.customers.payers("1712", customer_number="1000001")
    assert payers == [
        Payer(payer_number="P1", name="HQ", business_unit="1712"),
        Payer(payer_number="P2"),
    ]
    assert other == payers
    assert route.call_count == 2


async def test_payers_null_is_an_empty_list(api: respx.MockRouter) -> None:
    api.get("customer/payers/1000001/1713").respond(
        200, content=b"null", headers={"Content-Type": "application/json"}
    )
    async with make_client() as client:
        assert await client.customers.payers("1713") == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.customers.get(),
        lambda c: c.customers.credit_data("NA"),
        lambda c: c.customers.payers("1712"),
    ],
    ids=["get", "credit_data", "payers"],
)
async def test_missing_customer_number_raises_before_io(
    api: respx.MockRouter, recorded: Script, call: object
) -> None:
    async with make_client(customer_number=None) as client:
        with raises(ValidationError, match="customer_number"):
            await call(client)  # type: ignore[operator]
    assert recorded.calls == 0
    assert api.routes["token"].call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.customers.get(customer_number=" "),
        lambda c: c.customers.credit_data(""),
        lambda c: c.customers.payers("\x00"),
    ],
    ids=["blank number", "empty region", "NUL business unit"],
)
async def test_bad_arguments_raise_before_io(
    api: respx.MockRouter, recorded: Script, call: object
) -> None:
    async with make_client() as client:
        with raises(ValidationError):
            await call(client)  # type: ignore[operator]
    assert recorded.calls == 0


async def test_unknown_customer_is_not_found_with_the_api_message(api: respx.MockRouter) -> None:
    route = api.get("customer/9999999").respond(
        404,
        json={"message": "Customer 9999999 was not found"},
        headers={"Request-Id": "rq-404"},
    )
    async with make_client() as client:
        with raises(NotFoundError, match="Customer 9999999 was not found") as info:
            await client.customers.get(customer_number="9999999")
    assert route.call_count == 1
    assert info.value.status_code == 404
    assert info.value.request_id == "rq-404"
    assert info.value.body == {"message": "Customer 9999999 was not found"}


async def test_wrong_shape_raises_invalid_response(api: respx.MockRouter) -> None:
    api.get("customer/1000001").respond(json=[{"CustomerNumber": "1000001"}])
    api.get("customer/payers/1000001/1712").respond(json={"PayerNumber": "P1"})
    async with make_client() as client:
        with raises(InvalidResponseError):
            await client.customers.get()
        with raises(InvalidResponseError):
            await client.customers.payers("1712")


async def test_reads_are_retried(api: respx.MockRouter) -> None:
    route = api.get("customer/1000001").mock(
        side_effect=[httpx.Response(503), httpx.ReadTimeout("slow"), httpx.Response(200, json={})]
    )
    async with make_client() as client:
        assert await client.customers.get() == Customer()
    assert route.call_count == 3


async def test_an_empty_customer_number_is_refused_not_replaced(api: respx.MockRouter) -> None:
    async with make_client() as client:
        with pytest.raises(ValidationError, match="customer_number"):
            await client.customers.get(customer_number="")
    assert not api.calls
