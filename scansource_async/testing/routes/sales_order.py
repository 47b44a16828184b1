"""SalesOrder group, served at the routes of the client's endpoint table in either layout.

Orders: the customer's deterministic history (240 orders, ``5cccc00000`` …) plus the orders the
caller's subscription key created (``6000000001`` …), newest first. A created order is ``Open``
with no invoice until a test ships it: ``ledger(sim).ship_order(order_number)`` (see
``_ledger``), which adds an invoice with shipments, tracking and serial numbers.

* create: query ``customerNumber``. On the gateway (``createAsync``) the body is nested
  (api-notes.md): ``{BusinessUnit (int), PONumber, ReferenceNumber, EndUserPO, Memo (≤ 500),
  EnteredByEmailAddress, DealIds, VRD: [{ID, Value}], ShippingInfo: {ShipMethodServiceLevelCode,
  ShipComplete, DeliveryPhoneNumber, ShippingAddress: {Name, Attn, Street1, Street2, City,
  State, PostalCode, Country}}, Lines: [{PartNumber, PartType, Quantity, ReferenceLineNumber,
  Memo}]}`` and the answer ``{OrderReceived, Errors: [{ErrorCode, ErrorMessage}]}``, **no order
  number**: the order shows in the list after ``order_visibility_delay`` seconds. On the
  legacy layout the body is flat (ship method and address at the top, lines by ``ItemNumber`` /
  ``PartNumberType``) and the answer ``{OrderNumber, OrderCreated, ErrorMessage}``, the order
  visible at once. A malformed body → 400 naming the field; business refusals (an unknown
  item, a customer on credit hold ``1000004``) are a 200 with the error. No idempotency.
* list / summary: a page (JSON array) of ``{OrderNumber, PONumber, EndUserPO, ReferenceNumber,
  Status, DocType, DateEntered, LastChangeDate, ShippingCity, Currency, Total}``; filters
  ``salesOrderNumber``, ``poNumber``, ``endUserPO``, ``referenceNumber``, ``docType`` (exact),
  ``shippingCity``, ``status`` (case-insensitive), ``fromDate``/``toDate``,
  ``fromLastChangeDate``/``toLastChangeDate``.
* detail: query ``customerNumber``, ``salesOrderNumber`` → every field of the portal's sample
  (addresses, money, lines with quantities by state, schedule lines, serial numbers, invoice and
  tracking numbers, deliveries with parcels); unknown (or not yet visible) order → 404.
* shipquote → ``{Items: [{ServiceLevelCode, Description, Carrier, Freight, Currency,
  TransitDays, EstimatedDeliveryDate}], Errors: []}`` (freight from the items' weights).
* vrd: the order body → ``{VRDItems: [{ID, FieldDescription, FieldLength, Required, FieldType,
  ComboBoxItems}]}``; a create's ``VRD`` answers must name these ids.
* serials: a page of ``{SalesOrderNumber, InvoiceNumber, ItemNumber, SerialNumber, ShipDate}``.
* tracking (gateway only): ``[{TrackingNumber, InvoiceNumber, Carrier, ShipDate,
  ItemNumbers}]``.
* cancel (``DELETE``): ``{SalesOrderNumber, Cancelled: true, Message}`` (again for an already
  cancelled order); an order that has shipped → 409; unknown → 404.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog import CatalogItem
from .._customers import BUSINESS_UNITS
from .._history import SHIP_METHODS
from .._json import money_decimal
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
    optional_text,
    required_array,
    required_text,
    tenant,
)
from ._order_views import detail, list_orders, serials, summary, tracking, visible_order
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "VRD_FIELDS"]

GROUP: Final = "SalesOrder"
_MAX_QUANTITY: Final = 1_000_000
_MAX_MEMO: Final = 500
_ADDRESS_KEYS: Final = ("Name", "Attn", "Street1", "Street2", "City", "State", "PostalCode",
                        "Country")  # fmt: skip

#: the vendor-required fields every order may answer (``vrd``); ids a create's VRD may name
VRD_FIELDS: Final = (
    {"ID": "ENDUSER", "FieldDescription": "End user company name", "FieldLength": 60,
     "Required": True, "FieldType": "Text", "ComboBoxItems": []},
    {"ID": "LICENSE", "FieldDescription": "License type", "FieldLength": 10,
     "Required": False, "FieldType": "ComboBox", "ComboBoxItems": ["New", "Renewal"]},
)  # fmt: skip


def _business_unit(body: dict[str, Any]) -> str:
    unit = body.get("BusinessUnit")
    if isinstance(unit, int) and not isinstance(unit, bool):
        unit = str(unit)
    if not isinstance(unit, str) or not unit:
        bad_request("BusinessUnit is required")
    if unit not in BUSINESS_UNITS:
        bad_request(f"BusinessUnit '{unit}' is not valid")
    return unit


def _address(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        bad_request(f"{where} is required")
    for key in ("Name", "Street1", "City", "Country"):
        required_text(value, key, f"{where}.")
    return {key: optional_text(value, key, f"{where}.") for key in _ADDRESS_KEYS}


async def create(request: Request) -> Response:
    state = state_of(request)
    gateway = state.api_layout == "gateway"
    customer = query_customer(request)
    body = body_object(request, "sales order")
    business_unit = _business_unit(body)
    po_number = optional_text(body, "PONumber")
    memo = optional_text(body, "Memo")
    if memo is not None and len(memo) > _MAX_MEMO:
        bad_request(f"Memo is longer than {_MAX_MEMO} characters")
    if gateway:
        shipping = body.get("ShippingInfo")
        if not isinstance(shipping, dict):
            bad_request("ShippingInfo is required")
        ship_method = required_text(shipping, "ShipMethodServiceLevelCode", "ShippingInfo.")
        address = _address(shipping.get("ShippingAddress"), "ShippingInfo.ShippingAddress")
        number_key, type_key = "PartNumber", "PartType"
        _check_vrd(body.get("VRD"))
    else:
        ship_method = required_text(body, "ShipMethodServiceLevelCode")
        address = _address(body.get("ShippingAddress"), "ShippingAddress")
        number_key, type_key = "ItemNumber", "PartNumberType"
    if ship_method not in SHIP_METHODS:
        bad_request(
            f"ShipMethodServiceLevelCode '{ship_method}' is not valid;"
            f" use one of {', '.join(SHIP_METHODS)}"
        )
    catalog = state.catalog
    lines: list[tuple[CatalogItem | None, str, int]] = []
    for n, line in enumerate(required_array(body, "Lines")):
        where = f"Lines[{n}]."
        if not isinstance(line, dict):
            bad_request(f"Lines[{n}] must be an object")
        item_number = required_text(line, number_key, where)
        quantity = require_int(line.get("Quantity"), f"{where}Quantity", low=1, high=_MAX_QUANTITY)
        pnt = part_number_type(line.get(type_key), f"{where}{type_key}")
        lines.append((catalog.lookup(item_number, pnt), item_number, quantity))
    missing = next((number for item, number, _ in lines if item is None), None)
    refusal = None
    if missing is not None:
        refusal = ("ITEM_NOT_FOUND", f"Item '{missing}' not found")
    elif customer.status != "Active":
        refusal = (
            "CUSTOMER_BLOCKED",
            f"Customer {customer.number} is on {customer.status.lower()}",
        )
    if refusal is not None:
        if gateway:
            errors = [{"ErrorCode": refusal[0], "ErrorMessage": refusal[1]}]
            return json_response({"OrderReceived": False, "Errors": errors})
        return json_response(
            {"OrderNumber": None, "OrderCreated": False, "ErrorMessage": refusal[1]}
        )
    priced = [
        (item, quantity, catalog.cost_cents(item, customer, customer.warehouse))
        for item, _, quantity in lines
        if item is not None
    ]
    order = ledger(request).create_order(
        tenant(request),
        customer,
        po_number=po_number,
        end_user_po=optional_text(body, "EndUserPO"),
        business_unit=business_unit,
        ship_method=ship_method,
        address=address,
        lines=priced,
        reference_number=optional_text(body, "ReferenceNumber"),
        memo=memo,
        entered_by_email=optional_text(body, "EnteredByEmailAddress"),
        visible_at=time.monotonic() + state.order_visibility_delay if gateway else 0.0,
    )
    if gateway:
        return json_response({"OrderReceived": True, "Errors": []})
    return json_response({"OrderNumber": order.number, "OrderCreated": True, "ErrorMessage": None})


def _check_vrd(value: Any) -> None:
    if value is None:
        return
    known = {field["ID"] for field in VRD_FIELDS}
    if not isinstance(value, list):
        bad_request("VRD must be an array")
    for n, answer in enumerate(value):
        if not isinstance(answer, dict):
            bad_request(f"VRD[{n}] must be an object")
        if required_text(answer, "ID", f"VRD[{n}].") not in known:
            bad_request(f"VRD[{n}].ID '{answer['ID']}' is not a vendor-required field")


async def vrd(request: Request) -> Response:
    query_customer(request)
    body = body_object(request, "sales order")
    required_array(body, "Lines")
    return json_response({"VRDItems": list(VRD_FIELDS)})


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
            "ServiceLevelCode": code,
            "Description": description,
            "Carrier": carrier,
            "Freight": money_decimal(base + per_lb * pounds),
            "Currency": customer.currency,
            "TransitDays": days,
            "EstimatedDeliveryDate": iso(today + timedelta(days=days)),
        }
        for code, (description, carrier, days, base, per_lb) in SHIP_METHODS.items()
        if code != "LTL" or pounds >= 150
    ]
    return json_response({"Items": options, "Errors": []})


async def cancel(request: Request) -> Response:
    order, _ = visible_order(request)
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
    "sales_orders.summary": summary,
    "sales_orders.detail": detail,
    "sales_orders.ship_quote": ship_quote,
    "sales_orders.vrd": vrd,
    "sales_orders.serials": serials,
    "sales_orders.tracking": tracking,
    "sales_orders.cancel": cancel,
}
