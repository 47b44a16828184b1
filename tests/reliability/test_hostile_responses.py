"""Hostile responses: whatever the server answers (HTML error pages, truncated or deeply nested
JSON, wrong types, huge bodies, missing or extra fields, odd headers), every call returns a
parsed value or raises a ScanSourceError, and bulk jobs report one typed result per line.
Never another exception, never a hang.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scansource_async import (
    CartRequest,
    InvalidResponseError,
    OrderLine,
    PricingLine,
    RetryPolicy,
    SalesOrderRequest,
    ScanSourceClient,
    ScanSourceError,
    ServerError,
)

from .harness import CLIENT_SECRET, SUBSCRIPTION_KEY, SecretWatch, size
from .scenarios import SHIPPING

ORDER = SalesOrderRequest(
    po_number="PO-HOSTILE",
    business_unit="1712",
    shipping=SHIPPING,
    lines=[OrderLine(part_number="ITEM-1")],
)


TOKEN = "HOSTILE-TOKEN-5e1f0c7a9b3d"
TOKEN_URL = "http://login.hostile.invalid/token"


def client_with(handler: Callable[[httpx.Request], httpx.Response]) -> ScanSourceClient:
    """A client with OAuth whose token endpoint answers normally and whose API answers with
    ``handler``."""

    def route(request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            return httpx.Response(200, json={"access_token": TOKEN, "expires_in": 3600})
        return handler(request)

    return ScanSourceClient(
        subscription_key=SUBSCRIPTION_KEY,
        client_id="hostile-client",
        client_secret=CLIENT_SECRET,
        token_url=TOKEN_URL,
        customer_number="1000001",
        base_url="http://hostile.invalid/",
        transport=httpx.MockTransport(route),
        max_rate=100_000,
        retry=RetryPolicy(
            max_retries=1, backoff_base=0.001, backoff_cap=0.001, max_retry_after=0.01
        ),
    )


async def _sheet_errors(client: ScanSourceClient) -> Any:
    sheet = await client.products.price_many([PricingLine(f"ITEM-{n}") for n in range(3)])
    assert len(sheet) == 3
    for result in sheet:
        assert result.error is None or isinstance(result.error, ScanSourceError), result.error
    return sheet


CALLS: dict[str, Callable[[ScanSourceClient], Awaitable[Any]]] = {
    "pricing": lambda c: c.products.pricing(["ITEM-1", "ITEM-2"]),
    "price": lambda c: c.products.price("ITEM-1"),
    "price_many": _sheet_errors,
    "availability": lambda c: c.products.availability(["ITEM-1"]),
    "detail": lambda c: c.products.detail("ITEM-1"),
    "search": lambda c: c.products.search(search_text="x", max_pages=2).to_list(),
    "customers.get": lambda c: c.customers.get(),
    "sales_orders.create": lambda c: c.sales_orders.create(ORDER),
    "sales_orders.list": lambda c: c.sales_orders.list(max_pages=2).to_list(),
    "sales_orders.detail": lambda c: c.sales_orders.detail("6000000001"),
    "carts.get": lambda c: c.carts.get("k"),
    "carts.list": lambda c: c.carts.list("k"),
    "carts.create": lambda c: c.carts.create("k", CartRequest(name="n")),
    "carts.exists": lambda c: c.carts.exists("k"),
    "invoices.pdf": lambda c: c.invoices.pdf("8000000001"),
    "partner_profile.validate": lambda c: c.partner_profile.validate(
        "a@example.com", "https://api.example.com/product/pricing"
    ),
}


async def survive(client: ScanSourceClient, name: str, watch: SecretWatch) -> str:
    """Run one call; return "ok" or the ScanSourceError's name. Anything else fails the test."""
    try:
        await asyncio.wait_for(CALLS[name](client), 10)
    except ScanSourceError as exc:
        watch.exception(exc)
        return type(exc).__name__
    return "ok"


# -- fixed hostile answers ---------------------------------------------------------------------

PRODUCT = {"ItemNumber": "ITEM-1", "UnitPrice": 12.3, "MSRP": 20, "QuantityAvailable": 5}
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>" + b"<p>nginx</p>" * 50 + b"</html>"
FIXED: dict[str, tuple[int, dict[str, str], bytes]] = {
    "html error page": (502, {"content-type": "text/html"}, HTML),
    "html with 200": (200, {"content-type": "text/html"}, HTML),
    "truncated json": (
        200,
        {"content-type": "application/json"},
        json.dumps([PRODUCT]).encode()[:-7],
    ),
    "empty json": (200, {"content-type": "application/json"}, b""),
    "json null": (200, {"content-type": "application/json"}, b"null"),
    "json string": (200, {"content-type": "application/json"}, b'"hello"'),
    "json number": (200, {"content-type": "application/json"}, b"42"),
    "wrong types": (
        200,
        {"content-type": "application/json"},
        json.dumps(
            [{"ItemNumber": 7, "UnitPrice": "twelve", "QuantityAvailable": [], "PricingError": "x"}]
        ).encode(),
    ),
    "missing fields": (200, {"content-type": "application/json"}, b"[{}]"),
    "extra fields": (
        200,
        {"content-type": "application/json"},
        json.dumps([{**PRODUCT, "Surprise": {"deep": [1, 2]}, "NewField": None}]).encode(),
    ),
    "deep nesting": (200, {"content-type": "application/json"}, b"[" * 100_000 + b"]" * 100_000),
    "NaN literal": (200, {"content-type": "application/json"}, b'[{"UnitPrice": NaN}]'),
    "huge number": (200, {"content-type": "application/json"}, b'[{"UnitPrice": 1e999999}]'),
    "huge integer": (
        200,
        {"content-type": "application/json"},
        b'[{"QuantityAvailable": ' + b"9" * 5000 + b"}]",
    ),
    "invalid utf-8": (200, {"content-type": "application/json"}, b'[{"ItemNumber": "\xff\xfe"}]'),
    "huge body": (
        200,
        {"content-type": "application/json"},
        json.dumps([PRODUCT] * 60_000).encode(),  # ~5 MB
    ),
    "429 odd retry-after": (429, {"retry-after": "soon", "retry-after-ms": "NaN"}, b"{}"),
    "429 endless retry-after": (429, {"retry-after": "1e308"}, b"{}"),
    "503 negative retry-after": (503, {"retry-after": "-5"}, b""),
    "unknown status": (299, {"content-type": "application/json"}, b"[]"),
    "weird 4xx": (418, {"content-type": "application/json"}, b'{"message": "teapot"}'),
    "redirect": (302, {"location": "http://elsewhere.invalid/"}, b""),
    "secret echoed": (
        401,
        {"content-type": "application/json"},
        json.dumps({"message": f"bad {SUBSCRIPTION_KEY} / {CLIENT_SECRET} / {TOKEN}"}).encode(),
    ),
}


@pytest.mark.parametrize("answer", list(FIXED))
async def test_every_call_survives_a_hostile_answer(answer: str, watch: SecretWatch) -> None:
    watch.tokens.add(TOKEN)
    status, headers, content = FIXED[answer]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=content)

    outcomes = {}
    async with client_with(handler) as client:
        for name in CALLS:
            outcomes[name] = await survive(client, name, watch)
    if status >= 400 or answer in ("truncated json", "deep nesting", "html with 200"):
        assert "ok" not in {v for k, v in outcomes.items() if k != "price_many"}, outcomes
    if answer == "html error page":
        assert outcomes["customers.get"] == "ServerError"
    if answer in ("truncated json", "deep nesting", "invalid utf-8"):
        assert outcomes["customers.get"] == "InvalidResponseError", outcomes


async def test_extra_fields_are_ignored_and_missing_ones_are_none() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        product = {**PRODUCT, "Surprise": {"x": 1}}
        del product["MSRP"]
        return httpx.Response(200, json=[product])

    async with client_with(handler) as client:
        [product] = await client.products.pricing(["ITEM-1"])
    assert product.unit_price == Decimal("12.3") and isinstance(product.unit_price, Decimal)
    assert product.msrp is None and product.quantity_available == 5


async def test_an_html_error_page_is_a_server_error_with_a_short_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, headers={"content-type": "text/html"}, content=HTML * 100)

    async with client_with(handler) as client:
        with pytest.raises(ServerError) as caught:
            await client.customers.get()
    assert caught.value.status_code == 502 and len(str(caught.value)) < 700


async def test_a_truncated_body_is_an_invalid_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/json"}, content=b'[{"Item')

    async with client_with(handler) as client:
        with pytest.raises(InvalidResponseError):
            await client.products.pricing(["ITEM-1"])
        sheet = await client.products.price_many(["ITEM-1", "ITEM-2"])
    assert all(isinstance(r.error, InvalidResponseError) for r in sheet)


# -- generated hostile answers -----------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ItemNumber",
                    "UnitPrice",
                    "MSRP",
                    "Items",
                    "items",
                    "TotalCount",
                    "Name",
                    "CartID",
                    "OrderNumber",
                    "OrderCreated",
                    "PricingError",
                    "message",
                    "QuantityAvailable",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


def _cut(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


bodies = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.tuples(json_values.map(lambda v: json.dumps(v).encode()), st.floats(0, 1)).map(
        lambda t: _cut(*t)
    ),
    st.binary(max_size=200),
    st.sampled_from([HTML, b"", b"   ", b"\xef\xbb\xbf[]", b"[" * 5_000, b"{}" * 3]),
)
statuses = st.sampled_from(
    [200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]
)
content_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/html", "text/plain", "",
     "application/problem+json", "application/pdf"]
)  # fmt: skip


@settings(
    max_examples=size(60, 600),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(status=statuses, content_type=content_types, body=bodies, name=st.sampled_from(list(CALLS)))
def test_generated_answers_never_crash_a_call(
    status: int, content_type: str, body: bytes, name: str, watch: SecretWatch
) -> None:
    watch.tokens.add(TOKEN)

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": content_type} if content_type else {}
        return httpx.Response(status, headers=headers, content=body)

    async def main() -> None:
        async with client_with(handler) as client:
            await survive(client, name, watch)

    asyncio.run(main())


@pytest.mark.parametrize("answer", list(FIXED))
async def test_a_hostile_token_endpoint_is_a_typed_error(answer: str, watch: SecretWatch) -> None:
    status, headers, content = FIXED[answer]

    def token_answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=content)

    client = ScanSourceClient(
        subscription_key=SUBSCRIPTION_KEY,
        client_id="hostile-client",
        client_secret=CLIENT_SECRET,
        token_url=TOKEN_URL,
        customer_number="1000001",
        base_url="http://hostile.invalid/",
        transport=httpx.MockTransport(token_answer),
        max_rate=100_000,
        retry=RetryPolicy(max_retries=1, backoff_base=0.001, backoff_cap=0.001),
    )
    async with client:
        with pytest.raises(ScanSourceError) as caught:
            await asyncio.wait_for(client.customers.get(), 10)
    watch.exception(caught.value)
