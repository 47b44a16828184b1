"""Vendor quote models (``vendorquote/…``; field names **unverified**)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from ._common import ApiEnum

__all__ = ["VendorQuote", "VendorQuoteLine", "VendorQuoteStatus", "VendorQuoteSummary"]


class VendorQuoteStatus(ApiEnum):
    """The status of a vendor quote."""

    OPEN = "Open"
    ORDERED = "Ordered"
    EXPIRED = "Expired"
    UNKNOWN = "Unknown"


@attrs.frozen(kw_only=True)
class VendorQuoteSummary:
    """One quote of ``vendorquote/list/{vendor}``."""

    vendor: str | None = None
    quote_number: str | None = None
    quote_name: str | None = None
    deal_id: str | None = None
    deal_name: str | None = None
    status: VendorQuoteStatus | None = None
    end_user: str | None = None
    created_date: date | None = None
    expiration_date: date | None = None
    currency_code: str | None = None
    total: Decimal | None = None


@attrs.frozen(kw_only=True)
class VendorQuoteLine:
    """A line of a vendor quote."""

    line_number: int | None = None
    item_number: str | None = None
    manufacturer_part_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    extended_price: Decimal | None = None


@attrs.frozen(kw_only=True)
class VendorQuote(VendorQuoteSummary):
    """A vendor quote with its lines (``vendorquote/{vendor}/{quoteNumber}``)."""

    lines: tuple[VendorQuoteLine, ...] = ()
