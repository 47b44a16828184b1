"""Cisco DART (deal authorization) models (``ciscodart/…``; field names **unverified**)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

__all__ = ["CiscoDartDetail", "CiscoDartLine", "CiscoDartSummary"]


@attrs.frozen(kw_only=True)
class CiscoDartSummary:
    """One Cisco deal of ``ciscodart/summary``."""

    deal_id: str | None = None
    deal_name: str | None = None
    end_customer: str | None = None
    status: str | None = None
    created_date: date | None = None
    expiration_date: date | None = None


@attrs.frozen(kw_only=True)
class CiscoDartLine:
    """A discounted item of a Cisco deal."""

    line_number: int | None = None
    item_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    list_price: Decimal | None = None
    discount_percent: Decimal | None = None
    net_price: Decimal | None = None


@attrs.frozen(kw_only=True)
class CiscoDartDetail(CiscoDartSummary):
    """A Cisco deal with its lines (``ciscodart/detail``)."""

    currency_code: str | None = None
    lines: tuple[CiscoDartLine, ...] = ()
