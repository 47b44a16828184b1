"""Sales order models: the order request as the gateway takes it, the submission answer,
shipping quotes and vendor-required data; with the models of orders that exist (list rows,
detail with every field of the developer portal's sample, serial numbers, tracking) from
``_order_detail``, so every sales order model is importable from here.

Field names follow api-notes.md ("SalesOrder"); the legacy layout's flat create body is built
from the same request by the resource.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from .._checks import positive_int
from .._convert import json_key
from .._validate import check_non_empty, check_optional_non_empty, check_strings
from ..errors import ValidationError
from ._common import (
    Address,
    check_item_number,
    check_non_empty_tuple,
    check_quantity,
    lines_of,
    to_tuple,
)
from ._order_detail import (
    Delivery,
    DeliveryLine,
    OrderSerial,
    Parcel,
    SalesOrder,
    SalesOrderCancellation,
    SalesOrderLine,
    SalesOrderStatus,
    SalesOrderSummary,
    ScheduleLine,
    TrackingInfo,
)
from .products import PartNumberType, to_part_number_type

__all__ = [
    "Delivery",
    "DeliveryLine",
    "OrderError",
    "OrderLine",
    "OrderSerial",
    "OrderSubmission",
    "Parcel",
    "SalesOrder",
    "SalesOrderCancellation",
    "SalesOrderLine",
    "SalesOrderRequest",
    "SalesOrderStatus",
    "SalesOrderSummary",
    "ScheduleLine",
    "ShipQuote",
    "ShipQuoteLine",
    "ShipQuoteRequest",
    "ShippingInfo",
    "ShippingOption",
    "TrackingInfo",
    "VrdAnswer",
    "VrdField",
]

MAX_MEMO = 500


# -- the request ---------------------------------------------------------------------------


def _to_part_number_type(value: Any) -> PartNumberType:
    return to_part_number_type(value, "part_type")


def _to_business_unit(value: Any) -> int:
    """The API takes the business unit as an integer ("1712" is accepted and converted)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return positive_int(value, "business_unit")


def _check_memo(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string")
    if len(value) > MAX_MEMO:
        raise ValidationError(f"{attribute.name} is longer than {MAX_MEMO} characters")


def _check_address(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Address):
        raise ValidationError(f"{attribute.name} must be an Address")
    value.check_complete(attribute.name)


def _check_optional_bool(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        raise ValidationError(f"{attribute.name} must be True, False or None")


def _check_optional_date(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise ValidationError(f"{attribute.name} must be a date")


@attrs.frozen(kw_only=True)
class OrderLine:
    """One line of a new order."""

    part_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity)
    part_type: PartNumberType = attrs.field(
        default=PartNumberType.ITEM_NUMBER, converter=_to_part_number_type
    )
    reference_line_number: str | None = attrs.field(
        default=None, validator=check_optional_non_empty
    )
    memo: str | None = attrs.field(default=None, validator=_check_memo)


@attrs.frozen(kw_only=True)
class ShippingInfo:
    """How an order ships: the service level, the ship-to address and delivery options."""

    service_level_code: str = attrs.field(
        validator=check_non_empty, metadata=json_key("ShipMethodServiceLevelCode")
    )
    address: Address = attrs.field(validator=_check_address, metadata=json_key("ShippingAddress"))
    ship_complete: bool | None = attrs.field(default=None, validator=_check_optional_bool)
    delivery_phone: str | None = attrs.field(
        default=None, validator=check_optional_non_empty, metadata=json_key("DeliveryPhoneNumber")
    )


@attrs.frozen(kw_only=True)
class VrdAnswer:
    """The answer to one vendor-required field (its ``id`` from :class:`VrdField`)."""

    id: str = attrs.field(validator=check_non_empty, metadata=json_key("ID"))
    value: str = attrs.field(validator=check_non_empty)


@attrs.frozen(kw_only=True)
class SalesOrderRequest:
    """A new sales order, sent as the gateway's nested ``createAsync`` body (and as the flat
    legacy body on the legacy layout).

    ``po_number`` is required by this client, and ``reference_number`` recommended: the API has
    no idempotency key, and these numbers are how an order is found after an asynchronous
    create or an ambiguous failure (``sales_orders.find`` / ``wait_for``).
    """

    business_unit: int = attrs.field(converter=_to_business_unit)
    po_number: str = attrs.field(validator=check_non_empty, metadata=json_key("PONumber"))
    shipping: ShippingInfo = attrs.field(metadata=json_key("ShippingInfo"))
    lines: tuple[OrderLine, ...] = attrs.field(
        converter=to_tuple, validator=[check_non_empty_tuple, lines_of(OrderLine)]
    )
    reference_number: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    end_user_po: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    memo: str | None = attrs.field(default=None, validator=_check_memo)
    manufacturer_drop_ship: bool | None = attrs.field(default=None, validator=_check_optional_bool)
    requested_delivery_date: date | None = attrs.field(default=None, validator=_check_optional_date)
    entered_by_email: str | None = attrs.field(
        default=None,
        validator=check_optional_non_empty,
        metadata=json_key("EnteredByEmailAddress"),
    )
    payer_id: str | None = attrs.field(
        default=None, validator=check_optional_non_empty, metadata=json_key("PayerId")
    )
    deal_ids: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=check_strings, metadata=json_key("DealIds")
    )
    vrd: tuple[VrdAnswer, ...] = attrs.field(
        default=(), converter=to_tuple, validator=lines_of(VrdAnswer), metadata=json_key("VRD")
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.shipping, ShippingInfo):
            raise ValidationError("shipping must be a ShippingInfo")


# -- the answer to a create ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OrderError:
    """One reason the API gave for refusing (part of) an order."""

    code: str | None = attrs.field(default=None, metadata=json_key("ErrorCode"))
    message: str | None = attrs.field(default=None, metadata=json_key("ErrorMessage"))


@attrs.frozen(kw_only=True)
class OrderSubmission:
    """What a create answered. On the gateway the order is placed asynchronously:
    ``order_number`` is None (the API does not return one); find the order with
    ``sales_orders.find`` / ``wait_for`` by ``po_number`` or ``reference_number``."""

    received: bool
    errors: tuple[OrderError, ...] = ()
    order_number: str | None = None
    po_number: str | None = None
    reference_number: str | None = None


@attrs.frozen(kw_only=True)
class GatewayCreated:
    """The gateway's ``createAsync`` answer (internal shape)."""

    order_received: bool | None = None
    errors: tuple[OrderError, ...] = ()


@attrs.frozen(kw_only=True)
class LegacyCreated:
    """The legacy synchronous create's answer (internal shape)."""

    order_number: str | None = None
    order_created: bool | None = None
    error_message: str | None = None


# -- ship quote, VRD ---------------------------------------------------------------------


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

    service_level_code: str | None = None
    description: str | None = None
    carrier: str | None = None
    freight: Decimal | None = None
    currency: str | None = None
    transit_days: int | None = None
    estimated_delivery_date: date | None = None


@attrs.frozen(kw_only=True)
class ShipQuote:
    """The gateway's ship quote: the options, and any errors (an object, not a list)."""

    options: tuple[ShippingOption, ...] = attrs.field(default=(), metadata=json_key("Items"))
    errors: tuple[OrderError, ...] = ()


@attrs.frozen(kw_only=True)
class VrdField:
    """One vendor-required field an order must answer (in ``SalesOrderRequest.vrd``)."""

    id: str | None = attrs.field(default=None, metadata=json_key("ID"))
    field_description: str | None = None
    field_length: int | None = None
    required: bool | None = None
    field_type: str | None = None
    combo_box_items: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class VrdFields:
    """The answer of ``vrd`` (internal shape)."""

    vrd_items: tuple[VrdField, ...] = attrs.field(default=(), metadata=json_key("VRDItems"))
