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
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._history import HISTORY_DAYS, customer_code, history_start, stable_hash
from .._records import Order
from .._state import SimulatorState
from ._common import state_of
from ._helpers import iso, ledger, paged, path_customer, query_date
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "HISTORY_LOGS", "SYSTEM_CENTRAL_STATUSES"]

GROUP: Final = "SystemCentral"
HISTORY_LOGS: Final = 130
SYSTEM_CENTRAL_STATUSES: Final = ("Open", "In Progress", "On Hold", "Completed", "Cancelled")


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
        for log in history_logs(request, customer)
        if (log_number is None or log["LogNumber"] == log_number)
        and (po_number is None or log["PONumber"] == po_number)
        and (status is None or log["Status"].lower() == status)
        and (low is None or log["CreatedDate"].date() >= low)
        and (high is None or log["CreatedDate"].date() <= high)
    ]
    return paged(request, rows, _render)


def _draw_logs(
    state: SimulatorState, customer: SimulatedCustomer, orders: list[Order]
) -> list[dict[str, Any]]:
    code = customer_code(customer)
    start = history_start()
    step = HISTORY_DAYS * 24 * 60 // HISTORY_LOGS  # minutes between logs
    logs = []
    for i in range(HISTORY_LOGS):
        h = stable_hash(state.seed, customer.number, "log", i)
        order = orders[(i * 7) % len(orders)]
        created = start + timedelta(minutes=step * (i + 1) + h % 600)
        logs.append(
            {
                "LogNumber": f"SC{code}{i:05d}",
                "PONumber": order.po_number,
                "SalesOrderNumber": order.number,
                "Status": SYSTEM_CENTRAL_STATUSES[h % len(SYSTEM_CENTRAL_STATUSES)],
                "Description": f"Staging and configuration of {1 + h % 40} units",
                "Quantity": 1 + h % 40,
                "CreatedDate": created,
                "LastUpdatedDate": created + timedelta(hours=1 + (h >> 10) % 96),
                "EstimatedCompletionDate": (created + timedelta(days=3 + h % 10)).date(),
            }
        )
    return logs


def history_logs(request: Request, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    """The customer's System Central logs (drawn once per simulator, oldest first)."""
    book = ledger(request)
    orders = book.history(customer).orders
    return book.generated(
        "logs", customer.number, lambda: _draw_logs(state_of(request), customer, orders)
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "system_central.summary": summary,
}
