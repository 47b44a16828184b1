"""SalesOrder group, the read side: list, summary, detail, tracking and serial numbers of the
orders a customer has (see ``sales_order`` for the shapes of each answer).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._history import SHIP_METHODS
from .._json import money_decimal
from .._records import Invoice, Order
from ._common import ApiError, bad_request, json_response, query_customer
from ._helpers import iso, ledger, paged, path_customer, query_date, tenant

__all__ = ["detail", "list_orders", "serials", "summary", "tracking", "visible", "visible_order"]


def visible(order: Order) -> bool:
    """Whether a created order shows yet (the gateway's create answers before it does)."""
    return order.visible_at <= time.monotonic()


def _summary(request: Request) -> Any:
    owner = tenant(request)
    book = ledger(request)

    def render(order: Order) -> dict[str, Any]:
        return {
            "OrderNumber": order.number,
            "PONumber": order.po_number,
            "EndUserPO": order.end_user_po,
            "ReferenceNumber": order.reference_number,
            "Status": book.order_status(owner, order),
            "DocType": order.doc_type,
            "DateEntered": iso(order.entered),
            "LastChangeDate": iso(order.changed),
            "ShippingCity": order.address.get("City"),
            "Currency": order.currency,
            "Total": money_decimal(order.total_cents),
        }

    return render


def _matching_orders(request: Request, customer: SimulatedCustomer) -> list[Order]:
    owner, book = tenant(request), ledger(request)
    params = request.query_params
    exact = {
        "number": params.get("salesOrderNumber"),
        "po_number": params.get("poNumber"),
        "end_user_po": params.get("endUserPO"),
        "reference_number": params.get("referenceNumber"),
        "doc_type": params.get("docType"),
    }
    city = (params.get("shippingCity") or "").lower() or None
    status = (params.get("status") or "").lower() or None
    ranges = [
        (query_date(request, "fromDate"), query_date(request, "toDate"), "entered"),
        (
            query_date(request, "fromLastChangeDate"),
            query_date(request, "toLastChangeDate"),
            "changed",
        ),
    ]
    return [
        order
        for order in book.orders_for(owner, customer)
        if visible(order)
        and all(not want or getattr(order, key) == want for key, want in exact.items())
        and (city is None or str(order.address.get("City", "")).lower() == city)
        and (status is None or book.order_status(owner, order).lower() == status)
        and all(
            (low is None or getattr(order, attr).date() >= low)
            and (high is None or getattr(order, attr).date() <= high)
            for low, high, attr in ranges
        )
    ]


async def list_orders(request: Request) -> Response:
    return paged(request, _matching_orders(request, path_customer(request)), _summary(request))


async def summary(request: Request) -> Response:
    return paged(request, _matching_orders(request, query_customer(request)), _summary(request))


def visible_order(request: Request) -> tuple[Order, SimulatedCustomer]:
    """The order the query names, with its customer; 404 when unknown or not yet visible."""
    customer = query_customer(request)
    number = request.query_params.get("salesOrderNumber")
    if not number:
        bad_request("salesOrderNumber is required")
    order = ledger(request).find_order(tenant(request), customer, number)
    if order is None or not visible(order):
        raise ApiError(404, f"Sales order '{number}' not found")
    return order, customer


def _invoices(request: Request, order: Order, customer: SimulatedCustomer) -> list[Invoice]:
    book, owner = ledger(request), tenant(request)
    found = (book.find_invoice(owner, customer, n) for n in order.invoice_numbers)
    return [invoice for invoice in found if invoice is not None]


def _billing(customer: SimulatedCustomer) -> dict[str, Any]:
    payer = customer.payers[0] if customer.payers else None
    return {
        "Name": customer.name,
        "Attn": "Accounts Payable",
        "Street1": "1 Commerce Way",
        "Street2": None,
        "City": payer.city if payer else "Greenville",
        "State": payer.state_province if payer else "SC",
        "PostalCode": "29601",
        "Country": payer.country_code if payer else "US",
    }


def _detail_json(
    order: Order, status: str, customer: SimulatedCustomer, invoices: list[Invoice], serials: bool
) -> dict[str, Any]:
    shipped_lines = {id(line.line): line for invoice in invoices for line in invoice.lines}
    tracking = list(
        dict.fromkeys(
            s.tracking_number for i in invoices for line in i.lines for s in line.shipments
        )
    )
    ship_dates = [s.ship_date for i in invoices for line in i.lines for s in line.shipments]
    cancelled = status == "Cancelled"
    lines = []
    for line in order.lines:
        shipped = line.quantity_shipped
        invoiced = shipped_lines.get(id(line))
        open_quantity = 0 if cancelled else line.quantity - shipped
        lines.append(
            {
                "LineNumber": line.line_number,
                "POLineNumber": str(line.line_number),
                "ReferenceLineNumber": None,
                "ItemNumber": line.item_number,
                "ProductMfrPart": line.manufacturer_part_number,
                "CustomerPartNumber": None,
                "ProductDescription": line.description,
                "Ordered": line.quantity,
                "Committed": open_quantity,
                "BackOrdered": 0,
                "Shipped": shipped,
                "Canceled": line.quantity - shipped if cancelled else 0,
                "RejectReason": None,
                "Price": money_decimal(line.unit_cents),
                "Currency": order.currency,
                "SerialNumbers": list(invoiced.serial_numbers) if invoiced and serials else [],
                "ScheduleLines": [
                    {
                        "EstimatedShipDate": iso(order.entered.date() + timedelta(days=1)),
                        "Confirmed": True,
                    }
                ]
                if open_quantity
                else [],
            }
        )
    return {
        "SalesOrderNumber": order.number,
        "PONumber": order.po_number,
        "EndUserPO": order.end_user_po,
        "ReferenceNumber": order.reference_number,
        "DocType": order.doc_type,
        "Status": status,
        "DateEntered": iso(order.entered),
        "LastShipDate": iso(max(ship_dates)) if ship_dates else None,
        "Memo": order.memo,
        "BillingAddress": _billing(customer),
        "ShippingAddress": order.address,
        "SalesRepName": "Jordan Reyes",
        "SalesRepEmail": "jordan.reyes@example.com",
        "InsuranceAmount": money_decimal(0),
        "TaxAmount": money_decimal(sum(i.tax_cents for i in invoices)),
        "FreightAmount": money_decimal(sum(i.freight_cents for i in invoices)),
        "Total": money_decimal(order.total_cents),
        "Currency": order.currency,
        "EnteredByEmail": order.entered_by_email,
        "ShippingOptionDescription": SHIP_METHODS[order.ship_method][0],
        "SalesOrderLines": lines,
        "InvoiceNumbers": list(order.invoice_numbers),
        "TrackingNumbers": tracking,
        "Deliveries": [_delivery(invoice) for invoice in invoices],
    }


def _delivery(invoice: Invoice) -> dict[str, Any]:
    parcels: dict[str, dict[str, Any]] = {}
    for line in invoice.lines:
        for n, shipment in enumerate(line.shipments, 1):
            parcels.setdefault(
                shipment.tracking_number,
                {
                    "CartonNumber": f"{invoice.number}-{len(parcels) + 1}",
                    "CarrierCode": shipment.carrier,
                    "TrackingType": "Parcel",
                    "TrackingNumber": shipment.tracking_number,
                    "Weight": money_decimal(150 * n),
                    "WeightUOM": "LB",
                },
            )
    dates = [s.ship_date for line in invoice.lines for s in line.shipments]
    return {
        "DeliveryDocumentNumber": f"D{invoice.number}",
        "DeliveryStatus": "Shipped",
        "Parcels": list(parcels.values()),
        "LineItems": [
            {
                "LineNumber": line.line.line_number,
                "ItemNumber": line.line.item_number,
                "Quantity": line.quantity,
            }
            for line in invoice.lines
        ],
        "ShippedDate": iso(min(dates)) if dates else None,
    }


async def detail(request: Request) -> Response:
    order, customer = visible_order(request)
    status = ledger(request).order_status(tenant(request), order)
    serials = request.query_params.get("excludeSerialTracking", "").lower() != "true"
    invoices = _invoices(request, order, customer)
    return json_response(_detail_json(order, status, customer, invoices, serials))


async def tracking(request: Request) -> Response:
    order, customer = visible_order(request)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for invoice in _invoices(request, order, customer):
        for line in invoice.lines:
            for shipment in line.shipments:
                entry = found.setdefault(
                    (invoice.number, shipment.tracking_number),
                    {
                        "TrackingNumber": shipment.tracking_number,
                        "InvoiceNumber": invoice.number,
                        "Carrier": shipment.carrier,
                        "ShipDate": iso(shipment.ship_date),
                        "ItemNumbers": [],
                    },
                )
                if line.line.item_number not in entry["ItemNumbers"]:
                    entry["ItemNumbers"].append(line.line.item_number)
    return json_response(list(found.values()))


async def serials(request: Request) -> Response:
    customer = query_customer(request)
    params = request.query_params
    order_number = params.get("salesOrderNumber") or None
    po_number = params.get("poNumber") or None
    invoice_number = params.get("invoiceNumber") or None
    serial = params.get("serialNumber") or None
    low, high = query_date(request, "fromDate"), query_date(request, "toDate")
    rows = [
        {
            "SalesOrderNumber": invoice.order.number,
            "InvoiceNumber": invoice.number,
            "ItemNumber": line.line.item_number,
            "SerialNumber": number,
            "ShipDate": iso(invoice.invoice_date),
        }
        for invoice in ledger(request).invoices_for(tenant(request), customer)
        if (order_number is None or invoice.order.number == order_number)
        and (po_number is None or invoice.order.po_number == po_number)
        and (invoice_number is None or invoice.number == invoice_number)
        and (low is None or invoice.invoice_date >= low)
        and (high is None or invoice.invoice_date <= high)
        for line in invoice.lines
        for number in line.serial_numbers
        if serial is None or number == serial
    ]
    return paged(request, rows, lambda row: row)
