"""WebHook: subscriptions to event callbacks."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.webhooks import Webhook, WebhookRequest
from ._base import Resource

__all__ = ["WebhooksResource"]


class WebhooksResource(Resource):
    """``client.webhooks``: webhook subscriptions (of the subscription key in use)."""

    async def list(
        self,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[Webhook]:
        """The webhooks currently subscribed to."""
        return await self._call_list(
            Webhook,
            "webhooks.list",
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def subscribe(
        self,
        request: WebhookRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Webhook:
        """Subscribe to an event. Never retried once sent, whatever ``max_retries`` says: an
        ambiguous failure raises :class:`~scansource_async.OutcomeUnknownError` (check
        :meth:`list` before retrying)."""
        return await self._call_as(
            Webhook,
            "webhooks.subscribe",
            json=self._checked(request, WebhookRequest),
            reference=request.callback_url,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def delete(
        self,
        webhook_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Delete a webhook (404 if unknown)."""
        await self._call(
            "webhooks.delete",
            path_params={"webhook_id": webhook_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
