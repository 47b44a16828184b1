"""Rma group: ``POST rma?customerNumber=``.

Body ``{InvoiceNumber, Reason, Lines: [{ItemNumber, Quantity, SerialNumbers, Reason}],
ContactName, ContactEmail, ContactPhone, Notes}``. The invoice must be one of the customer's
(history, or created by this subscription key and shipped), each item must be on it, and the
quantity at most the quantity invoiced; otherwise 400 naming the field. Answer (kept per
subscription key): ``{RMANumber, Status: "Open", InvoiceNumber, SalesOrderNumber, Reason,
CreatedDate, Lines: [{LineNumber, ItemNumber, Quantity, UnitPrice, SerialNumbers}]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from .._json import money_decimal
from ._common import bad_request, json_response, query_customer, require_int
from ._helpers import body_object, iso, ledger, optional_text, required_array, required_text, tenant
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Rma"


async def create(request: Request) -> Response:
    customer = query_customer(request)
    body = body_object(request, "RMA request")
    number = required_text(body, "InvoiceNumber")
    reason = required_text(body, "Reason")
    book, owner = ledger(request), tenant(request)
    invoice = book.find_invoice(owner, customer, number)
    if invoice is None:
        bad_request(f"InvoiceNumber '{number}' is not an invoice of customer {customer.number}")
    invoiced = {line.line.item_number.upper(): line for line in invoice.lines}
    lines = []
    for n, line in enumerate(required_array(body, "Lines")):
        where = f"Lines[{n}]."
        if not isinstance(line, dict):
            bad_request(f"Lines[{n}] must be an object")
        item_number = required_text(line, "ItemNumber", where)
        on_invoice = invoiced.get(item_number.strip().upper())
        if on_invoice is None:
            bad_request(f"{where}ItemNumber '{item_number}' is not on invoice {number}")
        quantity = require_int(
            line.get("Quantity"), f"{where}Quantity", low=1, high=on_invoice.quantity
        )
        serials = line.get("SerialNumbers") or []
        if not isinstance(serials, list) or not all(isinstance(s, str) for s in serials):
            bad_request(f"{where}SerialNumbers must be an array of strings")
        optional_text(line, "Reason", where)
        lines.append(
            {
                "LineNumber": n + 1,
                "ItemNumber": on_invoice.line.item_number,
                "Quantity": quantity,
                "UnitPrice": money_decimal(on_invoice.line.unit_cents),
                "SerialNumbers": serials,
            }
        )
    rma_number = book.next_id("rma")
    rma = {
        "RMANumber": rma_number,
        "Status": "Open",
        "InvoiceNumber": invoice.number,
        "SalesOrderNumber": invoice.order.number,
        "Reason": reason,
        "CreatedDate": iso(book.now()),
        "Lines": lines,
    }
    owner.rmas[rma_number] = rma
    return json_response(rma)


HANDLERS: Final[Mapping[str, Handler]] = {
    "rmas.create": create,
}
