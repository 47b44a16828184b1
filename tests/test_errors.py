"""The exception tree and what each error carries."""

from __future__ import annotations

import pytest

from scansource_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    DeadlineExceededError,
    InvalidResponseError,
    ItemError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ScanSourceError,
    ServerError,
    ValidationError,
)


@pytest.mark.parametrize(
    ("error_type", "parents"),
    [
        (ValidationError, (ScanSourceError, ValueError)),
        (ClientClosedError, (ScanSourceError,)),
        (APIConnectionError, (ScanSourceError,)),
        (APITimeoutError, (APIConnectionError, ScanSourceError)),
        (DeadlineExceededError, (ScanSourceError, TimeoutError)),
        (OutcomeUnknownError, (ScanSourceError,)),
        (ItemError, (ScanSourceError,)),
        (APIStatusError, (ScanSourceError,)),
        (BadRequestError, (APIStatusError,)),
        (AuthenticationError, (APIStatusError,)),
        (PermissionDeniedError, (APIStatusError,)),
        (NotFoundError, (APIStatusError,)),
        (ConflictError, (APIStatusError,)),
        (RateLimitError, (APIStatusError,)),
        (ServerError, (APIStatusError,)),
        (InvalidResponseError, (APIStatusError,)),
    ],
)
def test_tree(error_type: type[Exception], parents: tuple[type[Exception], ...]) -> None:
    for parent in parents:
        assert issubclass(error_type, parent)


def test_siblings_are_distinct() -> None:
    # Catching one kind must not catch another by accident.
    assert not issubclass(APITimeoutError, DeadlineExceededError)
    assert not issubclass(DeadlineExceededError, APIConnectionError)
    assert not issubclass(OutcomeUnknownError, APIConnectionError)
    assert not issubclass(ServerError, APIConnectionError)
    assert not issubclass(ValidationError, APIStatusError)
    assert not issubclass(InvalidResponseError, ServerError)


def test_status_error_fields() -> None:
    error = NotFoundError(
        "GET customer/1 -> 404: not found",
        status_code=404,
        request_id="r-1",
        body={"message": "not found"},
        method="GET",
        path="customer/1",
    )
    assert str(error) == "GET customer/1 -> 404: not found"
    assert error.status_code == 404
    assert error.request_id == "r-1"
    assert error.body == {"message": "not found"}
    assert (error.method, error.path) == ("GET", "customer/1")


def test_status_error_defaults() -> None:
    error = ServerError("boom", status_code=500)
    assert error.request_id is None
    assert error.body is None


def test_rate_limit_error_retry_after() -> None:
    assert RateLimitError("x", status_code=429, retry_after=3.0).retry_after == 3.0
    assert RateLimitError("x", status_code=429).retry_after is None


def test_connection_error_knows_whether_it_was_sent() -> None:
    assert APIConnectionError("x").sent is True
    error = APIConnectionError("refused", method="POST", path="orders", sent=False)
    assert (error.method, error.path, error.sent) == ("POST", "orders", False)


def test_outcome_unknown_carries_what_to_check() -> None:
    cause = ServerError("503", status_code=503)
    error = OutcomeUnknownError(
        "may have happened", operation="sales_orders.create", reference="PO-77", cause=cause
    )
    assert error.operation == "sales_orders.create"
    assert error.reference == "PO-77"
    assert error.po_number == "PO-77"
    assert error.cause is cause


def test_item_error() -> None:
    error = ItemError("not found", item_number="ABC")
    assert error.item_number == "ABC"
    assert str(error) == "not found"


def test_error_repr() -> None:
    assert repr(ValidationError("bad")) == "ValidationError('bad')"
