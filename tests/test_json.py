"""Pure JSON encoding of request bodies: exact money, refused NaN, typed errors."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scansource_async import ValidationError
from scansource_async._json import dumps


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (Decimal("12.30"), b"12.3"),
        (Decimal("0.10"), b"0.1"),
        (Decimal("19999999.99"), b"19999999.99"),
        (Decimal("-5.5"), b"-5.5"),
        (Decimal("100"), b"100.0"),
        (Decimal("0"), b"0.0"),
        (Decimal("1E+2"), b"100.0"),
        (Decimal("0.000001"), b"1e-06"),
    ],
)
def test_decimal_goes_out_as_the_same_number(value: Decimal, wire: bytes) -> None:
    body = dumps({"Price": value})
    assert body == b'{"Price":' + wire + b"}"
    assert json.loads(body, parse_float=Decimal)["Price"] == value


@given(
    st.decimals(
        min_value=Decimal("-99999999.99"),
        max_value=Decimal("99999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_any_money_amount_round_trips_exactly(amount: Decimal) -> None:
    sent = json.loads(dumps([amount]), parse_float=Decimal)[0]
    assert sent == amount


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0.1000000000000000000001"),
        Decimal("12345678901234567890.5"),
        Decimal("NaN"),
        Decimal("-Infinity"),
        math.nan,
        math.inf,
        -math.inf,
    ],
    ids=repr,
)
def test_numbers_the_api_cannot_receive_exactly_are_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        dumps({"Lines": [{"Price": value}]})


@pytest.mark.parametrize(
    "value", [pytest.param(object(), id="object()"), {1, 2}, b"bytes", 1j], ids=repr
)
def test_unserialisable_values_raise_validation_error(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        dumps({"x": value})
    assert isinstance(info.value, ValueError)


def test_compact_utf8_output() -> None:
    body = dumps({"Name": "Caf\u00e9 \u2603", "Lines": [1, True, None], "Nested": {"A": "b"}})
    assert body == '{"Name":"Caf\u00e9 \u2603","Lines":[1,true,null],"Nested":{"A":"b"}}'.encode()


def test_ints_are_never_rounded() -> None:
    assert dumps(12345678901234567890) == b"12345678901234567890"
