"""VendorOrder group: ``GET vendororder/subscription/{subscriptionId}``.

Subscriptions ``SUB000001`` … ``SUB000500`` exist (deterministic; any other id → 404):
``{SubscriptionID, Vendor, Status ("Active" | "Expired"), CustomerNumber, EndUser,
SalesOrderNumber, StartDate, EndDate, AutoRenew, CurrencyCode, Lines: [{ItemNumber, Description,
Quantity, UnitPrice}]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog_data import MANUFACTURERS
from .._history import HISTORY_END, HISTORY_ORDERS, history_item, stable_hash
from .._json import money_decimal
from .._ledger import ledger_of
from .._state import SimulatorState
from ._common import ApiError, json_response, state_of
from ._helpers import iso
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "SUBSCRIPTIONS", "draw_subscription"]

GROUP: Final = "VendorOrder"
SUBSCRIPTIONS: Final = 500


def draw_subscription(state: SimulatorState, subscription_id: str) -> dict[str, Any] | None:
    """Vendor subscription ``SUB000001`` … ``SUB000500`` (None for any other id)."""
    sid = subscription_id.strip().upper()
    if len(sid) != 9 or not sid.startswith("SUB") or not sid[3:].isdigit():
        return None
    n = int(sid[3:])
    if not 1 <= n <= SUBSCRIPTIONS:
        return None
    h = stable_hash(state.seed, "subscription", n)
    customers = sorted(state.customers)
    customer = state.customers[customers[h % len(customers)]]
    vendor = MANUFACTURERS[(h >> 8) % len(MANUFACTURERS)][0]
    start = HISTORY_END - timedelta(days=h % 700)
    item = history_item(state.catalog, h, 0)
    return {
        "SubscriptionID": sid,
        "Vendor": vendor,
        "Status": "Active" if start + timedelta(days=365) > HISTORY_END else "Expired",
        "CustomerNumber": customer.number,
        "EndUser": f"End user {(h >> 16) % 1000:03d}",
        "SalesOrderNumber": ledger_of(state).history(customer).orders[h % HISTORY_ORDERS].number,
        "StartDate": start,
        "EndDate": start + timedelta(days=365),
        "AutoRenew": bool(h & 1),
        "CurrencyCode": customer.currency,
        "Lines": [
            {
                "ItemNumber": item.item_number,
                "Description": f"{item.description} - annual subscription",
                "Quantity": 1 + (h >> 20) % 50,
                "UnitPrice": money_decimal(item.msrp_usd_cents // 12),
            }
        ],
    }


async def subscription(request: Request) -> Response:
    sid = request.path_params["subscriptionId"]
    found = draw_subscription(state_of(request), sid)
    if found is None:
        raise ApiError(404, f"Subscription '{sid}' not found")
    return json_response(
        {**found, "StartDate": iso(found["StartDate"]), "EndDate": iso(found["EndDate"])}
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "vendor_orders.subscription": subscription,
}
