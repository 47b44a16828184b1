"""SystemCentral group: ``GET systemcentral/summary/{customerNumber}``.

Data: ``HISTORY_LOGS`` (130) deterministic logs per customer, oldest first, each tied to one of
the customer's history orders. Answer: a page (JSON array) of ``{LogNumber, PONumber,
SalesOrderNumber, Status ("Open" | "In Progress" | "On Hold" | "Completed" | "Cancelled"),
Description, Quantity, CreatedDate, LastUpdatedDate, EstimatedCompletionDate}``, header
``X-Total-Count``. Filters ``logNumber``, ``poNumber`` (exact), ``status`` (case-insensitive),
``fromDate``/``toDate`` (on ``CreatedDate``). Unknown customer → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from ._helpers import iso, ledger, paged, path_customer, query_date
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "SystemCentral"


def _render(log: dict[str, Any]) -> dict[str, Any]:
    return {
        **log,
        "CreatedDate": iso(log["CreatedDate"]),
        "LastUpdatedDate": iso(log["LastUpdatedDate"]),
        "EstimatedCompletionDate": iso(log["EstimatedCompletionDate"]),
    }


async def summary(request: Request) -> Response:
    customer = path_customer(request)
    params = request.query_params
    log_number = params.get("logNumber") or None
    po_number = params.get("poNumber") or None
    status = (params.get("status") or "").lower() or None
    low, high = query_date(request, "fromDate"), query_date(request, "toDate")
    rows = [
        log
        for log in ledger(request).history(customer).logs
        if (log_number is None or log["LogNumber"] == log_number)
        and (po_number is None or log["PONumber"] == po_number)
        and (status is None or log["Status"].lower() == status)
        and (low is None or log["CreatedDate"].date() >= low)
        and (high is None or log["CreatedDate"].date() <= high)
    ]
    return paged(request, rows, _render)


HANDLERS: Final[Mapping[str, Handler]] = {
    "system_central.summary": summary,
}
