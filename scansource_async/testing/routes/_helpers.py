"""Helpers of the order-side route modules (carts, sales orders, invoices, SPA …): the caller's
tenant, body field readers that answer 400 naming the field, dates, and paged answers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._ledger import Ledger, ledger_of
from .._records import Tenant
from .._state import key_fingerprint
from ._common import ApiError, bad_request, json_body, json_response, query_int, state_of

__all__ = [
    "NO_CONTENT",
    "body_object",
    "iso",
    "ledger",
    "money_cents",
    "optional_date",
    "optional_text",
    "paged",
    "path_customer",
    "query_date",
    "required_array",
    "required_text",
    "tenant",
]

_KEY_HEADER: Final = "ocp-apim-subscription-key"


def ledger(request: Request) -> Ledger:
    return ledger_of(state_of(request))


def tenant(request: Request) -> Tenant:
    """The state of the subscription key that sent the request (the middleware checked it)."""
    return ledger(request).tenant(key_fingerprint(request.headers.get(_KEY_HEADER, "")))


def path_customer(request: Request, name: str = "customerNumber") -> SimulatedCustomer:
    """The customer a path segment names; 404 when unknown (the path names a resource)."""
    number = request.path_params[name]
    customer = state_of(request).customers.get(number)
    if customer is None:
        raise ApiError(404, f"Customer '{number}' not found")
    return customer


def body_object(request: Request, what: str) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body, dict):
        bad_request(f"The request body must be a JSON object ({what})")
    return body


def required_text(obj: dict[str, Any], key: str, where: str = "") -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        bad_request(f"{where}{key} is required")
    return value


def optional_text(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        bad_request(f"{where}{key} must be a string")
    return value


def required_array(obj: dict[str, Any], key: str, where: str = "") -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list) or not value:
        bad_request(f"{where}{key} must be a non-empty array")
    return value


def money_cents(
    obj: dict[str, Any], key: str, where: str = "", *, required: bool = False
) -> int | None:
    """A non-negative JSON number (or numeric string) as integer cents."""
    value = obj.get(key)
    if value is None:
        if required:
            bad_request(f"{where}{key} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        bad_request(f"{where}{key} must be a number")
    try:
        amount = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        bad_request(f"{where}{key} must be a number")
    if not amount.is_finite() or amount < 0:
        bad_request(f"{where}{key} must not be negative")
    return int((amount * 100).to_integral_value())


def _parse_date(text: str) -> date:
    return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)


def optional_date(obj: dict[str, Any], key: str, where: str = "") -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    try:
        return _parse_date(str(value))
    except ValueError:
        bad_request(f"{where}{key} must be an ISO date, got '{value}'")


def query_date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return _parse_date(raw)
    except ValueError:
        bad_request(f"{name} must be an ISO date (YYYY-MM-DD), got '{raw}'")


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def paged(request: Request, rows: Sequence[Any], render: Any) -> Response:
    """One page (``page`` from 1, ``pageSize`` up to the simulator's maximum) as a JSON array,
    with the number of matches in ``X-Total-Count``; a page past the end is ``[]``."""
    state = state_of(request)
    page = query_int(request, "page", 1, low=1, high=10**9)
    size = query_int(request, "pageSize", state.default_page_size, low=1, high=state.max_page_size)
    start = (page - 1) * size
    body = [render(row) for row in rows[start : start + size]]
    headers = {
        "X-Total-Count": str(len(rows)),
        "X-Total-Pages": str(max(1, math.ceil(len(rows) / size))),
    }
    return json_response(body, headers=headers)


NO_CONTENT: Final = 204


def no_content() -> Response:
    return Response(status_code=NO_CONTENT)
