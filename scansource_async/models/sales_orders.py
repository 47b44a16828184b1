"""Sales order models: the order request ("PO"), order list and detail, shipping quotes, tracking.

Shapes come from the older help pages summarised in api-notes.md (the seeds list no SalesOrder
endpoints); field names beyond those named there are **unverified**.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from .._validate import check_non_empty, check_optional_non_empty
from ..errors import ValidationError
from ._common import (
    ApiEnum,
    ShippingAddress,
    check_item_number,
    check_non_empty_tuple,
    check_quantity,
    lines_of,
    to_price,
    to_tuple,
)
from .products import PartNumberType

__all__ = [
    "SalesOrder",
    "SalesOrderCancellation",
    "SalesOrderCreated",
    "SalesOrderLine",
    "SalesOrderLineRequest",
    "SalesOrderRequest",
    "SalesOrderStatus",
    "SalesOrderSummary",
    "ShipQuoteLine",
    "ShipQuoteRequest",
    "ShippingOption",
    "TrackingInfo",
]


class SalesOrderStatus(ApiEnum):
    """An order's status, as the API spells it."""

    OPEN = "Open"
    ON_HOLD = "On Hold"
    PARTIALLY_SHIPPED = "Partially Shipped"
    COMPLETELY_SHIPPED = "Completely Shipped"
    CANCELLED = "Cancelled"
    QUOTATION = "Quotation/Sales"
    UNKNOWN = "Unknown"


def _to_part_number_type(value: Any) -> PartNumberType:
    if isinstance(value, PartNumberType):
        return value
    if isinstance(value, bool) or value not in (0, 1, 2, 3):
        raise ValidationError(f"part_number_type must be 0-3 or a PartNumberType, got {value!r}")
    return PartNumberType(value)


def _check_deal_ids(_: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for deal_id in value:
        if not isinstance(deal_id, str) or not deal_id.strip():
            raise ValidationError(f"deal ids must be non-empty strings, got {deal_id!r}")


def _check_address(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, ShippingAddress):
        raise ValidationError(f"{attribute.name} must be a ShippingAddress")
    value.check_complete(attribute.name)


@attrs.frozen(kw_only=True)
class SalesOrderLineRequest:
    """One line of a new order."""

    item_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity)
    part_number_type: PartNumberType = attrs.field(
        default=PartNumberType.ITEM_NUMBER, converter=_to_part_number_type
    )
    price: Decimal | None = attrs.field(default=None, converter=to_price)
    deal_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_check_deal_ids
    )


@attrs.frozen(kw_only=True)
class SalesOrderRequest:
    """A new sales order (the API's "PO").

    ``po_number`` is required by this client: the API has no idempotency key, and the PO
    number is how an order whose creation is in doubt is found again
    (``sales_orders.list(po_number=...)``).
    """

    po_number: str = attrs.field(validator=check_non_empty)
    business_unit: str = attrs.field(validator=check_non_empty)
    ship_method_service_level_code: str = attrs.field(validator=check_non_empty)
    shipping_address: ShippingAddress = attrs.field(validator=_check_address)
    lines: tuple[SalesOrderLineRequest, ...] = attrs.field(
        converter=to_tuple, validator=[check_non_empty_tuple, lines_of(SalesOrderLineRequest)]
    )
    end_user_po: str | None = attrs.field(default=None, validator=check_optional_non_empty)


@attrs.frozen(kw_only=True)
class SalesOrderCreated:
    """The answer to a create: the new order number, or why no order was created."""

    order_number: str | None = None
    order_created: bool | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class SalesOrderSummary:
    """One order of ``salesorder/list``."""

    sales_order_number: str | None = None
    po_number: str | None = None
    end_user_po: str | None = None
    status: SalesOrderStatus | None = None
    doc_type: str | None = None
    date_entered: datetime | None = None
    last_change_date: datetime | None = None
    shipping_city: str | None = None
    reference_number: str | None = None
    currency_code: str | None = None
    total: Decimal | None = None


@attrs.frozen(kw_only=True)
class SalesOrderLine:
    """One line of an order's detail."""

    line_number: int | None = None
    item_number: str | None = None
    manufacturer_part_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    quantity_shipped: int | None = None
    unit_price: Decimal | None = None
    extended_price: Decimal | None = None


@attrs.frozen(kw_only=True)
class SalesOrder:
    """An order's detail (``salesorder/detail``), including the numbers of its invoices."""

    sales_order_number: str | None = None
    po_number: str | None = None
    end_user_po: str | None = None
    status: SalesOrderStatus | None = None
    date_entered: datetime | None = None
    business_unit: str | None = None
    ship_method_service_level_code: str | None = None
    shipping_address: ShippingAddress | None = None
    currency_code: str | None = None
    total: Decimal | None = None
    sales_order_lines: tuple[SalesOrderLine, ...] = ()
    invoice_numbers: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ShipQuoteLine:
    """An item and quantity to quote shipping for."""

    item_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity)


@attrs.frozen(kw_only=True)
class ShipQuoteRequest:
    """What to quote shipping options (with freight) for."""

    business_unit: str = attrs.field(validator=check_non_empty)
    ship_to_country_code: str = attrs.field(validator=check_non_empty)
    lines: tuple[ShipQuoteLine, ...] = attrs.field(
        converter=to_tuple, validator=[check_non_empty_tuple, lines_of(ShipQuoteLine)]
    )
    ship_to_postal_code: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    ship_to_state_province_code: str | None = None


@attrs.frozen(kw_only=True)
class ShippingOption:
    """One way to ship an order, with its freight amount."""

    ship_method_service_level_code: str | None = None
    description: str | None = None
    carrier: str | None = None
    freight: Decimal | None = None
    currency_code: str | None = None
    transit_days: int | None = None
    estimated_delivery_date: date | None = None


@attrs.frozen(kw_only=True)
class SalesOrderCancellation:
    """The answer to a cancel (**unverified** shape)."""

    sales_order_number: str | None = None
    cancelled: bool | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class TrackingInfo:
    """One tracking number of an order, gathered from its invoices' shipments."""

    tracking_number: str
    invoice_number: str
    carrier: str | None = None
    ship_date: date | None = None
    item_numbers: tuple[str, ...] = ()
