"""Pieces shared by the order-side models: the enum base, addresses, and request validators."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from .._checks import MAX_QUANTITY
from .._convert import json_key
from .._validate import check_item_number, check_quantity
from ..errors import ValidationError

__all__ = [
    "MAX_QUANTITY",
    "Address",
    "ApiEnum",
    "check_item_number",
    "check_non_empty_tuple",
    "check_quantity",
    "lines_of",
    "parse_amount",
    "parse_date",
    "to_price",
    "to_tuple",
]


class ApiEnum(enum.StrEnum):
    """A string enum as the API writes it. A value the client does not know (the API adds
    values over time) becomes the enum's ``UNKNOWN`` member instead of failing; matching is
    case-insensitive."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        text = str(value).strip().lower()
        for member in cls:
            if member.value.lower() == text:
                return member
        return cls.__members__.get("UNKNOWN")


@attrs.frozen(kw_only=True)
class Address:
    """A postal address, with the API's field names (an order's ship-to and bill-to, an
    invoice's ship-to, a cart's checkout info, an address collection's entries).

    ``address_id`` is set on addresses read from (or stored in) an address collection.
    """

    name: str | None = None
    attn: str | None = None
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    address_id: str | None = attrs.field(default=None, metadata=json_key("AddressID"))

    def check_complete(self, what: str = "address") -> None:
        """Raise ValidationError unless the fields a shipment needs are filled in."""
        for field in ("name", "street1", "city", "postal_code", "country"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(f"{what}.{field} must not be empty")


def check_non_empty_tuple(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """At least one element (order lines, RMA lines …)."""
    if not value:
        raise ValidationError(f"{attribute.name} must hold at least one entry")


def lines_of(cls: type) -> Any:
    """A validator: every element is a ``cls`` (a ValidationError names the first that is not)."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, element in enumerate(value):
            if not isinstance(element, cls):
                raise ValidationError(
                    f"{attribute.name}[{index}] must be a {cls.__name__},"
                    f" not {type(element).__name__}"
                )

    return check


def to_tuple(value: Any) -> tuple[Any, ...]:
    """Any iterable (not a string) as a tuple; None as ()."""
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a sequence, got {type(value).__name__}")
    return tuple(value)


def parse_amount(value: Any, name: str) -> Decimal | None:
    """An amount as Decimal (from Decimal, int or a numeric string); None stays None.

    Floats are refused: an amount given as a float has already lost its exact value.
    """
    if value is None or isinstance(value, Decimal):
        amount = value
    elif isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{name} must be a Decimal, int or string amount, not {value!r}")
    else:
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(f"{name}: {value!r} is not an amount") from None
    if amount is not None and (not amount.is_finite() or amount < 0):
        raise ValidationError(f"{name} must be a finite, non-negative amount, got {value!r}")
    return amount


def to_price(value: Any) -> Decimal | None:
    """Converter of ``price`` fields (see :func:`parse_amount`)."""
    return parse_amount(value, "price")


def parse_date(value: Any, name: str) -> date | None:
    """A date from a ``date`` or an ISO ``YYYY-MM-DD`` string; None stays None."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise ValidationError(f"{name} must be a date, not {type(value).__name__}")
