"""WebHook: subscriptions to event callbacks."""

from __future__ import annotations

from ..models.webhooks import Webhook, WebhookRequest
from ._base import Resource

__all__ = ["Webhooks"]


class Webhooks(Resource):
    """``client.webhooks``: webhook subscriptions (of the subscription key in use)."""

    async def list(self) -> list[Webhook]:
        """The webhooks currently subscribed to."""
        return await self._call_list(Webhook, "webhooks.list")

    async def subscribe(self, request: WebhookRequest) -> Webhook:
        """Subscribe to an event. Never retried once sent: an ambiguous failure raises
        :class:`~scansource_async.OutcomeUnknownError` (check :meth:`list` before retrying)."""
        return await self._call_as(
            Webhook,
            "webhooks.subscribe",
            json=self._checked(request, WebhookRequest),
            reference=request.callback_url,
        )

    async def delete(self, webhook_id: str) -> None:
        """Delete a webhook (404 if unknown)."""
        await self._call("webhooks.delete", path_params={"webhook_id": webhook_id})
