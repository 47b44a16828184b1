"""CiscoDart group: ``GET ciscodart/summary?customerNumber=``, ``GET ciscodart/detail?dealId=``.

Seven deterministic deals per customer (``DealID`` ``4cccc001`` …). Summary: a JSON array of
``{DealID, DealName, EndCustomer, Status ("Approved" | "Pending" | "Expired"), CreatedDate,
ExpirationDate}``; detail: the same plus ``CurrencyCode`` and ``Lines: [{LineNumber, ItemNumber,
Description, Quantity, ListPrice, DiscountPercent, NetPrice}]``. Unknown customer → 400; missing
``dealId`` → 400; unknown deal → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from ._common import ApiError, bad_request, json_response, query_customer
from ._helpers import iso, ledger
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "CiscoDart"


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
    return json_response([_summary(d) for d in ledger(request).history(customer).deals])


async def detail(request: Request) -> Response:
    deal_id = request.query_params.get("dealId")
    if not deal_id:
        bad_request("dealId is required")
    deal = ledger(request).find_deal(deal_id)
    if deal is None:
        raise ApiError(404, f"Deal '{deal_id}' not found")
    return json_response(
        {**_summary(deal), "CurrencyCode": deal["CurrencyCode"], "Lines": deal["Lines"]}
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "cisco_dart.summary": summary,
    "cisco_dart.detail": detail,
}
