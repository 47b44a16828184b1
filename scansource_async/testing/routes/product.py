"""Product group: ``POST product/pricing``, ``POST product/availability``, ``GET product/search``,
``GET product/detail``.

Shapes (PascalCase, as the seeds; invented where the seeds are silent):

* pricing: request ``PricingRequest`` ``{CustomerNumber, Warehouse, BusinessUnit, DealID1,
  Lines: [{ItemNumber, PartNumberType, Quantity, DealIDs}]}``; answer a JSON array of ``Product``
  (see ``_catalog``), one per line, in order. 400 when ``Lines`` is missing, empty, longer than
  ``max_lines``, or a line is malformed (the message names ``Lines[i]``). ``Quantity`` must be a
  JSON integer >= 1, ``PartNumberType`` 0-3 (or its enum name), ``DealIDs`` null or strings.
  ``DealID1`` (and ``DealID2``/``DealID3`` if sent) apply to every line.
* availability: request ``{CustomerNumber, Warehouses: [...], ItemNumbers: [...],
  PartNumberType}`` (both arrays required, at most ``max_lines`` item numbers); answer
  ``{"items": [{Warehouse, MaterialNumber, QuantityAvailable, ErrorFlag, ErrorDescription}]}``,
  one entry per item and warehouse (item-major, request order), ``MaterialNumber`` echoing the
  identifier sent; unknown items have ``ErrorFlag: true``,
  ``ErrorDescription: "Material not found"``.
* search: query ``customerNumber`` (required), ``itemNumber``, ``partNumberType``, ``manufacturer``,
  ``catalogName``, ``categoryPath``, ``includeObsolete``, ``searchText``, ``useAndOperator``,
  ``region`` (NA/EU, default the customer's), ``page`` (1-based, default 1), ``pageSize`` (default
  100, at most 1000, else 400). Answer: a JSON array (the page) of ``{ItemNumber,
  ManufacturerItemNumber, Manufacturer, Description, CatalogName, CategoryPath, BusinessUnit,
  ItemStatus ("Active"/"Obsolete"), MSRP, MSRPCurrencyCode}`` in item-number order; a page past
  the end is ``[]``. The header ``X-Total-Count`` carries the number of matches.
  ``manufacturer=Zentrix`` matches exactly ``ceil(catalog_size / 40)`` items.
* detail: query ``customerNumber``, ``itemNumber`` (required), ``partNumberType``, ``region``;
  answer one search-result object plus ``{ProductType, UPC, CountryOfOrigin, Weight, WeightUnit,
  DealerAuthorized}``; an unknown item is
  ``404 {"statusCode": 404, "message": "Item '…' not found"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import BUSINESS_UNITS
from ._common import (
    ApiError,
    bad_request,
    json_body,
    json_response,
    part_number_type,
    query_bool,
    query_customer,
    query_int,
    query_region,
    raw_json_response,
    require_int,
    resolve_customer,
    state_of,
    validate_warehouse,
)
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Product"
_MAX_QUANTITY: Final = 1_000_000


def _request_object(request: Request, name: str) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body, dict):
        bad_request(f"The request body must be a JSON object ({name})")
    return body


def _deal_ids(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        bad_request(f"{where} must be an array of strings")
    return value


async def pricing(request: Request) -> Response:
    state = state_of(request)
    body = _request_object(request, "PricingRequest")
    customer = resolve_customer(request, body.get("CustomerNumber"))
    warehouse = validate_warehouse(body.get("Warehouse"), "Warehouse")
    business_unit = body.get("BusinessUnit")
    if business_unit not in (None, "") and business_unit not in BUSINESS_UNITS:
        bad_request(f"BusinessUnit '{business_unit}' is not valid")
    request_deals = [
        d for d in (body.get("DealID1"), body.get("DealID2"), body.get("DealID3")) if d
    ]
    if not all(isinstance(d, str) for d in request_deals):
        bad_request("DealID1 must be a string")
    lines = body.get("Lines")
    if lines is None:
        bad_request("Lines is required")
    if not isinstance(lines, list):
        bad_request("Lines must be an array of PricingRequestLine")
    if not lines:
        bad_request("Lines must contain at least one line")
    if len(lines) > state.max_lines:
        bad_request(f"Too many lines: {len(lines)} (at most {state.max_lines} per request)")
    price_line = state.catalog.price_line
    parts: list[str] = []
    for n, line in enumerate(lines):
        where = f"Lines[{n}]"
        if not isinstance(line, dict):
            bad_request(f"{where} must be an object")
        item = line.get("ItemNumber")
        if not isinstance(item, str) or not item.strip():
            bad_request(f"{where}.ItemNumber is required")
        quantity = line.get("Quantity")
        if quantity is None:
            bad_request(f"{where}.Quantity is required")
        quantity = require_int(quantity, f"{where}.Quantity", low=1, high=_MAX_QUANTITY)
        pnt = part_number_type(line.get("PartNumberType"), f"{where}.PartNumberType")
        deals = _deal_ids(line.get("DealIDs"), f"{where}.DealIDs")
        priced = price_line(
            item,
            customer,
            quantity=quantity,
            warehouse=warehouse,
            part_number_type=pnt,
            deal_ids=deals + request_deals if request_deals else deals,
        )
        parts.append(priced.to_json())
    return raw_json_response(("[" + ",".join(parts) + "]").encode())


async def availability(request: Request) -> Response:
    state = state_of(request)
    body = _request_object(request, "AvailabilityRequest")
    customer = resolve_customer(request, body.get("CustomerNumber"))
    del customer  # validated only: availability is the same for every customer
    warehouses = body.get("Warehouses")
    if not isinstance(warehouses, list) or not warehouses:
        bad_request("Warehouses is required (a non-empty array of warehouse codes)")
    codes = [validate_warehouse(w, f"Warehouses[{n}]") for n, w in enumerate(warehouses)]
    if None in codes:
        bad_request("Warehouses must not contain empty codes")
    items = body.get("ItemNumbers")
    if not isinstance(items, list) or not items:
        bad_request("ItemNumbers is required (a non-empty array of item numbers)")
    if len(items) > state.max_lines:
        bad_request(f"Too many item numbers: {len(items)} (at most {state.max_lines} per request)")
    for n, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            bad_request(f"ItemNumbers[{n}] must be a non-empty string")
    pnt = part_number_type(body.get("PartNumberType"), "PartNumberType")
    lookup = state.catalog.availability
    entries = [lookup(item, code, part_number_type=pnt) for item in items for code in codes if code]
    return json_response({"items": entries})


async def search(request: Request) -> Response:
    state = state_of(request)
    customer = query_customer(request)
    warehouse = query_region(request, customer)
    params = request.query_params
    page = query_int(request, "page", 1, low=1, high=10**9)
    page_size = query_int(
        request, "pageSize", state.default_page_size, low=1, high=state.max_page_size
    )
    matches = state.catalog.search(
        item_number=params.get("itemNumber") or None,
        part_number_type=query_int(request, "partNumberType", 0, low=0, high=3),
        manufacturer=params.get("manufacturer") or None,
        catalog_name=params.get("catalogName") or None,
        category_path=params.get("categoryPath") or None,
        include_obsolete=query_bool(request, "includeObsolete"),
        search_text=params.get("searchText") or None,
        use_and_operator=query_bool(request, "useAndOperator"),
    )
    start = (page - 1) * page_size
    catalog = state.catalog
    entries = [
        catalog.search_entry(catalog.item_at(index), warehouse)
        for index in matches[start : start + page_size]
    ]
    return json_response(entries, headers={"X-Total-Count": str(len(matches))})


async def detail(request: Request) -> Response:
    state = state_of(request)
    customer = query_customer(request)
    warehouse = query_region(request, customer)
    item_number = request.query_params.get("itemNumber")
    if not item_number:
        bad_request("itemNumber is required")
    pnt = query_int(request, "partNumberType", 0, low=0, high=3)
    found = state.catalog.detail(item_number, warehouse, part_number_type=pnt)
    if found is None:
        raise ApiError(404, f"Item '{item_number}' not found")
    return json_response(found)


HANDLERS: Final[Mapping[str, Handler]] = {
    "products.pricing": pricing,
    "products.availability": availability,
    "products.search": search,
    "products.detail": detail,
}
