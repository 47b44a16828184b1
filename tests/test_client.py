"""ScanSourceClient: construction, lifecycle, with_options, the request() escape hatch, secrets."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import math
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest
import respx

import scansource_async
from scansource_async import (
    ClientClosedError,
    InvalidResponseError,
    NotFoundError,
    ScanSourceClient,
    ScanSourceError,
    ServerError,
    Timeout,
    ValidationError,
)
from scansource_async.testing import Simulator, SimulatorTransport
from tests.helpers import (
    ACCESS_TOKEN,
    BASE_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    SUBSCRIPTION_KEY,
    Script,
    assert_no_secrets,
    make_client,
    raises,
    reply,
)

# -- construction ------------------------------------------------------------------------------

BAD_OPTIONS: list[dict[str, Any]] = [
    {"subscription_key": ""},
    {"subscription_key": "   "},
    {"subscription_key": None},
    {"subscription_key": "abc\n"},
    {"subscription_key": "abc def"},
    {"max_rate": -1},
    {"max_rate": 0},
    {"max_rate": math.nan},
    {"max_rate": math.inf},
    {"max_rate": True},
    {"max_rate": "10"},
    {"max_in_flight": 0},
    {"max_in_flight": -3},
    {"max_in_flight": True},
    {"max_in_flight": 2.5},
    {"base_url": "api.test.invalid/v1"},
    {"base_url": "ftp://api.test.invalid/"},
    {"base_url": "https://"},
    {"base_url": "https:///path"},
    {"base_url": "https://api.test.invalid/?x=1"},
    {"base_url": "https://api.test.invalid/#top"},
    {"base_url": None},
    {"base_url": 42},
    {"token_url": "not a url"},
    {"client_id": "id-only", "client_secret": None},
    {"client_id": None, "client_secret": "secret-only"},
    {"client_id": "", "client_secret": "s"},
    {"deadline": -1},
    {"deadline": 0},
    {"deadline": math.nan},
    {"max_retries": -1},
    {"max_retries": True},
    {"max_retries": 1.5},
    {"timeout": -1},
    {"timeout": 0},
    {"customer_number": "  "},
    {"chunk_size": 0},
    {"page_size": -1},
    {"routes": 5},
    {"routes": {"products.pricing": 5}},
    {"routes": {"products.pricing": "http://elsewhere.invalid/v2/pricing"}},
    {"routes": {"products.pricing": "HTTPS://elsewhere.invalid/v2/pricing"}},
    {"routes": {"products.pricing": "//elsewhere.invalid/v2/pricing"}},
    {"routes": {"products.pricing": "scsc/../../v2/pricing"}},
    {"scope": 5},
]


@pytest.mark.parametrize("options", BAD_OPTIONS, ids=[repr(o) for o in BAD_OPTIONS])
def test_bad_input_at_construction_raises_validation_error(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        make_client(**options)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ScanSourceError)
    assert_no_secrets(str(info.value), repr(info.value))


def test_validation_error_never_echoes_a_bad_key() -> None:
    key = "0123456789abcdef0123\n"
    with pytest.raises(ValidationError) as info:
        make_client(subscription_key=key)
    assert key.strip() not in str(info.value)


@pytest.mark.parametrize("field", ["subscription_key", "client_id", "client_secret"])
@pytest.mark.parametrize(
    "value",
    [
        "k\u00e9y-0123456789abcdef",  # non-ASCII: once crashed mid-request, quoting the key
        "key-0123456789\u2003abcdef",  # a Unicode space
        "key-0123456789\tabcdef",
        "key-0123456789\x7fabcdef",
        "key-0123456789\r\nX-Injected: 1",
        "\u0130stanbul-0123456789",
    ],
)
def test_credentials_must_be_printable_ascii_and_are_never_echoed(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        make_client(**{field: value})
    error = info.value
    for text in (str(error), repr(error), repr(error.args)):
        assert value not in text
        assert value[:12] not in text
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    assert field in str(error)


async def test_base_url_gets_a_trailing_slash() -> None:
    async with make_client(base_url="https://api.test.invalid/scsc") as client:
        assert client.config.base_url == "https://api.test.invalid/scsc/"


async def test_defaults() -> None:
    async with ScanSourceClient(subscription_key=SUBSCRIPTION_KEY) as client:
        config = client.config
    assert config.base_url == "https://api.scansource.com/"
    assert config.max_rate == 10
    assert config.max_in_flight == 16
    assert config.retry.max_retries == 3
    assert config.deadline is None
    assert config.uses_oauth is False
    assert config.timeout == Timeout()


async def test_max_retries_overrides_the_policy() -> None:
    async with make_client(max_retries=7) as client:
        assert client.config.retry.max_retries == 7
        assert client.config.retry.backoff_base == 0.001


# -- secrets out of reprs ------------------------------------------------------------------------


async def test_reprs_hold_no_secrets(client: ScanSourceClient) -> None:
    texts = [
        repr(client),
        str(client),
        repr(client.config),
        str(client.config),
        repr(client.pipeline),
        repr(client.customers),
        repr(client.partner_profile),
        repr(client.with_options(customer_number="2")),
    ]
    assert_no_secrets(*texts)
    assert BASE_URL in repr(client)
    assert "1000001" in repr(client)
    assert "***" in repr(client.config)
    assert CLIENT_ID in repr(client.config)


async def test_reprs_hold_no_token_after_use(api: respx.MockRouter) -> None:
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        await client.request("GET", "thing")
        texts = [repr(client), repr(client.pipeline), repr(vars(client)), repr(client.stats)]
    assert_no_secrets(*texts)
    assert ACCESS_TOKEN not in repr(vars(client.pipeline))


async def test_secrets_stay_out_of_logs_and_errors(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    # Error bodies that echo the secrets back must not carry them into our messages.
    echo = f"key {SUBSCRIPTION_KEY} secret {CLIENT_SECRET} token {ACCESS_TOKEN}"
    api.route(path="/ok").respond(json={"ok": True})
    api.route(path="/flaky").mock(side_effect=[httpx.Response(503), httpx.Response(200)])
    api.route(path="/missing").respond(404, json={"message": echo})
    api.route(path="/broken").respond(500, text=echo)
    api.route(path="/drop").mock(side_effect=httpx.ReadError(echo))
    api.route(path="/local").mock(
        side_effect=httpx.LocalProtocolError(f"Illegal header value b'{SUBSCRIPTION_KEY}\\n'")
    )
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    async with make_client(max_retries=1) as client:
        await client.request("GET", "ok")
        await client.request("GET", "flaky")
        for path, kind in [
            ("missing", NotFoundError),
            ("broken", ServerError),
            ("drop", ScanSourceError),
            ("local", ValidationError),
        ]:
            with raises(kind) as info:
                await client.request("GET", path)
            errors.append(info.value)
        with raises(ScanSourceError) as info:
            await client.request("POST", "drop", json={}, retry_safe=False)
        errors.append(info.value)
    assert caplog.records, "the client logs at DEBUG"
    assert any(r.name == "scansource_async" for r in caplog.records)
    for record in caplog.records:
        assert_no_secrets(record.getMessage(), record.args)
    assert_no_secrets(caplog.text)
    assert "key *** secret *** token ***" in str(errors[0])


# -- lifecycle ---------------------------------------------------------------------------------


async def test_async_with_closes_the_client(api: respx.MockRouter) -> None:
    async with make_client() as client:
        assert not client.pipeline.closed
    assert client.pipeline.closed


async def test_use_after_close_raises_client_closed(api: respx.MockRouter) -> None:
    route = api.route().respond(json={})
    client = make_client()
    await client.aclose()
    with raises(ClientClosedError):
        await client.request("GET", "thing")
    with raises(ClientClosedError):
        await client.customers.get()
    with raises(ClientClosedError):
        await client.customers.payers("SB")
    with raises(ClientClosedError):
        await client.partner_profile.validate("dev@example.com", "https://x.invalid/")
    with raises(ClientClosedError):
        await client.partner_profile.get("dev@example.com")
    with raises(ClientClosedError):
        async with client:
            pass
    assert route.call_count == 0
    assert api.routes["token"].call_count == 0
    await client.aclose()  # closing twice is fine


async def test_with_options_shares_pool_stats_and_lifecycle(api: respx.MockRouter) -> None:
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        copy = client.with_options(customer_number="2000002", max_retries=0)
        assert copy.transport is client.pipeline
        await copy.request("GET", "thing")
        assert client.stats.requests == 1
        assert copy.stats is client.stats
        assert api.routes["token"].call_count == 1
        await client.request("GET", "thing")
        assert api.routes["token"].call_count == 1, "the token cache is shared too"
        assert copy.customer_number == "2000002"
        assert client.customer_number == "1000001"
        assert copy.config.retry.max_retries == 0
        assert client.config.retry.max_retries == 3
        await copy.aclose()
        assert client.pipeline.closed
        with raises(ClientClosedError):
            await client.request("GET", "thing")


async def test_closing_the_original_closes_the_copy(api: respx.MockRouter) -> None:
    client = make_client()
    copy = client.with_options(deadline=5)
    assert copy.config.deadline == 5
    await client.aclose()
    with raises(ClientClosedError):
        await copy.request("GET", "thing")


async def test_with_options_validates() -> None:
    async with make_client() as client:
        with pytest.raises(ValidationError):
            client.with_options(deadline=-1)
        with pytest.raises(ValidationError):
            client.with_options(customer_number=" ")
        with pytest.raises(ValidationError):
            client.with_options(max_retries=-1)


# -- request(): bodies --------------------------------------------------------------------------


async def test_request_returns_json_with_exact_decimals(api: respx.MockRouter) -> None:
    raw = b'{"Price": 12.30, "Cost": 0.10, "Total": 19999999.99, "Qty": 3, "Items": [1.50]}'
    api.route(path="/price").respond(content=raw, headers={"Content-Type": "application/json"})
    async with make_client() as client:
        data = await client.request("GET", "price")
    assert data == {
        "Price": Decimal("12.30"),
        "Cost": Decimal("0.10"),
        "Total": Decimal("19999999.99"),
        "Qty": 3,
        "Items": [Decimal("1.50")],
    }
    # Equal is not enough: the digits must be the ones sent.
    assert [str(data[k]) for k in ("Price", "Cost", "Total")] == ["12.30", "0.10", "19999999.99"]
    assert str(data["Items"][0]) == "1.50"
    assert type(data["Qty"]) is int


async def test_request_returns_bytes_for_non_json_and_none_for_empty(api: respx.MockRouter) -> None:
    api.route(path="/csv").respond(content=b"a,b\n1,2\n", headers={"Content-Type": "text/csv"})
    api.route(path="/empty").respond(204)
    api.route(path="/empty-json").respond(
        200, content=b"", headers={"Content-Type": "application/json"}
    )
    async with make_client() as client:
        assert await client.request("GET", "csv") == b"a,b\n1,2\n"
        assert await client.request("DELETE", "empty") is None
        assert await client.request("GET", "empty-json") is None


async def test_invalid_json_body_raises_invalid_response(api: respx.MockRouter) -> None:
    api.route(path="/bad").respond(
        200,
        content=b'{"Price": 1',
        headers={"Content-Type": "application/json", "x-request-id": "r9"},
    )
    async with make_client() as client:
        with raises(InvalidResponseError) as info:
            await client.request("GET", "bad")
    assert info.value.status_code == 200
    assert info.value.request_id == "r9"


async def test_decimal_request_body_is_sent_as_an_exact_json_number(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(200, json={}))
    api.route(path="/order").mock(side_effect=script)
    payload = {"Price": Decimal("12.30"), "Cost": Decimal("0.10"), "Big": Decimal("19999999.99")}
    async with make_client() as client:
        await client.request("POST", "order", json=payload)
    (request,) = script.requests
    assert request.content == b'{"Price":12.3,"Cost":0.1,"Big":19999999.99}'
    assert request.headers["Content-Type"] == "application/json"
    sent = json.loads(request.content, parse_float=Decimal)
    assert sent == {"Price": Decimal("12.3"), "Cost": Decimal("0.1"), "Big": Decimal("19999999.99")}


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0.1000000000000000000001"),
        Decimal("12345678901234567890.12"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        math.nan,
        math.inf,
        pytest.param(object(), id="object()"),  # repr has an address: one id in every worker
        {1, 2},
    ],
    ids=repr,
)
async def test_unsendable_body_raises_validation_error_before_any_request(
    api: respx.MockRouter, value: object
) -> None:
    route = api.route().respond(json={})
    async with make_client() as client:
        with raises(ValidationError):
            await client.request("POST", "order", json={"Price": value})
    assert route.call_count == 0
    assert api.routes["token"].call_count == 0


@pytest.mark.parametrize("method", ["get", "Post", "DELETE", "put", "patch"])
async def test_methods_are_case_insensitive(api: respx.MockRouter, method: str) -> None:
    route = api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        await client.request(method, "thing")
    assert route.calls.last.request.method == method.upper()


@pytest.mark.parametrize("method", ["CONNECT", "TRACE", "GET /x", ""])
async def test_unsupported_methods_are_refused(api: respx.MockRouter, method: str) -> None:
    async with make_client() as client:
        with raises(ValidationError):
            await client.request(method, "thing")
    assert api.routes["token"].call_count == 0


# -- request(): paths and queries --------------------------------------------------------------


@pytest.fixture
def recorded(api: respx.MockRouter) -> Script:
    script = Script(reply(200, json={}))
    api.route().mock(side_effect=script)
    return script


async def test_an_absolute_url_reaches_no_other_port() -> None:
    # A second loopback listener stands for "another host": no request may reach it, however
    # the URL is spelled; each is a ValidationError before anything is sent.
    seen: list[bytes] = []

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.read(65536))
        writer.close()

    other = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = other.sockets[0].getsockname()[1]
    elsewhere = f"127.0.0.1:{port}"
    urls = [
        f"http://{elsewhere}/x",
        f"HTTP://{elsewhere}/x",
        f"hTtPs://{elsewhere}/x",
        f"//{elsewhere}/x",
        f"/http://{elsewhere}/x",
        f"http:/{elsewhere}/x",
        f"http:\\\\{elsewhere}\\x",
        f" http://{elsewhere}/x",
        f"%68ttp://{elsewhere}/x",
        "../../x",
        "product/../../x",
        "./x",
        "x#y",
        "x\r\nHost: evil",
    ]
    sim = Simulator()
    try:
        async with sim.serve() as base_url, sim.client(base_url) as client:
            for url in urls:
                with raises(ValidationError):
                    await client.request("GET", url)
            assert client.stats.requests == 0
            # The same client still reaches its own base URL.
            (product,) = await client.products.pricing([sim.catalog.item_numbers[0]])
            assert product.item_number == sim.catalog.item_numbers[0]
    finally:
        other.close()
        await other.wait_closed()
    assert seen == []


@pytest.mark.parametrize(
    ("key", "raw_path"),
    [
        ("../x?y#z", b"/cart/..%2Fx%3Fy%23z"),
        ("..", b"/cart/%2E%2E"),
        (".", b"/cart/%2E"),
        ("a/../b?x", b"/cart/a%2F..%2Fb%3Fx"),
        ("100%", b"/cart/100%25"),
        ("caf\u00e9 key", b"/cart/caf%C3%A9%20key"),
        (12345, b"/cart/12345"),
    ],
)
async def test_path_parameters_are_encoded_as_one_segment(
    recorded: Script, key: object, raw_path: bytes
) -> None:
    async with make_client() as client:
        await client.request("GET", "cart/{key}", path_params={"key": key}, params={"q": "1"})
    (request,) = recorded.requests
    assert request.url.raw_path == raw_path + b"?q=1"
    assert request.url.host == "api.test.invalid"
    assert dict(request.url.params) == {"q": "1"}
    assert request.url.fragment == ""


async def test_query_values_are_kept_as_given_and_none_dropped(recorded: Script) -> None:
    async with make_client() as client:
        await client.request(
            "GET",
            "items/{id}",
            path_params={"id": "A 1"},
            params={
                "text": "a/b?c#d&e=f",
                "skip": None,
                "flag": True,
                "off": False,
                "n": 5,
                "many": ["x", None, "y"],
            },
        )
    (request,) = recorded.requests
    assert request.url.path == "/items/A 1"
    assert list(request.url.params.multi_items()) == [
        ("text", "a/b?c#d&e=f"),
        ("flag", "true"),
        ("off", "false"),
        ("n", "5"),
        ("many", "x"),
        ("many", "y"),
    ]


@pytest.mark.parametrize(
    "path_params",
    [
        {"key": ""},
        {"key": "  "},
        {"key": "a\x00b"},
        {"key": None},
        {"key": True},
        {"key": 1.5},
        {},
        {"key": "k", "extra": "x"},
    ],
    ids=repr,
)
async def test_bad_path_parameters_raise_before_io(
    api: respx.MockRouter, recorded: Script, path_params: dict[str, object]
) -> None:
    async with make_client() as client:
        with raises(ValidationError):
            await client.request("GET", "cart/{key}", path_params=path_params)
    assert recorded.calls == 0
    assert api.routes["token"].call_count == 0


async def test_base_url_path_is_kept(api: respx.MockRouter) -> None:
    route = api.route(path="/gateway/v1/thing").respond(json=1)
    async with make_client(base_url="https://api.test.invalid/gateway/v1") as client:
        assert await client.request("GET", "thing") == 1
    assert route.call_count == 1


async def test_with_options_can_clear_the_default_deadline() -> None:
    client = make_client(deadline=5.0)
    assert client.with_options(deadline=None).config.deadline is None
    assert client.with_options(max_retries=1).config.deadline == 5.0
    await client.aclose()


# -- names with one meaning -----------------------------------------------------------------------


def test_each_resource_class_is_named_after_its_client_attribute() -> None:
    client = ScanSourceClient(subscription_key="naming-rule-key")
    resources = {
        name: getattr(client, name)
        for name in dir(ScanSourceClient)
        if isinstance(getattr(ScanSourceClient, name, None), functools.cached_property)
    }
    assert {"products", "vendor_usage", "partner_profile", "spa"} <= set(resources)
    for name, resource in resources.items():
        expected = "".join(part.capitalize() for part in name.split("_")) + "Resource"
        assert type(resource).__name__ == expected, name
    # The model keeps its name; the resource that returns it does not share it.
    assert scansource_async.VendorUsage is not type(client.vendor_usage)
    assert attrs.has(scansource_async.VendorUsage)


async def test_transport_is_another_name_of_the_pipeline() -> None:
    sim = Simulator(seed=2, catalog_size=50)
    # The transport= argument (an httpx transport, here the simulator's SimulatorTransport)
    # and client.transport (the earlier name of client.pipeline) both still work.
    transport = sim.transport()
    assert isinstance(transport, SimulatorTransport)
    assert isinstance(transport, httpx.AsyncBaseTransport)
    async with sim.client(transport=transport) as client:
        assert client.transport is client.pipeline
        (product,) = await client.products.pricing([sim.catalog.item_numbers[0]])
        assert product.item_number == sim.catalog.item_numbers[0]
        assert client.pipeline.stats.requests >= 1
        assert repr(client.pipeline).startswith("<RequestPipeline ")
