"""CiscoDart group: ``GET ciscodart/summary?customerNumber=``, ``GET ciscodart/detail?dealId=``.

Seven deterministic deals per customer (``DealID`` ``4cccc001`` …). Summary: a JSON array of
``{DealID, DealName, EndCustomer, Status ("Approved" | "Pending" | "Expired"), CreatedDate,
ExpirationDate}``; detail: the same plus ``CurrencyCode`` and ``Lines: [{LineNumber, ItemNumber,
Description, Quantity, ListPrice, DiscountPercent, NetPrice}]``. Unknown customer → 400; missing
``dealId`` → 400; unknown deal → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._history import HISTORY_END, customer_code, history_item, stable_hash
from .._json import money_decimal
from .._ledger import Ledger
from .._state import SimulatorState
from ._common import ApiError, bad_request, json_response, query_customer
from ._helpers import iso, ledger
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "customer_deals", "find_deal"]

GROUP: Final = "CiscoDart"
_DEALS: Final = 7


def _draw_deals(state: SimulatorState, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    code = customer_code(customer)
    deals = []
    for n in range(1, _DEALS + 1):
        h = stable_hash(state.seed, customer.number, "dart", n)
        created = HISTORY_END - timedelta(days=10 + h % 300)
        lines: list[dict[str, Any]] = []
        for k in range(1 + h % 4):
            item = history_item(state.catalog, h, k)
            list_cents = item.msrp_usd_cents
            discount = 20 + (h >> (5 * k)) % 40
            lines.append(
                {
                    "LineNumber": k + 1,
                    "ItemNumber": item.item_number,
                    "Description": item.description,
                    "Quantity": 1 + (h >> (3 * k)) % 20,
                    "ListPrice": money_decimal(list_cents),
                    "DiscountPercent": Decimal(discount),
                    "NetPrice": money_decimal(list_cents * (100 - discount) // 100),
                }
            )
        deals.append(
            {
                "DealID": f"4{code}{n:03d}",
                "DealName": f"{customer.name} refresh {n}",
                "EndCustomer": f"End customer {(h >> 8) % 1000:03d}",
                "Status": ("Approved", "Pending", "Expired")[h % 3],
                "CreatedDate": created,
                "ExpirationDate": created + timedelta(days=180),
                "CurrencyCode": "USD",
                "Lines": lines,
            }
        )
    return deals


def customer_deals(book: Ledger, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    """The customer's deals (drawn once per simulator)."""
    return book.generated("deals", customer.number, lambda: _draw_deals(book.state, customer))


def find_deal(book: Ledger, deal_id: str) -> dict[str, Any] | None:
    """A deal of any known customer, or None."""
    for customer in book.state.customers.values():
        for deal in customer_deals(book, customer):
            if deal["DealID"] == deal_id:
                return deal
    return None


def _summary(deal: dict[str, Any]) -> dict[str, Any]:
    return {
        "DealID": deal["DealID"],
        "DealName": deal["DealName"],
        "EndCustomer": deal["EndCustomer"],
        "Status": deal["Status"],
        "CreatedDate": iso(deal["CreatedDate"]),
        "ExpirationDate": iso(deal["ExpirationDate"]),
    }


async def summary(request: Request) -> Response:
    customer = query_customer(request)
    deals = customer_deals(ledger(request), customer)
    return json_response([_summary(d) for d in deals])


async def detail(request: Request) -> Response:
    deal_id = request.query_params.get("dealId")
    if not deal_id:
        bad_request("dealId is required")
    deal = find_deal(ledger(request), deal_id)
    if deal is None:
        raise ApiError(404, f"Deal '{deal_id}' not found")
    return json_response(
        {**_summary(deal), "CurrencyCode": deal["CurrencyCode"], "Lines": deal["Lines"]}
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "cisco_dart.summary": summary,
    "cisco_dart.detail": detail,
}
