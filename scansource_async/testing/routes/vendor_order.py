"""VendorOrder group: ``GET vendororder/subscription/{subscriptionId}``.

Subscriptions ``SUB000001`` … ``SUB000500`` exist (deterministic; any other id → 404):
``{SubscriptionID, Vendor, Status ("Active" | "Expired"), CustomerNumber, EndUser,
SalesOrderNumber, StartDate, EndDate, AutoRenew, CurrencyCode, Lines: [{ItemNumber, Description,
Quantity, UnitPrice}]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from ._common import ApiError, json_response
from ._helpers import iso, ledger
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "VendorOrder"


async def subscription(request: Request) -> Response:
    sid = request.path_params["subscriptionId"]
    found = ledger(request).subscription(sid)
    if found is None:
        raise ApiError(404, f"Subscription '{sid}' not found")
    return json_response(
        {**found, "StartDate": iso(found["StartDate"]), "EndDate": iso(found["EndDate"])}
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "vendor_orders.subscription": subscription,
}
