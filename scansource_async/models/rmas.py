"""RMA models: the return request and the created RMA (field names **unverified**)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from .._validate import check_non_empty, check_optional_non_empty
from ._common import (
    ApiEnum,
    check_item_number,
    check_non_empty_tuple,
    check_quantity,
    lines_of,
    to_tuple,
)

__all__ = ["Rma", "RmaLine", "RmaLineRequest", "RmaRequest", "RmaStatus"]


class RmaStatus(ApiEnum):
    """The status of an RMA."""

    OPEN = "Open"
    APPROVED = "Approved"
    RECEIVED = "Received"
    CLOSED = "Closed"
    REJECTED = "Rejected"
    UNKNOWN = "Unknown"


@attrs.frozen(kw_only=True)
class RmaLineRequest:
    """An item to return, with the serial numbers of the units sent back."""

    item_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity)
    serial_numbers: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    reason: str | None = attrs.field(default=None, validator=check_optional_non_empty)


@attrs.frozen(kw_only=True)
class RmaRequest:
    """A return merchandise authorization request for items of one invoice."""

    invoice_number: str = attrs.field(validator=check_non_empty)
    reason: str = attrs.field(validator=check_non_empty)
    lines: tuple[RmaLineRequest, ...] = attrs.field(
        converter=to_tuple, validator=[check_non_empty_tuple, lines_of(RmaLineRequest)]
    )
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None


@attrs.frozen(kw_only=True)
class RmaLine:
    """A line of a created RMA."""

    line_number: int | None = None
    item_number: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    serial_numbers: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Rma:
    """A created RMA."""

    rma_number: str | None = None
    status: RmaStatus | None = None
    invoice_number: str | None = None
    sales_order_number: str | None = None
    reason: str | None = None
    created_date: datetime | None = None
    lines: tuple[RmaLine, ...] = ()
