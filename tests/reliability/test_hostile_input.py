"""Hostile and bad input: every value either gets a typed ValidationError before any I/O, or
is sent correctly encoded and reaches exactly the path it was meant for, with exactly the
value the caller gave.

Property tests (hypothesis, bounded examples) run against an in-process simulator wrapped in
an ASGI recorder of raw request paths, so an encoding that changed the path would show.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import time
from collections.abc import Awaitable, Callable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scansource_async import (
    BadRequestError,
    CartItemRequest,
    CartRequest,
    NotFoundError,
    PricingLine,
    ScanSourceClient,
    ScanSourceError,
    ValidationError,
)
from scansource_async.testing import Simulator, SimulatorTransport
from scansource_async.testing.ledger import ledger

from .harness import SUBSCRIPTION_KEY, client_of, client_tasks, size

SETTINGS = settings(
    max_examples=size(100, 1_000),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# -- hostile values ----------------------------------------------------------------------------

TRAVERSAL = [
    "..",
    ".",
    "../x",
    "a/../../b",
    "%2e%2e",
    "%2E%2E/%2e%2e",
    "..%2f..%2fadmin",
    "?x=1#y",
    "#frag",
    "a?b=c&d=e",
    "a/b",
    "/leading",
    "trailing/",
    "a\\..\\b",
    "..;/x",
    "%00",
    "%",
    "%zz",
    "+",
    " spaced key ",
    "ключ/é/日本",
    "😀/../😀",
    "cart/list/x",
    "exists",
    "a" * 300,
]
HOSTILE_CHARS = "/?#&=%+.\\ ;:@!$'()*,[]{}|^`\"<>~éü日😀\x7f\u202e\u200b\ufeff"
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=HOSTILE_CHARS + "a.", max_size=20),
    st.lists(st.sampled_from(["..", ".", "/", "%2e", "%2F", "?", "#", "&", "x", "é"])).map("".join),
    st.sampled_from(TRAVERSAL),
)
long_text = st.builds(lambda ch, n: ch * n, st.characters(), st.integers(9_000, 10_240))
surrogates = st.sampled_from(["\ud800", "a\udfffb", "\udc80/.."])


class RawPaths:
    """ASGI middleware keeping each request's raw path (still percent-encoded, no query)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            self.paths.append(raw.decode("latin-1").split("?", 1)[0])
        await self.app(scope, receive, send)


class Api:
    """One simulator (no OAuth: nothing to refresh between examples) behind a raw-path
    recorder; each example gets its own client on its own event loop."""

    def __init__(self, api_layout: str = "gateway") -> None:
        self.sim = Simulator(
            seed=7,
            catalog_size=2_000,
            subscription_keys=(SUBSCRIPTION_KEY,),
            clients={},
            api_layout=api_layout,
        )
        self.raw = RawPaths(self.sim.app)

    def client(self) -> ScanSourceClient:
        return client_of(self.sim, transport=SimulatorTransport(app=self.raw), max_retries=0)

    def run(self, check: Callable[[ScanSourceClient], Awaitable[None]]) -> None:
        async def main() -> None:
            async with self.client() as client:
                await check(client)

        asyncio.run(main())

    def sent_since(self, mark: int) -> list[Any]:
        return self.sim.requests[mark:]


@pytest.fixture(scope="module")
def api() -> Api:
    return Api()


@pytest.fixture(scope="module")
def legacy_api() -> Api:
    """The legacy layout, where identifiers travel as path segments."""
    return Api("legacy")


async def refused_before_io(api: Api, call: Awaitable[Any]) -> None:
    mark, raw_mark = len(api.sim.requests), len(api.raw.paths)
    with pytest.raises(ValidationError):
        await call
    assert len(api.sim.requests) == mark and len(api.raw.paths) == raw_mark, "sent anyway"


def one_segment(raw_path: str, prefix: str) -> str:
    """The single encoded segment after ``prefix`` (fails if the value split the path)."""
    assert raw_path.startswith(prefix), raw_path
    rest = raw_path[len(prefix) :]
    assert rest and "/" not in rest, f"the value changed the path's shape: {raw_path}"
    return unquote(rest)


# -- item numbers ------------------------------------------------------------------------------


@SETTINGS
@given(item=st.one_of(hostile_text, long_text, surrogates))
def test_item_numbers_are_refused_or_sent_exactly(api: Api, item: str) -> None:
    async def check(client: ScanSourceClient) -> None:
        try:
            line = PricingLine(item)
        except ValidationError:
            for call in (
                client.products.pricing([item]),
                client.products.price(item),
                client.products.detail(item),
                client.products.availability([item]),
            ):
                await refused_before_io(api, call)
            sheet = await client.products.price_many(iter([item]))  # a lazy input: per line
            assert isinstance(sheet[0].error, ValidationError)
            return
        mark = len(api.sim.requests)
        try:
            products = await client.products.pricing([line])
        except ValidationError:  # unsendable text (a lone surrogate): refused before I/O
            assert len(api.sim.requests) == mark
            return
        [record] = api.sent_since(mark)
        assert (record.method, record.path, api.raw.paths[-1]) == (
            "POST",
            "scsc/product/v2/pricing",
            "/scsc/product/v2/pricing",
        )
        assert record.body["Lines"][0]["ItemNumber"] == item
        assert len(products) == 1 and (products[0].pricing_error or products[0].item_number)

        mark = len(api.sim.requests)
        with contextlib.suppress(NotFoundError):
            await client.products.detail(item)
        [record] = api.sent_since(mark)
        assert (record.path, api.raw.paths[-1]) == (
            "scsc/product/v2/detail",
            "/scsc/product/v2/detail",
        )
        assert record.query["itemNumber"] == item

    api.run(check)


# -- quantities and money ----------------------------------------------------------------------

quantities = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2**31 - 1, 2**31, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=4),
    st.decimals(allow_nan=True, allow_infinity=True),
)


@SETTINGS
@given(quantity=quantities)
def test_quantities_are_integers_in_range_or_refused(api: Api, quantity: Any) -> None:
    item = api.sim.catalog.item_numbers[3]
    valid = type(quantity) is int and 1 <= quantity <= 2**31 - 1

    async def check(client: ScanSourceClient) -> None:
        if not valid:
            with pytest.raises(ValidationError):
                PricingLine(item, quantity=quantity)
            with pytest.raises(ValidationError):
                CartItemRequest(item_number=item, quantity=quantity)
            await refused_before_io(api, client.products.price(item, quantity))
            return
        mark = len(api.sim.requests)
        with contextlib.suppress(BadRequestError):  # more than the API prices: typed refusal
            await client.products.pricing([PricingLine(item, quantity=quantity)])
        [record] = api.sent_since(mark)
        assert record.body["Lines"][0]["Quantity"] == quantity

    api.run(check)


money = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from(["12.30", "-1", "NaN", "1e400", "abc", "", " 5 ", "0.1"]),
    st.booleans(),
    st.none(),
)


@SETTINGS
@given(price=money)
def test_money_is_exact_or_refused(api: Api, price: Any) -> None:
    item = api.sim.catalog.item_numbers[4]

    async def check(client: ScanSourceClient) -> None:
        try:
            cart_item = CartItemRequest(item_number=item, price=price)
        except ValidationError:
            assert price is not None
            assert isinstance(price, float | bool) or not _finite_non_negative(price)
            return
        assert not isinstance(price, float), "a float amount was accepted"
        key = "money"
        mark = len(api.sim.requests)
        try:
            await client.carts.create(key, CartRequest(name="m", items=[cart_item]))
        except ValidationError:  # more digits than the wire format carries exactly
            assert len(api.sim.requests) == mark
            return
        except BadRequestError:
            pass  # the simulator's own limits on amounts
        finally:
            await client.carts.clear(key)
        record = api.sent_since(mark)[0]
        sent = record.body["Items"][0].get("Price")
        if price is None:
            assert sent is None
        else:
            assert Decimal(repr(sent)) == Decimal(str(price).strip())

    api.run(check)


def _finite_non_negative(value: Any) -> bool:
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        return False
    return amount.is_finite() and amount >= 0


# -- path and query parameters -----------------------------------------------------------------


@SETTINGS
@given(key=st.one_of(hostile_text, surrogates))
def test_cart_keys_reach_exactly_their_own_collection(legacy_api: Api, key: str) -> None:
    async def check(client: ScanSourceClient) -> None:
        tenant = ledger(legacy_api.sim).tenant_of_key(SUBSCRIPTION_KEY)
        tenant.carts.clear()
        mark = len(legacy_api.raw.paths)
        try:
            cart = await client.carts.create(key, CartRequest(name="hostile"))
        except ValidationError:
            assert len(legacy_api.raw.paths) == mark
            assert not key.strip() or "\x00" in key or _unsendable(key)
            return
        except NotFoundError:
            # Sent as one segment, but the simulator's router (a regex without DOTALL) cannot
            # match a line break in a path: a typed refusal, and nothing was created.
            assert one_segment(legacy_api.raw.paths[-1], "/cart/") == key
            assert not tenant.carts and any(ch in key for ch in "\n\r")
            return
        # The server saw one request, on the create route, holding exactly this key.
        assert len(legacy_api.raw.paths) == mark + 1
        assert one_segment(legacy_api.raw.paths[-1], "/cart/") == key
        assert list(tenant.carts) == [key]
        assert (await client.carts.get(key)).cart_id == cart.cart_id
        assert [c.cart_id for c in await client.carts.list(key)] == [cart.cart_id]
        assert one_segment(legacy_api.raw.paths[-1], "/cart/list/") == key
        await client.carts.clear(key)
        assert not tenant.carts

    legacy_api.run(check)


@SETTINGS
@given(number=st.one_of(hostile_text, surrogates))
def test_customer_numbers_stay_one_path_segment(legacy_api: Api, number: str) -> None:
    async def check(client: ScanSourceClient) -> None:
        mark = len(legacy_api.raw.paths)
        try:
            await client.customers.get(customer_number=number)
        except ValidationError:
            assert len(legacy_api.raw.paths) == mark
            return
        except NotFoundError:
            pass
        assert len(legacy_api.raw.paths) == mark + 1
        assert one_segment(legacy_api.raw.paths[-1], "/customer/") == number

    legacy_api.run(check)


@SETTINGS
@given(value=st.one_of(hostile_text, surrogates, long_text))
def test_query_values_arrive_exactly_and_add_no_parameter(api: Api, value: str) -> None:
    async def check(client: ScanSourceClient) -> None:
        mark = len(api.sim.requests)
        try:
            await client.sales_orders.list(po_number=value, page_size=5, max_pages=1).to_list()
        except ValidationError:  # unsendable text, or a URL longer than httpx builds
            assert len(api.sim.requests) == mark
            assert _unsendable(value) or len(quote(value)) > 60_000
            return
        [record] = api.sent_since(mark)
        assert api.raw.paths[-1] == "/scsc/salesorder/v1/list"
        assert record.query == {
            "customerNumber": api.sim.customer_number,
            "poNumber": value,
            "page": "1",
            "pageSize": "5",
        }

    api.run(check)


def _unsendable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# -- wrong types -------------------------------------------------------------------------------

Call = Callable[[ScanSourceClient], Awaitable[Any]]
WRONG: dict[str, Call] = {
    "pricing(None)": lambda c: c.products.pricing(None),  # type: ignore[arg-type]
    "pricing(42)": lambda c: c.products.pricing(42),  # type: ignore[arg-type]
    "pricing('ABC-1')": lambda c: c.products.pricing("ABC-1"),
    "pricing(b'ABC')": lambda c: c.products.pricing(b"ABC"),  # type: ignore[arg-type]
    "pricing([None])": lambda c: c.products.pricing([None]),  # type: ignore[list-item]
    "pricing([42])": lambda c: c.products.pricing([42]),  # type: ignore[list-item]
    "pricing([dict])": lambda c: c.products.pricing([{"item_number": "A"}]),  # type: ignore[list-item]
    "pricing([])": lambda c: c.products.pricing([]),
    "pricing(warehouse=9999)": lambda c: c.products.pricing(["A"], warehouse="9999"),
    "pricing(deal_id='')": lambda c: c.products.pricing(["A"], deal_id=""),
    "price_many(None)": lambda c: c.products.price_many(None),  # type: ignore[arg-type]
    "price_many(42)": lambda c: c.products.price_many(42),  # type: ignore[arg-type]
    "price_many('ABC')": lambda c: c.products.price_many("ABC"),
    "price_many([1, 2])": lambda c: c.products.price_many([1, 2]),  # type: ignore[list-item]
    "price_many(chunk_size=0)": lambda c: c.products.price_many(["A"], chunk_size=0),
    "price_many(chunk_size=1.5)": lambda c: c.products.price_many(["A"], chunk_size=1.5),  # type: ignore[arg-type]
    "price_many(chunk_size=True)": lambda c: c.products.price_many(["A"], chunk_size=True),
    "price_many(chunk_size=10**9)": lambda c: c.products.price_many(["A"], chunk_size=10**9),
    "price_many(max_in_flight=0)": lambda c: c.products.price_many(["A"], max_in_flight=0),
    "price_many(deadline=nan)": lambda c: c.products.price_many(["A"], deadline=math.nan),
    "price_many(deadline=-1)": lambda c: c.products.price_many(["A"], deadline=-1),
    "price_many(deadline='1')": lambda c: c.products.price_many(["A"], deadline="1"),  # type: ignore[arg-type]
    "stream_prices(window=-5)": lambda c: _drain(c.products.stream_prices(["A"], window=-5)),
    "stream_prices(window='x')": lambda c: _drain(c.products.stream_prices(["A"], window="x")),  # type: ignore[arg-type]
    "price(None)": lambda c: c.products.price(None),  # type: ignore[arg-type]
    "price(42)": lambda c: c.products.price(42),  # type: ignore[arg-type]
    "price(quantity='1')": lambda c: c.products.price("A", "1"),  # type: ignore[arg-type]
    "price(quantity=1.0)": lambda c: c.products.price("A", 1.0),  # type: ignore[arg-type]
    "price(quantity=True)": lambda c: c.products.price("A", True),
    "price(quantity=nan)": lambda c: c.products.price("A", math.nan),  # type: ignore[arg-type]
    "availability('ABC')": lambda c: c.products.availability("ABC"),
    "availability(None)": lambda c: c.products.availability(None),  # type: ignore[arg-type]
    "detail(None)": lambda c: c.products.detail(None),  # type: ignore[arg-type]
    "customers.get([])": lambda c: c.customers.get(customer_number=[]),  # type: ignore[arg-type]
    "customers.get(b'1')": lambda c: c.customers.get(customer_number=b"1"),  # type: ignore[arg-type]
    "customers.get(1.5)": lambda c: c.customers.get(customer_number=1.5),  # type: ignore[arg-type]
    "carts.get(None)": lambda c: c.carts.get(None),  # type: ignore[arg-type]
    "carts.get('')": lambda c: c.carts.get(""),
    "carts.get('a\\x00b')": lambda c: c.carts.get("a\x00b"),
    "carts.create(dict)": lambda c: c.carts.create("k", {"Name": "x"}),  # type: ignore[arg-type]
    "sales_orders.create(dict)": lambda c: c.sales_orders.create({"PONumber": "x"}),  # type: ignore[arg-type]
    "sales_orders.create(None)": lambda c: c.sales_orders.create(None),  # type: ignore[arg-type]
    "request('TRACE')": lambda c: c.request("TRACE", "partnerprofile"),
    "request(missing path param)": lambda c: c.request("GET", "customer/{number}"),
    "request(deadline=0)": lambda c: c.request("GET", "partnerprofile", deadline=0),
    "request(nan body)": lambda c: c.request("POST", "spa/detail", json={"x": math.nan}),
    "request(set body)": lambda c: c.request("POST", "spa/detail", json={"x": {1, 2}}),
    "request(Decimal NaN)": lambda c: c.request("POST", "spa/detail", json={"x": Decimal("NaN")}),
}


async def _drain(stream: Any) -> list[Any]:
    async with stream:
        return [result async for result in stream]


@pytest.mark.parametrize("name", list(WRONG))
def test_wrong_types_are_validation_errors_before_io(api: Api, name: str) -> None:
    async def check(client: ScanSourceClient) -> None:
        mark, raw_mark = len(api.sim.requests), len(api.raw.paths)
        with pytest.raises(ValidationError):
            await WRONG[name](client)  # some refuse at the call, some when awaited
        assert len(api.sim.requests) == mark and len(api.raw.paths) == raw_mark, "sent anyway"

    api.run(check)


# -- empty and enormous inputs -----------------------------------------------------------------


def test_empty_and_enormous_inputs(api: Api) -> None:
    async def check(client: ScanSourceClient) -> None:
        mark = len(api.sim.requests)
        assert len(await client.products.price_many([])) == 0
        assert len(await client.products.price_many(iter([]))) == 0
        async with client.products.stream_prices([]) as stream:
            assert [r async for r in stream] == []
        assert len(api.sim.requests) == mark

        started = time.monotonic()
        await refused_before_io(api, client.products.pricing(["A"] * 1_000_000))
        await refused_before_io(api, client.products.availability(["A"] * 1_000_000))
        assert time.monotonic() - started < 1.0

        # An endless input: read lazily and only as far as the consumer goes.
        items = api.sim.catalog.item_numbers
        read = 0

        def endless() -> Iterator[PricingLine]:
            nonlocal read
            for n in itertools.count():
                read += 1
                yield PricingLine(items[n % len(items)], quantity=1 + n // len(items))

        baseline = set(asyncio.all_tasks())
        taken = 0
        async with client.products.stream_prices(endless(), window=1_000) as stream:
            async for result in stream:
                assert result.error is None
                taken += 1
                if taken == 3_000:
                    break
        assert taken == 3_000 and read <= 3_000 + 1_000 + client.config.chunk_size
        assert client.pipeline.in_flight == 0 and not client_tasks(baseline)

    api.run(check)


def test_a_failing_input_iterator_is_a_typed_outcome_or_its_own_error(api: Api) -> None:
    """An input iterator that raises: the caller gets the iterator's own exception back (it is
    the caller's bug, not the API's), and nothing is left running."""

    def broken() -> Iterator[str]:
        yield api.sim.catalog.item_numbers[0]
        raise KeyError("the caller's input broke")

    async def check(client: ScanSourceClient) -> None:
        baseline = set(asyncio.all_tasks())
        with pytest.raises((KeyError, ScanSourceError)):
            await client.products.price_many(broken())
        assert client.pipeline.in_flight == 0 and not client_tasks(baseline)

    api.run(check)
