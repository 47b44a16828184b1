"""WebHook group: ``GET webhooks``, ``POST webhooks``, ``DELETE webhooks/{Id}``.

Subscriptions are kept per subscription key. ``POST`` body ``{EventType ("SalesOrderCreated" |
"SalesOrderShipped" | "SalesOrderCancelled" | "InvoiceCreated"), CallbackURL (absolute http(s)
URL), Description, Secret}`` → ``{WebhookID, EventType, CallbackURL, Description, Active: true,
CreatedDate}`` (the secret is never echoed); a bad body → 400. ``GET`` → a JSON array of those.
``DELETE`` → 204, or 404 for an unknown id. No callbacks are ever sent. ``POST api/WebHook``
(listed in the seeds without documentation) is not simulated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from ._common import ApiError, bad_request, json_response
from ._helpers import body_object, iso, ledger, no_content, optional_text, required_text, tenant
from ._router import Handler

__all__ = ["EVENT_TYPES", "GROUP", "HANDLERS"]

GROUP: Final = "WebHook"
EVENT_TYPES: Final = (
    "SalesOrderCreated",
    "SalesOrderShipped",
    "SalesOrderCancelled",
    "InvoiceCreated",
)


async def list_webhooks(request: Request) -> Response:
    return json_response(list(tenant(request).webhooks.values()))


async def subscribe(request: Request) -> Response:
    body = body_object(request, "webhook subscription")
    event = required_text(body, "EventType")
    known = {e.lower(): e for e in EVENT_TYPES}
    if event.lower() not in known:
        bad_request(f"EventType '{event}' is not valid; use one of {', '.join(EVENT_TYPES)}")
    url = required_text(body, "CallbackURL")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        bad_request(f"CallbackURL '{url}' must be an absolute http(s) URL")
    optional_text(body, "Secret")
    book = ledger(request)
    webhook_id = book.next_id("webhook")
    webhook = {
        "WebhookID": webhook_id,
        "EventType": known[event.lower()],
        "CallbackURL": url,
        "Description": optional_text(body, "Description"),
        "Active": True,
        "CreatedDate": iso(book.now()),
    }
    tenant(request).webhooks[webhook_id] = webhook
    return json_response(webhook)


async def delete(request: Request) -> Response:
    webhook_id = request.path_params["Id"]
    if tenant(request).webhooks.pop(webhook_id, None) is None:
        raise ApiError(404, f"Webhook '{webhook_id}' not found")
    return no_content()


HANDLERS: Final[Mapping[str, Handler]] = {
    "webhooks.list": list_webhooks,
    "webhooks.subscribe": subscribe,
    "webhooks.delete": delete,
}
