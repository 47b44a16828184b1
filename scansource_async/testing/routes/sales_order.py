"""SalesOrder group (**unverified** paths, see api-notes.md): ``POST salesorder/create``,
``GET salesorder/list/{customerNumber}``, ``GET salesorder/detail``, ``POST salesorder/shipquote``,
``POST salesorder/cancel``.

Orders: the customer's deterministic history (240 orders, ``5cccc00000`` …) plus the orders the
caller's subscription key created (``6000000001`` …), newest first. A created order is ``Open``
with no invoice until a test ships it: ``ledger(sim).ship_order(order_number)`` (see
``_ledger``), which adds an invoice with shipments and tracking numbers.

* create: query ``customerNumber``; body ("PO") ``{BusinessUnit, PONumber, EndUserPO,
  ShipMethodServiceLevelCode, ShippingAddress: {Name, Address1, City, StateProvince,
  PostalCode, CountryCode, …}, Lines: [{ItemNumber, PartNumberType, Quantity, Price, DealIDs}]}``.
  A malformed body, an unknown business unit or ship method, or an address without
  ``Address1``/``City``/``CountryCode`` → 400 naming the field. Business refusals are a 200
  ``{OrderNumber: null, OrderCreated: false, ErrorMessage}``: an item not found, a customer on
  credit hold (``1000004``). Success: ``{OrderNumber, OrderCreated: true, ErrorMessage: null}``.
  There is no idempotency: the same body twice makes two orders.
* list: page (JSON array) of ``{SalesOrderNumber, PONumber, EndUserPO, Status, DocType,
  DateEntered, LastChangeDate, ShippingCity, ReferenceNumber, CurrencyCode, Total}``, header
  ``X-Total-Count``; filters ``salesOrderNumber``, ``poNumber``, ``endUserPO``,
  ``referenceNumber``, ``docType`` (exact), ``shippingCity``, ``status`` (case-insensitive),
  ``fromDate``/``toDate`` (``DateEntered``), ``fromLastChangeDate``/``toLastChangeDate``.
* detail: query ``salesOrderNumber``, ``customerNumber`` → ``{SalesOrderNumber, PONumber,
  EndUserPO, Status, DateEntered, BusinessUnit, ShipMethodServiceLevelCode, ShippingAddress,
  CurrencyCode, Total, SalesOrderLines: [{LineNumber, ItemNumber, ManufacturerPartNumber,
  Description, Quantity, QuantityShipped, UnitPrice, ExtendedPrice}], InvoiceNumbers: [...]}``;
  unknown order → 404.
* shipquote: body ``{BusinessUnit, ShipToPostalCode, ShipToStateProvinceCode,
  ShipToCountryCode, Lines: [{ItemNumber, Quantity}]}`` → a JSON array of
  ``{ShipMethodServiceLevelCode, Description, Carrier, Freight, CurrencyCode, TransitDays,
  EstimatedDeliveryDate}`` (freight from the items' weights). Read-only.
* cancel: query ``customerNumber``, ``salesOrderNumber`` → ``{SalesOrderNumber, Cancelled: true,
  Message}`` (again for an already cancelled order); an order that has shipped → 409; unknown
  → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog import CatalogItem
from .._customers import BUSINESS_UNITS
from .._json import money_decimal
from .._ledger import SHIP_METHODS
from .._records import Order
from ._common import (
    ApiError,
    bad_request,
    json_response,
    part_number_type,
    query_customer,
    require_int,
    state_of,
)
from ._helpers import (
    body_object,
    iso,
    ledger,
    money_cents,
    optional_text,
    paged,
    path_customer,
    query_date,
    required_array,
    required_text,
    tenant,
)
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "SalesOrder"
_MAX_QUANTITY: Final = 1_000_000


def _business_unit(body: dict[str, Any]) -> str:
    unit = body.get("BusinessUnit")
    if isinstance(unit, int) and not isinstance(unit, bool):
        unit = str(unit)
    if not isinstance(unit, str) or not unit:
        bad_request("BusinessUnit is required")
    if unit not in BUSINESS_UNITS:
        bad_request(f"BusinessUnit '{unit}' is not valid")
    return unit


async def create(request: Request) -> Response:
    customer = query_customer(request)
    body = body_object(request, "sales order")
    business_unit = _business_unit(body)
    po_number = optional_text(body, "PONumber")
    end_user_po = optional_text(body, "EndUserPO")
    ship_method = required_text(body, "ShipMethodServiceLevelCode")
    if ship_method not in SHIP_METHODS:
        bad_request(
            f"ShipMethodServiceLevelCode '{ship_method}' is not valid;"
            f" use one of {', '.join(SHIP_METHODS)}"
        )
    address = body.get("ShippingAddress")
    if not isinstance(address, dict):
        bad_request("ShippingAddress is required")
    for key in ("Address1", "City", "CountryCode"):
        required_text(address, key, "ShippingAddress.")
    catalog = state_of(request).catalog
    lines: list[tuple[CatalogItem | None, str, int, int | None]] = []
    for n, line in enumerate(required_array(body, "Lines")):
        where = f"Lines[{n}]."
        if not isinstance(line, dict):
            bad_request(f"Lines[{n}] must be an object")
        item_number = required_text(line, "ItemNumber", where)
        quantity = require_int(line.get("Quantity"), f"{where}Quantity", low=1, high=_MAX_QUANTITY)
        pnt = part_number_type(line.get("PartNumberType"), f"{where}PartNumberType")
        price = money_cents(line, "Price", where)
        deal_ids = line.get("DealIDs")
        if deal_ids is not None and (
            not isinstance(deal_ids, list) or not all(isinstance(d, str) for d in deal_ids)
        ):
            bad_request(f"{where}DealIDs must be an array of strings")
        lines.append((catalog.lookup(item_number, pnt), item_number, quantity, price))
    missing = next((number for item, number, _, _ in lines if item is None), None)
    if missing is not None:
        return _refused(f"Item '{missing}' not found")
    if customer.status != "Active":
        return _refused(f"Customer {customer.number} is on {customer.status.lower()}")
    priced = [
        (
            item,
            quantity,
            catalog.cost_cents(item, customer, customer.warehouse) if price is None else price,
        )
        for item, _, quantity, price in lines
        if item is not None
    ]
    order = ledger(request).create_order(
        tenant(request),
        customer,
        po_number=po_number,
        end_user_po=end_user_po,
        business_unit=business_unit,
        ship_method=ship_method,
        address=dict(address),
        lines=priced,
    )
    return json_response({"OrderNumber": order.number, "OrderCreated": True, "ErrorMessage": None})


def _refused(message: str) -> Response:
    return json_response({"OrderNumber": None, "OrderCreated": False, "ErrorMessage": message})


def _summary(request: Request) -> Any:
    owner = tenant(request)
    book = ledger(request)

    def render(order: Order) -> dict[str, Any]:
        return {
            "SalesOrderNumber": order.number,
            "PONumber": order.po_number,
            "EndUserPO": order.end_user_po,
            "Status": book.order_status(owner, order),
            "DocType": order.doc_type,
            "DateEntered": iso(order.entered),
            "LastChangeDate": iso(order.changed),
            "ShippingCity": order.address.get("City"),
            "ReferenceNumber": order.reference_number,
            "CurrencyCode": order.currency,
            "Total": money_decimal(order.total_cents),
        }

    return render


async def list_orders(request: Request) -> Response:
    customer = path_customer(request)
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
    rows = [
        order
        for order in book.orders_for(owner, customer)
        if all(not want or getattr(order, key) == want for key, want in exact.items())
        and (city is None or str(order.address.get("City", "")).lower() == city)
        and (status is None or book.order_status(owner, order).lower() == status)
        and all(
            (low is None or getattr(order, attr).date() >= low)
            and (high is None or getattr(order, attr).date() <= high)
            for low, high, attr in ranges
        )
    ]
    return paged(request, rows, _summary(request))


def _order(request: Request) -> Order:
    customer = query_customer(request)
    number = request.query_params.get("salesOrderNumber")
    if not number:
        bad_request("salesOrderNumber is required")
    order = ledger(request).find_order(tenant(request), customer, number)
    if order is None:
        raise ApiError(404, f"Sales order '{number}' not found")
    return order


async def detail(request: Request) -> Response:
    order = _order(request)
    return json_response(
        {
            "SalesOrderNumber": order.number,
            "PONumber": order.po_number,
            "EndUserPO": order.end_user_po,
            "Status": ledger(request).order_status(tenant(request), order),
            "DateEntered": iso(order.entered),
            "BusinessUnit": order.business_unit,
            "ShipMethodServiceLevelCode": order.ship_method,
            "ShippingAddress": order.address,
            "CurrencyCode": order.currency,
            "Total": money_decimal(order.total_cents),
            "SalesOrderLines": [
                {
                    "LineNumber": line.line_number,
                    "ItemNumber": line.item_number,
                    "ManufacturerPartNumber": line.manufacturer_part_number,
                    "Description": line.description,
                    "Quantity": line.quantity,
                    "QuantityShipped": line.quantity_shipped,
                    "UnitPrice": money_decimal(line.unit_cents),
                    "ExtendedPrice": money_decimal(line.unit_cents * line.quantity),
                }
                for line in order.lines
            ],
            "InvoiceNumbers": list(order.invoice_numbers),
        }
    )


async def ship_quote(request: Request) -> Response:
    customer = query_customer(request)
    body = body_object(request, "ship quote request")
    _business_unit(body)
    required_text(body, "ShipToCountryCode")
    catalog = state_of(request).catalog
    weight = 0  # hundredths of a pound
    for n, line in enumerate(required_array(body, "Lines")):
        where = f"Lines[{n}]."
        if not isinstance(line, dict):
            bad_request(f"Lines[{n}] must be an object")
        item_number = required_text(line, "ItemNumber", where)
        quantity = require_int(line.get("Quantity"), f"{where}Quantity", low=1, high=_MAX_QUANTITY)
        item = catalog.lookup(item_number)
        if item is None:
            bad_request(f"{where}ItemNumber '{item_number}' not found")
        weight += item.weight_centi_lb * quantity
    pounds = max(1, -(-weight // 100))
    today = ledger(request).now().date()
    options = [
        {
            "ShipMethodServiceLevelCode": code,
            "Description": description,
            "Carrier": carrier,
            "Freight": money_decimal(base + per_lb * pounds),
            "CurrencyCode": customer.currency,
            "TransitDays": days,
            "EstimatedDeliveryDate": iso(today + timedelta(days=days)),
        }
        for code, (description, carrier, days, base, per_lb) in SHIP_METHODS.items()
        if code != "LTL" or pounds >= 150
    ]
    return json_response(options)


async def cancel(request: Request) -> Response:
    order = _order(request)
    owner = tenant(request)
    status = ledger(request).order_status(owner, order)
    if status in ("Completely Shipped", "Partially Shipped"):
        raise ApiError(409, f"Sales order {order.number} has shipped and cannot be cancelled")
    if status == "Cancelled":
        message = f"Sales order {order.number} was already cancelled"
    else:
        message = f"Sales order {order.number} cancelled"
        if order.number in owner.orders:
            order.status = "Cancelled"
            order.changed = ledger(request).now()
        else:
            owner.cancelled.add(order.number)
    return json_response({"SalesOrderNumber": order.number, "Cancelled": True, "Message": message})


HANDLERS: Final[Mapping[str, Handler]] = {
    "sales_orders.create": create,
    "sales_orders.list": list_orders,
    "sales_orders.detail": detail,
    "sales_orders.ship_quote": ship_quote,
    "sales_orders.cancel": cancel,
}
