"""Invoice group: ``GET invoice/summary/{customerNumber}``, ``GET invoice/list/{customerNumber}``,
``GET invoice/detail/{customerNumber}/{invoiceNumber}``,
``GET invoice/pdf/{customerNumber}/{invoiceNumber}``.

Data: the customer's deterministic history (see ``_ledger``: about 190 invoices for a default
customer, newest first) plus the invoices of orders the caller's subscription key created and a
test shipped (``ledger(sim).ship_order(n)``), which come first.

Shapes (invented; the seeds name only the operations):

* summary → a page (JSON array) of ``{InvoiceNumber, InvoiceDate, DueDate, SalesOrderNumber,
  PONumber, CustomerNumber, Status ("Open" | "Paid"), CurrencyCode, Total}``; header
  ``X-Total-Count``. Filters ``salesOrderNumber``, ``invoiceNumber``, ``poNumber`` (exact),
  ``fromDate``/``toDate`` (on ``InvoiceDate``, inclusive); ``page``/``pageSize`` as in search.
* list → the same page, each entry a full invoice (as detail).
* detail → ``{InvoiceNumber, InvoiceDate, DueDate, SalesOrderNumber, PONumber, EndUserPO,
  CustomerNumber, Status, CurrencyCode, SubTotal, Freight, Tax, Total, ShipToAddress{…},
  InvoiceLines: [{LineNumber, ItemNumber, ManufacturerPartNumber, Description, Quantity,
  UnitPrice, ExtendedPrice, SerialNumbers: [...], Shipments: [{Carrier, ShipMethod, ShipDate,
  TrackingNumber, Quantity}]}]}``; ``excludeSerialTracking=true`` empties ``SerialNumbers``.
* pdf → ``application/pdf``: a small valid one-page PDF, deterministic per invoice
  (``ledger(sim).invoice_pdf(number)`` gives the same bytes).

Unknown customer or invoice → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._json import money_decimal
from .._pdf import invoice_pdf
from .._records import Invoice
from ._common import ApiError, json_response, query_bool
from ._helpers import iso, ledger, paged, path_customer, query_date, tenant
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "invoice_json", "summary_json"]

GROUP: Final = "Invoice"


def summary_json(invoice: Invoice) -> dict[str, Any]:
    order = invoice.order
    return {
        "InvoiceNumber": invoice.number,
        "InvoiceDate": iso(invoice.invoice_date),
        "DueDate": iso(invoice.due_date),
        "SalesOrderNumber": order.number,
        "PONumber": order.po_number,
        "CustomerNumber": order.customer_number,
        "Status": invoice.status,
        "CurrencyCode": order.currency,
        "Total": money_decimal(invoice.total_cents),
    }


def invoice_json(invoice: Invoice, *, serials: bool = True) -> dict[str, Any]:
    order = invoice.order
    return {
        **summary_json(invoice),
        "EndUserPO": order.end_user_po,
        "SubTotal": money_decimal(invoice.sub_total_cents),
        "Freight": money_decimal(invoice.freight_cents),
        "Tax": money_decimal(invoice.tax_cents),
        "ShipToAddress": order.address,
        "InvoiceLines": [
            {
                "LineNumber": line.line.line_number,
                "ItemNumber": line.line.item_number,
                "ManufacturerPartNumber": line.line.manufacturer_part_number,
                "Description": line.line.description,
                "Quantity": line.quantity,
                "UnitPrice": money_decimal(line.line.unit_cents),
                "ExtendedPrice": money_decimal(line.extended_cents),
                "SerialNumbers": list(line.serial_numbers) if serials else [],
                "Shipments": [
                    {
                        "Carrier": s.carrier,
                        "ShipMethod": s.ship_method,
                        "ShipDate": iso(s.ship_date),
                        "TrackingNumber": s.tracking_number,
                        "Quantity": s.quantity,
                    }
                    for s in line.shipments
                ],
            }
            for line in invoice.lines
        ],
    }


def _matching(request: Request, customer: SimulatedCustomer) -> list[Invoice]:
    params = request.query_params
    order_number = params.get("salesOrderNumber") or None
    number = params.get("invoiceNumber") or None
    po_number = params.get("poNumber") or None
    low, high = query_date(request, "fromDate"), query_date(request, "toDate")
    return [
        i
        for i in ledger(request).invoices_for(tenant(request), customer)
        if (order_number is None or i.order.number == order_number)
        and (number is None or i.number == number)
        and (po_number is None or i.order.po_number == po_number)
        and (low is None or i.invoice_date >= low)
        and (high is None or i.invoice_date <= high)
    ]


def _invoice(request: Request) -> tuple[Invoice, SimulatedCustomer]:
    customer = path_customer(request)
    number = request.path_params["invoiceNumber"]
    invoice = ledger(request).find_invoice(tenant(request), customer, number)
    if invoice is None:
        raise ApiError(404, f"Invoice '{number}' not found")
    return invoice, customer


async def summary(request: Request) -> Response:
    return paged(request, _matching(request, path_customer(request)), summary_json)


async def list_invoices(request: Request) -> Response:
    return paged(request, _matching(request, path_customer(request)), invoice_json)


async def detail(request: Request) -> Response:
    invoice, _ = _invoice(request)
    serials = not query_bool(request, "excludeSerialTracking")
    return json_response(invoice_json(invoice, serials=serials))


async def pdf(request: Request) -> Response:
    invoice, customer = _invoice(request)
    return Response(invoice_pdf(invoice, customer), media_type="application/pdf")


HANDLERS: Final[Mapping[str, Handler]] = {
    "invoices.summary": summary,
    "invoices.list": list_invoices,
    "invoices.detail": detail,
    "invoices.pdf": pdf,
}
