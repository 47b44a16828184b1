"""Pure URL building: one encoded segment per path parameter, clean query parameters."""

from __future__ import annotations

import enum
from datetime import date, datetime
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scansource_async import ValidationError
from scansource_async._urls import build_path, clean_params, encode_segment


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("../x?y#z", "..%2Fx%3Fy%23z"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("...", "%2E%2E%2E"),
        ("a.b", "a.b"),
        ("a/b", "a%2Fb"),
        ("50%", "50%25"),
        ("a b+c&d=e", "a%20b%2Bc%26d%3De"),
        ("ABC-123_x~", "ABC-123_x~"),
        ("caf\u00e9", "caf%C3%A9"),
        ("\\", "%5C"),
        (1000001, "1000001"),
        (0, "0"),
    ],
)
def test_encode_segment(value: object, encoded: str) -> None:
    assert encode_segment(value) == encoded


@pytest.mark.parametrize("value", ["", " ", "\t", "a\x00b", None, True, 1.5, b"x", ["a"]])
def test_encode_segment_rejects(value: object) -> None:
    with pytest.raises(ValidationError):
        encode_segment(value, "cart_key")


def test_encode_segment_names_the_parameter() -> None:
    with pytest.raises(ValidationError, match="cart_key"):
        encode_segment("", "cart_key")


@given(st.text(min_size=1).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_text_stays_one_segment_and_round_trips(text: str) -> None:
    encoded = encode_segment(text)
    assert not set(encoded) & set("/?#")
    assert encoded not in (".", "..")
    assert unquote(encoded) == text


def test_build_path_fills_placeholders() -> None:
    path = build_path(
        "customer/creditdata/{customer_number}/{region}",
        {"customer_number": "1000001", "region": "N/A"},
    )
    assert path == "customer/creditdata/1000001/N%2FA"


def test_build_path_strips_a_leading_slash() -> None:
    assert build_path("/partnerprofile") == "partnerprofile"


def test_build_path_without_placeholders_keeps_braces_free_template() -> None:
    assert build_path("product/pricing", None) == "product/pricing"


def test_build_path_missing_parameter() -> None:
    with pytest.raises(ValidationError, match="missing path parameter"):
        build_path("cart/{key}/items/{item}", {"key": "k"})


def test_build_path_unknown_parameter() -> None:
    with pytest.raises(ValidationError, match="unknown path parameter"):
        build_path("cart/{key}", {"key": "k", "kee": "typo"})


def test_build_path_checks_every_template_each_time_it_is_used() -> None:
    # Templates are checked once and remembered; a refused one is refused on every use.
    for _ in range(2):
        assert build_path("cart/{key}", {"key": "a b"}) == "cart/a%20b"
        with pytest.raises(ValidationError, match="relative to the base URL"):
            build_path("//elsewhere.example/x")
        with pytest.raises(ValidationError, match="must be a string"):
            build_path(["cart"])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="missing path parameter"):
            build_path("cart/{key}")


class Region(enum.Enum):
    NA = "NA"


class Count(enum.IntEnum):
    TWO = 2


def test_clean_params() -> None:
    cleaned = clean_params(
        {
            "a": "x/y?z#w",
            "none": None,
            "yes": True,
            "no": False,
            "n": 3,
            "price": 1.5,
            "region": Region.NA,
            "count": Count.TWO,
            "day": date(2026, 3, 1),
            "at": datetime(2026, 3, 1, 8, 30),
            "many": ["a", None, True],
            "pair": ("x", "y"),
            "empty": "",
        }
    )
    assert cleaned == {
        "a": "x/y?z#w",
        "yes": "true",
        "no": "false",
        "n": "3",
        "price": "1.5",
        "region": "NA",
        "count": "2",
        "day": "2026-03-01",
        "at": "2026-03-01T08:30:00",
        "many": ["a", "true"],
        "pair": ["x", "y"],
        "empty": "",
    }


@pytest.mark.parametrize("params", [None, {}, {"a": None}])
def test_clean_params_empty(params: dict[str, object] | None) -> None:
    assert clean_params(params) == {}
