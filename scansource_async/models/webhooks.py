"""Webhook models: subscriptions to event callbacks (field names **unverified**)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .._validate import check_http_url
from ..errors import ValidationError
from ._common import ApiEnum

__all__ = ["Webhook", "WebhookEvent", "WebhookRequest"]


class WebhookEvent(ApiEnum):
    """The events a webhook can subscribe to."""

    SALES_ORDER_CREATED = "SalesOrderCreated"
    SALES_ORDER_SHIPPED = "SalesOrderShipped"
    SALES_ORDER_CANCELLED = "SalesOrderCancelled"
    INVOICE_CREATED = "InvoiceCreated"
    UNKNOWN = "Unknown"


def _to_event(value: Any) -> WebhookEvent:
    event = WebhookEvent(value)
    if event is WebhookEvent.UNKNOWN:
        known = ", ".join(e.value for e in WebhookEvent if e is not WebhookEvent.UNKNOWN)
        raise ValidationError(f"unknown webhook event {value!r} (known: {known})")
    return event


@attrs.frozen(kw_only=True)
class WebhookRequest:
    """A subscription to create: which event to send, and where. ``secret`` (never shown in the
    repr) is what the API signs callbacks with, when given."""

    event_type: WebhookEvent = attrs.field(converter=_to_event)
    callback_url: str = attrs.field(validator=check_http_url)
    description: str | None = None
    secret: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class Webhook:
    """A webhook subscription."""

    webhook_id: str | None = None
    event_type: WebhookEvent | None = None
    callback_url: str | None = None
    description: str | None = None
    active: bool | None = None
    created_date: datetime | None = None
