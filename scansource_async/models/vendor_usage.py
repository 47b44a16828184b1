"""Vendor usage models: usage billed on an invoice (``vendorusage/…``; names **unverified**)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

__all__ = ["VendorUsage", "VendorUsageLine"]


@attrs.frozen(kw_only=True)
class VendorUsageLine:
    """Usage of one item over a period."""

    item_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    usage_date: date | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class VendorUsage:
    """The vendor usage billed on one invoice under one bid."""

    vendor: str | None = None
    bid: str | None = None
    invoice_number: str | None = None
    customer_number: str | None = None
    currency_code: str | None = None
    total: Decimal | None = None
    lines: tuple[VendorUsageLine, ...] = ()
