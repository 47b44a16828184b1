"""Custom configuration models (``customconfig/list``; field names **unverified**)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

__all__ = ["CustomConfig", "CustomConfigComponent"]


@attrs.frozen(kw_only=True)
class CustomConfigComponent:
    """One component of a custom configuration."""

    item_number: str | None = None
    description: str | None = None
    quantity: int | None = None


@attrs.frozen(kw_only=True)
class CustomConfig:
    """A custom configuration (a kit built from components) available to the customer."""

    config_number: str | None = None
    name: str | None = None
    description: str | None = None
    base_item_number: str | None = None
    price: Decimal | None = None
    currency_code: str | None = None
    created_date: datetime | None = None
    components: tuple[CustomConfigComponent, ...] = ()
