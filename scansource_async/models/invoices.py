"""Invoice models: summaries, invoices with lines, serial numbers and shipments (tracking).

``GET invoice/detail`` is documented to return "serial and tracking numbers"; the field names
are **unverified** except ``InvoiceLines[].Shipments[].TrackingNumber`` (api-notes.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from ._common import Address

__all__ = ["Invoice", "InvoiceLine", "InvoiceSummary", "Shipment"]


@attrs.frozen(kw_only=True)
class InvoiceSummary:
    """One invoice of ``invoice/summary``: numbers, dates and the total."""

    invoice_number: str | None = None
    invoice_date: date | None = None
    due_date: date | None = None
    sales_order_number: str | None = None
    po_number: str | None = None
    customer_number: str | None = None
    status: str | None = None
    currency_code: str | None = None
    total: Decimal | None = None


@attrs.frozen(kw_only=True)
class Shipment:
    """A shipment of (part of) an invoice line, with its tracking number."""

    carrier: str | None = None
    ship_method: str | None = None
    ship_date: date | None = None
    tracking_number: str | None = None
    quantity: int | None = None


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """One line of an invoice. ``serial_numbers`` is empty when serial tracking is excluded."""

    line_number: int | None = None
    item_number: str | None = None
    manufacturer_part_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    extended_price: Decimal | None = None
    serial_numbers: tuple[str, ...] = ()
    shipments: tuple[Shipment, ...] = ()


@attrs.frozen(kw_only=True)
class Invoice:
    """An invoice with its lines (``invoice/detail``, and each entry of ``invoice/list``)."""

    invoice_number: str | None = None
    invoice_date: date | None = None
    due_date: date | None = None
    sales_order_number: str | None = None
    po_number: str | None = None
    end_user_po: str | None = None
    customer_number: str | None = None
    status: str | None = None
    currency_code: str | None = None
    sub_total: Decimal | None = None
    freight: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    ship_to_address: Address | None = None
    invoice_lines: tuple[InvoiceLine, ...] = ()

    @property
    def tracking_numbers(self) -> tuple[str, ...]:
        """The distinct tracking numbers of this invoice's shipments, in order."""
        found = (s.tracking_number for line in self.invoice_lines for s in line.shipments)
        return tuple(dict.fromkeys(t for t in found if t))
