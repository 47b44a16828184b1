"""The plain-value checks: every rule written once, its message naming the argument and the
bad value (bounded), never a credential. The last tests show the same check refusing the same
value wherever it is used: an attrs model, a resource method, the client and a cache."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

from scansource_async import (
    PriceCache,
    PricingLine,
    RetryPolicy,
    ScanSourceClient,
    SpaLineRequest,
    ValidationError,
    WebhookRequest,
)
from scansource_async import _checks as checks
from scansource_async.testing import Simulator

BAD_NUMBERS: list[Any] = [True, None, "1", math.nan, math.inf, -math.inf, object()]


@pytest.mark.parametrize("value", [*BAD_NUMBERS, 0, -1, -0.5])
def test_positive_number_refuses(value: Any) -> None:
    with pytest.raises(ValidationError, match=r"^max_rate must be "):
        checks.positive_number(value, "max_rate")


@pytest.mark.parametrize("value", [1, 0.001, Decimal("2.5")])
def test_positive_number_accepts(value: Any) -> None:
    assert checks.positive_number(value, "max_rate") == float(value)


def test_non_negative_number_takes_zero() -> None:
    assert checks.non_negative_number(0, "stale_ttl") == 0.0
    with pytest.raises(ValidationError, match="stale_ttl must not be negative, got -1"):
        checks.non_negative_number(-1, "stale_ttl")


@pytest.mark.parametrize("value", [*BAD_NUMBERS, 0, -3])
def test_seconds_refuses(value: Any) -> None:
    with pytest.raises(ValidationError, match=r"^deadline must be a positive number of seconds"):
        checks.seconds(value, "deadline")


@pytest.mark.parametrize("value", [True, 1.0, "2", None, Decimal(1)])
def test_integers_refuse_non_integers(value: Any) -> None:
    for check in (checks.integer, checks.positive_int, checks.non_negative_int, checks.quantity):
        with pytest.raises(ValidationError, match=r"^window must be an integer, got "):
            check(value, "window")


def test_integer_bounds() -> None:
    assert checks.positive_int(1, "n") == 1
    assert checks.non_negative_int(0, "n") == 0
    with pytest.raises(ValidationError, match="n must be at least 1, got 0"):
        checks.positive_int(0, "n")
    with pytest.raises(ValidationError, match="n must not be negative, got -1"):
        checks.non_negative_int(-1, "n")
    assert checks.quantity(checks.MAX_QUANTITY) == checks.MAX_QUANTITY
    with pytest.raises(ValidationError, match=f"quantity must be between 1 and {2**31 - 1}"):
        checks.quantity(2**31)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "item_number must not be empty"),
        ("   ", "item_number must not be empty"),
        (42, "item_number must be a string, got 42"),
        ("A\x00B", "item_number must not contain control characters"),
        ("X" * 101, "item_number is longer than 100 characters"),
    ],
)
def test_item_number_refuses(value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        checks.item_number(value)


def test_a_long_bad_value_is_shown_cut_short() -> None:
    with pytest.raises(ValidationError) as info:
        checks.item_number("Y" * 5000)
    assert len(str(info.value)) < 200
    assert "5000 characters" in str(info.value)
    assert checks.shown(object()) == "a object"


def test_credentials_and_urls_are_never_quoted() -> None:
    secret = "s3cr3t value"  # a space: not header-safe
    with pytest.raises(ValidationError) as info:
        checks.credential(secret, "client_secret")
    assert "s3cr3t" not in str(info.value)
    with pytest.raises(ValidationError) as info:
        checks.http_url("ftp://user:hunter2@host/", "callback_url")
    assert "hunter2" not in str(info.value)


def test_optional_and_required() -> None:
    check = checks.optional(checks.positive_int)
    assert check(None, "window") is None
    with pytest.raises(ValidationError, match="window must be at least 1"):
        check(0, "window")
    with pytest.raises(ValidationError, match="price is required"):
        checks.required(None, "price")


def test_strings_names_the_bad_element() -> None:
    with pytest.raises(ValidationError, match=r"deal_ids\[1\] must not be empty"):
        checks.strings(("D1", " "), "deal_ids")


# -- one rule wherever it is used -----------------------------------------------------------------


def test_models_use_the_same_rules() -> None:
    with pytest.raises(ValidationError, match="item_number must not contain control characters"):
        PricingLine("A\nB")
    with pytest.raises(ValidationError, match="quantity must be between 1 and"):
        PricingLine("A", quantity=0)
    with pytest.raises(ValidationError, match="min_quantity must be at least 1, got 0"):
        SpaLineRequest(item_number="A", price=Decimal(1), min_quantity=0)
    with pytest.raises(ValidationError, match="max_retries must not be negative, got -1"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValidationError, match="callback_url must be an absolute http"):
        WebhookRequest(event_type="SalesOrderShipped", callback_url="not a url")


def test_caches_use_the_same_rules() -> None:
    with pytest.raises(ValidationError, match="ttl must be a positive number of seconds, got 0"):
        PriceCache(ttl=0)
    with pytest.raises(ValidationError, match="max_entries must be at least 1, got 0"):
        PriceCache(max_entries=0)


async def test_resources_and_client_use_the_same_rules() -> None:
    sim = Simulator(seed=1, catalog_size=100)
    async with sim.client() as client:
        with pytest.raises(ValidationError, match="item_number must not contain control"):
            await client.products.detail("A\x07")
        with pytest.raises(ValidationError, match="deal_id must not be empty"):
            await client.products.pricing(["A"], deal_id=" ")
        with pytest.raises(ValidationError, match="customer_number must not be empty"):
            await client.products.pricing(["A"], customer_number="")
        with pytest.raises(ValidationError, match=r"deadline must be .*seconds, got nan"):
            await client.request("GET", "x", deadline=math.nan)
        assert len(sim.requests) == 0


def test_client_constructor_never_quotes_a_bad_key() -> None:
    with pytest.raises(ValidationError) as info:
        ScanSourceClient(subscription_key="key with\nnewline")
    assert "newline" not in str(info.value)
