"""Sales orders that exist: list rows, the detail with lines and deliveries, serial numbers,
the answer to a cancel, tracking numbers.

Re-exported by :mod:`scansource_async.models.sales_orders`; field names follow api-notes.md
("SalesOrder").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from .._convert import json_key
from ._common import Address, ApiEnum

__all__ = [
    "Delivery",
    "DeliveryLine",
    "OrderSerial",
    "Parcel",
    "SalesOrder",
    "SalesOrderCancellation",
    "SalesOrderLine",
    "SalesOrderStatus",
    "SalesOrderSummary",
    "ScheduleLine",
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


@attrs.frozen(kw_only=True)
class SalesOrderSummary:
    """One row of the order list."""

    order_number: str | None = None
    po_number: str | None = None
    end_user_po: str | None = None
    reference_number: str | None = None
    status: SalesOrderStatus | None = None
    doc_type: str | None = None
    date_entered: datetime | None = None
    last_change_date: datetime | None = None
    shipping_city: str | None = None
    currency: str | None = None
    total: Decimal | None = None


@attrs.frozen(kw_only=True)
class ScheduleLine:
    """When (part of) a line is expected to ship."""

    estimated_ship_date: date | None = None
    confirmed: bool | None = None


@attrs.frozen(kw_only=True)
class SalesOrderLine:
    """One line of an order's detail, with its quantities by state."""

    line_number: int | None = None
    po_line_number: str | None = None
    reference_line_number: str | None = None
    item_number: str | None = None
    product_mfr_part: str | None = None
    customer_part_number: str | None = None
    product_description: str | None = None
    ordered: int | None = None
    committed: int | None = None
    back_ordered: int | None = None
    shipped: int | None = None
    canceled: int | None = None
    reject_reason: str | None = None
    price: Decimal | None = None
    currency: str | None = None
    serial_numbers: tuple[str, ...] = ()
    schedule_lines: tuple[ScheduleLine, ...] = ()


@attrs.frozen(kw_only=True)
class Parcel:
    """One carton of a delivery."""

    carton_number: str | None = None
    carrier_code: str | None = None
    tracking_type: str | None = None
    tracking_number: str | None = None
    weight: Decimal | None = None
    weight_uom: str | None = attrs.field(default=None, metadata=json_key("WeightUOM"))


@attrs.frozen(kw_only=True)
class DeliveryLine:
    """An order line (part) in a delivery (**unverified** shape)."""

    line_number: int | None = None
    item_number: str | None = None
    quantity: int | None = None


@attrs.frozen(kw_only=True)
class Delivery:
    """One delivery of an order, with its parcels."""

    delivery_document_number: str | None = None
    delivery_status: str | None = None
    parcels: tuple[Parcel, ...] = ()
    line_items: tuple[DeliveryLine, ...] = ()
    shipped_date: datetime | None = None


@attrs.frozen(kw_only=True)
class SalesOrder:
    """An order's detail: addresses, money, lines, invoices, tracking numbers, deliveries."""

    sales_order_number: str | None = None
    po_number: str | None = None
    end_user_po: str | None = None
    reference_number: str | None = None
    doc_type: str | None = None
    status: SalesOrderStatus | None = None
    date_entered: datetime | None = None
    last_ship_date: datetime | None = None
    memo: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    sales_rep_name: str | None = None
    sales_rep_email: str | None = None
    insurance_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    freight_amount: Decimal | None = None
    total: Decimal | None = None
    currency: str | None = None
    entered_by_email: str | None = None
    shipping_option_description: str | None = None
    sales_order_lines: tuple[SalesOrderLine, ...] = ()
    invoice_numbers: tuple[str, ...] = ()
    tracking_numbers: tuple[str, ...] = ()
    deliveries: tuple[Delivery, ...] = ()


@attrs.frozen(kw_only=True)
class OrderSerial:
    """One serial number shipped on an order (**unverified** shape)."""

    sales_order_number: str | None = None
    invoice_number: str | None = None
    item_number: str | None = None
    serial_number: str | None = None
    ship_date: date | None = None


@attrs.frozen(kw_only=True)
class SalesOrderCancellation:
    """The answer to a cancel (**unverified** shape)."""

    sales_order_number: str | None = None
    cancelled: bool | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class TrackingInfo:
    """One tracking number of an order, with the invoice and items it carried."""

    tracking_number: str
    invoice_number: str | None = None
    carrier: str | None = None
    ship_date: date | None = None
    item_numbers: tuple[str, ...] = ()
