"""Webhooks through the public client against the simulator."""

from __future__ import annotations

from datetime import datetime

import pytest

from scansource_async import (
    NotFoundError,
    OutcomeUnknownError,
    ScanSourceClient,
    ValidationError,
    WebhookEvent,
    WebhookRequest,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import client_of, sent


async def test_subscribe_list_delete(sim: Simulator, client: ScanSourceClient) -> None:
    assert await client.webhooks.list() == []
    hook = await client.webhooks.subscribe(
        WebhookRequest(
            event_type="SalesOrderShipped",
            callback_url="https://example.com/hooks/shipped",
            description="ship notices",
            secret="s3cret",
        )
    )
    assert hook.webhook_id
    assert hook.event_type is WebhookEvent.SALES_ORDER_SHIPPED
    assert hook.callback_url == "https://example.com/hooks/shipped"
    assert hook.active is True
    assert isinstance(hook.created_date, datetime)
    assert sim.requests[-1].body["CallbackURL"] == "https://example.com/hooks/shipped"
    assert await client.webhooks.list() == [hook]

    await client.webhooks.delete(hook.webhook_id)
    assert await client.webhooks.list() == []
    with pytest.raises(NotFoundError) as caught:
        await client.webhooks.delete(hook.webhook_id)
    assert caught.value.body["message"] == f"Webhook '{hook.webhook_id}' not found"


def test_request_validates_itself() -> None:
    with pytest.raises(ValidationError, match="unknown webhook event"):
        WebhookRequest(event_type="PriceChanged", callback_url="https://example.com/")
    with pytest.raises(ValidationError, match="callback_url"):
        WebhookRequest(event_type=WebhookEvent.INVOICE_CREATED, callback_url="ftp://example.com/x")
    request = WebhookRequest(
        event_type=WebhookEvent.INVOICE_CREATED, callback_url="https://example.com/", secret="hush"
    )
    assert "hush" not in repr(request)


async def test_unknown_event_from_the_api_is_tolerated(
    sim: Simulator, client: ScanSourceClient
) -> None:
    ledger(sim).tenant_of_key().webhooks["WH-X"] = {"WebhookID": "WH-X", "EventType": "Brand New"}
    [hook] = await client.webhooks.list()
    assert hook.event_type is WebhookEvent.UNKNOWN


async def test_subscribe_hit_by_503_after_the_server_acted(sim: Simulator) -> None:
    sim.set_faults(
        {"POST webhooks": FaultModel(error_rate=1.0, error_statuses=(503,), after_action=True)}
    )
    async with client_of(sim) as client:
        request = WebhookRequest(event_type="InvoiceCreated", callback_url="https://example.com/i")
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.webhooks.subscribe(request)
        assert caught.value.reference == "https://example.com/i"
        assert sent(sim, "POST", "webhooks") == 1
        sim.set_faults(None)
        assert len(await client.webhooks.list()) == 1
