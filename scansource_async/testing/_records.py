"""The simulator's order-side records: orders, invoices, carts, and per-key tenants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

__all__ = [
    "Cart",
    "CartCollection",
    "CartItem",
    "History",
    "Invoice",
    "InvoiceLine",
    "Order",
    "OrderLine",
    "Shipment",
    "Tenant",
]


@attrs.define
class OrderLine:
    line_number: int
    item_number: str
    manufacturer_part_number: str
    description: str
    quantity: int
    unit_cents: int
    serialized: bool
    quantity_shipped: int = 0


@attrs.define
class Order:
    """A sales order (from the history, or created through the API by a tenant)."""

    number: str
    customer_number: str
    po_number: str | None
    end_user_po: str | None
    business_unit: str
    ship_method: str
    address: dict[str, Any]
    lines: list[OrderLine]
    status: str
    entered: datetime
    changed: datetime
    currency: str
    doc_type: str = "Order"
    reference_number: str | None = None
    invoice_numbers: list[str] = attrs.Factory(list)
    memo: str | None = None
    entered_by_email: str | None = None
    #: time.monotonic() from which the order list shows it (createAsync is asynchronous)
    visible_at: float = 0.0

    @property
    def total_cents(self) -> int:
        return sum(line.unit_cents * line.quantity for line in self.lines)


@attrs.define
class Shipment:
    carrier: str
    ship_method: str
    ship_date: date
    tracking_number: str
    quantity: int


@attrs.define
class InvoiceLine:
    line: OrderLine
    quantity: int
    shipments: list[Shipment]
    serial_numbers: list[str]

    @property
    def extended_cents(self) -> int:
        return self.line.unit_cents * self.quantity


@attrs.define
class Invoice:
    number: str
    order: Order
    invoice_date: date
    lines: list[InvoiceLine]
    freight_cents: int
    tax_cents: int
    status: str = "Open"

    @property
    def due_date(self) -> date:
        return self.invoice_date + timedelta(days=30)

    @property
    def sub_total_cents(self) -> int:
        return sum(line.extended_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        return self.sub_total_cents + self.freight_cents + self.tax_cents


@attrs.define
class CartItem:
    item_id: str
    item_number: str
    quantity: int
    price: Decimal | None
    description: str | None
    notes: str | None


@attrs.define
class Cart:
    cart_id: str
    name: str | None
    notes: str | None
    created: datetime
    modified: datetime
    items: list[CartItem] = attrs.Factory(list)
    checkout_info: dict[str, Any] | None = None


@attrs.define
class CartCollection:
    carts: dict[str, Cart] = attrs.Factory(dict)
    current: str | None = None


@attrs.define
class Tenant:
    """Everything one subscription key created."""

    carts: dict[str, CartCollection] = attrs.Factory(dict)
    orders: dict[str, Order] = attrs.Factory(dict)
    invoices: dict[str, Invoice] = attrs.Factory(dict)
    #: history orders this tenant cancelled (history itself is shared and never changes)
    cancelled: set[str] = attrs.Factory(set)
    rmas: dict[str, dict[str, Any]] = attrs.Factory(dict)
    spas: dict[str, dict[str, Any]] = attrs.Factory(dict)
    webhooks: dict[str, dict[str, Any]] = attrs.Factory(dict)
    #: address collections: collection key -> address id -> address (API field names)
    addresses: dict[str, dict[str, dict[str, Any]]] = attrs.Factory(dict)


@attrs.define
class History:
    """The deterministic orders and invoices of one customer (the other groups' history is
    drawn by their routes: see ``_history``)."""

    orders: list[Order]
    invoices: list[Invoice]
