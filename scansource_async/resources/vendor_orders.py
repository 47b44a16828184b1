"""VendorOrder: subscriptions ordered from vendors."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.vendor_orders import VendorSubscription
from ._base import Resource

__all__ = ["VendorOrdersResource"]


class VendorOrdersResource(Resource):
    """``client.vendor_orders``: vendor subscriptions."""

    async def subscription(
        self,
        subscription_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> VendorSubscription:
        """A vendor subscription by its ID (404 if unknown)."""
        return await self._call_as(
            VendorSubscription,
            "vendor_orders.subscription",
            path_params={"subscription_id": subscription_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
