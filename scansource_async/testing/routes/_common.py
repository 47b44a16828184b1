"""Helpers every route module uses: state access, body parsing, validation, JSON answers.

A route signals a client error by raising :class:`ApiError`; the app turns it into the
APIM-style JSON error body ``{"statusCode": …, "message": …}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, NoReturn

from starlette.requests import Request
from starlette.responses import Response

from .._customers import REGIONS, WAREHOUSE_CURRENCY, SimulatedCustomer
from .._json import JSON_CONTENT_TYPE, dumps
from .._state import RequestContext, SimulatorState

__all__ = [
    "CONTEXT_KEY",
    "PART_NUMBER_TYPES",
    "STATE_KEY",
    "ApiError",
    "bad_request",
    "context_of",
    "json_body",
    "json_response",
    "part_number_type",
    "query_bool",
    "query_customer",
    "query_int",
    "query_region",
    "raw_json_response",
    "require_int",
    "resolve_customer",
    "state_of",
    "validate_warehouse",
]

#: ASGI scope keys under which the middleware hands state and the request context to routes
STATE_KEY: Final = "scansource_simulator.state"
CONTEXT_KEY: Final = "scansource_simulator.context"

_MEDIA_TYPE: Final = JSON_CONTENT_TYPE.decode()

#: PartNumberType names (the XML sample writes the enum by name) → value
PART_NUMBER_TYPES: Final[Mapping[str, int]] = {
    "unknown": 0,
    "itemnumber": 1,
    "manufacturerpartnumber": 2,
    "materialnumber": 3,
}


class ApiError(Exception):
    """A client error answered as JSON: ``{"statusCode": status, "message": message, **extra}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def bad_request(message: str) -> NoReturn:
    raise ApiError(400, message)


def state_of(request: Request) -> SimulatorState:
    state: SimulatorState = request.scope[STATE_KEY]
    return state


def context_of(request: Request) -> RequestContext:
    context: RequestContext = request.scope[CONTEXT_KEY]
    return context


def json_body(request: Request) -> Any:
    """The request's JSON body, parsed once (the request log reuses it)."""
    ctx = context_of(request)
    if ctx.json is not SimulatorState.UNSET:
        return ctx.json
    if not ctx.body.strip():
        bad_request("A request body is required")
    try:
        value = json.loads(ctx.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        bad_request(f"The request body is not valid JSON: {exc}")
    ctx.json = ctx.log_body = value
    return value


def raw_json_response(
    body: bytes, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """An answer whose JSON text is already made (the pricing hot path)."""
    return Response(body, status_code=status, headers=headers, media_type=_MEDIA_TYPE)


def json_response(
    value: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """An answer made of Python values (``Decimal`` money keeps its two places)."""
    return raw_json_response(dumps(value), status, headers)


def require_int(value: Any, where: str, *, low: int, high: int) -> int:
    """A JSON integer (not bool, not float) in ``[low, high]``, else a 400 naming ``where``."""
    if type(value) is not int:
        bad_request(f"{where} must be an integer")
    if not low <= value <= high:
        bad_request(f"{where} must be between {low} and {high}, got {value}")
    return value


def resolve_customer(request: Request, body_value: Any = None) -> SimulatedCustomer:
    """The customer named by ``?customerNumber=`` and/or the body's ``CustomerNumber``.

    Both may be given, but must then agree. Unknown numbers are a 400.
    """
    query = request.query_params.get("customerNumber") or None
    if body_value is not None and not isinstance(body_value, str):
        bad_request("CustomerNumber must be a string")
    body = body_value or None
    if query and body and query != body:
        bad_request(f"CustomerNumber '{body}' in the body does not match customerNumber '{query}'")
    number = query or body
    if not number:
        bad_request("customerNumber is required")
    customer = state_of(request).customers.get(number)
    if customer is None:
        bad_request(f"Invalid customer number '{number}'")
    return customer


def query_customer(request: Request) -> SimulatedCustomer:
    return resolve_customer(request, None)


def query_int(request: Request, name: str, default: int, *, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        bad_request(f"{name} must be an integer, got '{raw}'")
    if not low <= value <= high:
        bad_request(f"{name} must be between {low} and {high}, got {value}")
    return value


def query_bool(request: Request, name: str, default: bool = False) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    bad_request(f"{name} must be true or false, got '{raw}'")


def query_region(request: Request, customer: SimulatedCustomer) -> str:
    """The warehouse of ``?region=`` (NA or EU), defaulting to the customer's region."""
    raw = request.query_params.get("region")
    if not raw:
        return customer.warehouse
    region = REGIONS.get(raw.upper())
    if region is None:
        bad_request(f"Invalid region '{raw}'; use one of {', '.join(REGIONS)}")
    return region[0]


def validate_warehouse(value: Any, where: str) -> str | None:
    """A warehouse code (``"1710"`` or ``"2510"``; a JSON number is accepted too), or None."""
    if value is None or value == "":
        return None
    code = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if code not in WAREHOUSE_CURRENCY:
        bad_request(f"{where} '{value}' is not valid; use 1710 (North America) or 2510 (Europe)")
    return code


def part_number_type(value: Any, where: str) -> int:
    """``PartNumberType`` as 0-3 (or its enum name); missing means 0 (Unknown)."""
    if value is None:
        return 0
    if isinstance(value, str):
        named = PART_NUMBER_TYPES.get(value.lower())
        if named is None:
            bad_request(f"{where} '{value}' is not a valid part number type (0-3)")
        return named
    return require_int(value, where, low=0, high=3)
