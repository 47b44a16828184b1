"""Vendor order models: vendor subscriptions (``vendororder/subscription``; **unverified**)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

__all__ = ["VendorSubscription", "VendorSubscriptionLine"]


@attrs.frozen(kw_only=True)
class VendorSubscriptionLine:
    """An item of a vendor subscription."""

    item_number: str | None = None
    description: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None


@attrs.frozen(kw_only=True)
class VendorSubscription:
    """A subscription ordered from a vendor (software, services) and its term."""

    subscription_id: str | None = None
    vendor: str | None = None
    status: str | None = None
    customer_number: str | None = None
    end_user: str | None = None
    sales_order_number: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    auto_renew: bool | None = None
    currency_code: str | None = None
    lines: tuple[VendorSubscriptionLine, ...] = ()
