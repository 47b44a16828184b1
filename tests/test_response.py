"""Pure response reading: body decoding, typed errors with the API's message, request ids."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from scansource_async import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from scansource_async._response import (
    decode_body,
    error_for_status,
    invalid_response,
    message_from_body,
    redact,
    request_id_from,
)

# -- decode_body ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "text/json",
        "application/problem+json",
    ],
)
def test_json_bodies_are_decoded(content_type: str) -> None:
    assert decode_body(content_type, b'{"A": [1, "x", null, true]}') == {"A": [1, "x", None, True]}


def test_fractions_are_decimal_with_their_digits() -> None:
    data = decode_body("application/json", b"[12.30, 0.10, 19999999.99, 1e-7, 5, -0.0]")
    assert data == [
        Decimal("12.30"),
        Decimal("0.10"),
        Decimal("19999999.99"),
        Decimal("1e-7"),
        5,
        0,
    ]
    assert [str(v) for v in data[:3]] == ["12.30", "0.10", "19999999.99"]
    assert all(type(v) is Decimal for v in data[:4])
    assert type(data[4]) is int


@pytest.mark.parametrize("content", [b"", b"  \n"])
def test_empty_json_body_is_none(content: bytes) -> None:
    assert decode_body("application/json", content) is None


def test_empty_body_of_any_type_is_none() -> None:
    assert decode_body("", b"") is None
    assert decode_body("text/plain", b"") is None


@pytest.mark.parametrize("content_type", ["text/plain", "text/csv", "", "application/xml"])
def test_other_bodies_are_bytes(content_type: str) -> None:
    assert decode_body(content_type, b"<x>1</x>") == b"<x>1</x>"


@pytest.mark.parametrize("content", [b"{", b"nope", b"\xff", b"[1,]"])
def test_bad_json_raises_value_error(content: bytes) -> None:
    with pytest.raises(ValueError):
        decode_body("application/json", content)


# -- request ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Request-Id", "request-id", "x-request-id", "X-Request-ID", "x-ms-request-id"]
)
def test_request_id_from_headers(name: str) -> None:
    assert request_id_from(httpx.Headers({name: "abc-123"})) == "abc-123"


def test_request_id_prefers_request_id_over_others() -> None:
    both = httpx.Headers({"x-request-id": "second", "Request-Id": "first"})
    assert request_id_from(both) == "first"


def test_no_request_id() -> None:
    assert request_id_from(httpx.Headers({"content-type": "application/json"})) is None


# -- messages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "Customer not found"}, "Customer not found"),
        ({"Message": "  Invalid item  "}, "Invalid item"),
        ({"error": "invalid_client", "error_description": "AADSTS7000215"}, "AADSTS7000215"),
        ({"ErrorMessage": "PO exists"}, "PO exists"),
        ({"error": {"code": "X", "message": "nested"}}, "nested"),
        ({"title": "Bad Request", "status": 400}, "Bad Request"),
        ({"statusCode": 401, "message": "Access denied"}, "Access denied"),
        ("plain text", "plain text"),
        (b"bytes body", "bytes body"),
        ({"other": "x"}, None),
        ({"message": ""}, None),
        ({"message": 5}, None),
        ([1, 2], None),
        (None, None),
        (b"   ", None),
    ],
)
def test_message_from_body(body: object, message: str | None) -> None:
    assert message_from_body(body) == message


def test_message_is_truncated() -> None:
    message = message_from_body({"message": "x" * 5000})
    assert message is not None
    assert len(message) == 500


# -- error_for_status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (599, ServerError),
        (405, APIStatusError),
        (418, APIStatusError),
        (422, APIStatusError),
    ],
)
def test_error_type_per_status(status: int, error_type: type[APIStatusError]) -> None:
    error = error_for_status(status, httpx.Headers(), None, method="GET", path="customer/1")
    assert type(error) is error_type
    assert error.status_code == status
    assert str(error) == f"GET customer/1 -> {status}"


def test_error_carries_message_body_request_id_and_call() -> None:
    body = {"message": "Customer 42 not found", "code": 17}
    error = error_for_status(
        404,
        httpx.Headers({"Request-Id": "rid-9"}),
        body,
        method="GET",
        path="customer/42",
    )
    assert isinstance(error, NotFoundError)
    assert str(error) == "GET customer/42 -> 404: Customer 42 not found"
    assert error.request_id == "rid-9"
    assert error.body == body
    assert (error.method, error.path) == ("GET", "customer/42")


def test_rate_limit_error_carries_retry_after() -> None:
    error = error_for_status(429, {}, None, method="GET", path="x", retry_after=2.5)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 2.5


def test_error_message_is_redacted() -> None:
    error = error_for_status(
        401,
        {},
        {"message": "key sub-secret-1 refused for token tok-2"},
        method="GET",
        path="x",
        secrets=["sub-secret-1", "tok-2", ""],
    )
    assert str(error) == "GET x -> 401: key *** refused for token ***"


def test_redact() -> None:
    assert redact("a secret and secret", ["secret"]) == "a *** and ***"
    assert redact("nothing", ["", "x y"]) == "nothing"


def test_invalid_response_keeps_an_excerpt() -> None:
    error = invalid_response(
        200,
        httpx.Headers({"x-request-id": "r1"}),
        b"<html>" + b"x" * 1000,
        method="GET",
        path="p",
        why="not JSON",
    )
    assert isinstance(error, InvalidResponseError)
    assert isinstance(error, APIStatusError)
    assert str(error) == "GET p -> 200: not JSON"
    assert error.request_id == "r1"
    assert len(error.body) == 200
