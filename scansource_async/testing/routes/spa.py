"""Spa group: ``POST spa``, ``GET spa/summary``, ``POST spa/detail``.

Each customer has eight deterministic agreements (``AgreementNumber`` ``Acccc00001`` …); those a
subscription key creates are kept for that key (``A000000001`` …, deal ``SPA-000001`` …,
status ``Pending``).

* create: body ``{CustomerNumber, SalesOrg ("1710" | "2510"), MfgCode, EndUser, ValidFrom,
  ValidTo, Description, AgreementType, Lines: [{ItemNumber, Price, MinQuantity, MaxQuantity}]}``;
  all but Description/AgreementType/Min/Max required, items must exist, ``ValidTo >=
  ValidFrom`` (else 400). Answer ``{AgreementNumber, DealID, Status, Message}``.
* summary: query ``customerNumber`` (required), ``salesOrg``, ``dealId``, ``endUser``,
  ``mfgCode``, ``controlNumber`` (exact), ``description`` (substring), ``validOn`` (a date
  within ValidFrom..ValidTo), ``agreementTypes`` (repeated or comma-separated). Answer a JSON
  array of ``{AgreementNumber, DealID, ControlNumber, Description, AgreementType, Status,
  SalesOrg, MfgCode, EndUser, ValidFrom, ValidTo}``.
* detail: body ``{CustomerNumber, AgreementNumber, SalesOrg}`` → the summary object plus
  ``CustomerNumber``, ``CurrencyCode`` and ``Lines: [{ItemNumber, ManufacturerPartNumber,
  Description, Price, MinQuantity, MaxQuantity}]``; unknown agreement → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import WAREHOUSE_CURRENCY, SimulatedCustomer
from .._history import HISTORY_END, customer_code, history_item, stable_hash
from .._json import money_decimal
from .._state import SimulatorState
from ._common import (
    ApiError,
    bad_request,
    json_response,
    query_customer,
    require_int,
    resolve_customer,
    state_of,
)
from ._helpers import (
    body_object,
    iso,
    ledger,
    money_cents,
    optional_date,
    optional_text,
    query_date,
    required_array,
    required_text,
    tenant,
)
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Spa"
_SPAS: Final = 8
_SUMMARY_KEYS: Final = (
    "AgreementNumber", "DealID", "ControlNumber", "Description", "AgreementType", "Status",
    "SalesOrg", "MfgCode", "EndUser", "ValidFrom", "ValidTo",
)  # fmt: skip


def _draw_agreements(state: SimulatorState, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    code = customer_code(customer)
    spas = []
    for n in range(1, _SPAS + 1):
        h = stable_hash(state.seed, customer.number, "spa", n)
        valid_from = HISTORY_END - timedelta(days=30 + h % 300)
        items = [history_item(state.catalog, h, k) for k in range(1 + h % 3)]
        mfg = items[0].manufacturer_part_number[:2]
        spas.append(
            {
                "AgreementNumber": f"A{code}{n:05d}",
                "DealID": f"SPA-{code}-{n:03d}",
                "ControlNumber": f"CN{(h >> 16) % 10**6:06d}",
                "CustomerNumber": customer.number,
                "Description": f"{items[0].manufacturer} special pricing {n}",
                "AgreementType": ("Standard", "Competitive", "Volume")[h % 3],
                "Status": "Active" if n % 4 else "Expired",
                "SalesOrg": customer.warehouse,
                "MfgCode": mfg,
                "EndUser": f"End user {(h >> 8) % 1000:03d}",
                "ValidFrom": valid_from,
                "ValidTo": valid_from + timedelta(days=365 if n % 4 else 20),
                "CurrencyCode": customer.currency,
                "Lines": [
                    {
                        "ItemNumber": item.item_number,
                        "ManufacturerPartNumber": item.manufacturer_part_number,
                        "Description": item.description,
                        "Price": money_decimal(item.msrp_usd_cents * 70 // 100),
                        "MinQuantity": 1,
                        "MaxQuantity": 100 + k * 50,
                    }
                    for k, item in enumerate(items)
                ],
            }
        )
    return spas


def _agreements(request: Request, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    state = state_of(request)
    drawn = ledger(request).generated(
        "spas", customer.number, lambda: _draw_agreements(state, customer)
    )
    created = [a for a in tenant(request).spas.values() if a["CustomerNumber"] == customer.number]
    return drawn + created


def _summary(agreement: dict[str, Any]) -> dict[str, Any]:
    row = {key: agreement[key] for key in _SUMMARY_KEYS}
    row["ValidFrom"], row["ValidTo"] = iso(row["ValidFrom"]), iso(row["ValidTo"])
    return row


async def create(request: Request) -> Response:
    body = body_object(request, "SPA request")
    customer = resolve_customer(request, body.get("CustomerNumber"))
    sales_org = required_text(body, "SalesOrg")
    if sales_org not in WAREHOUSE_CURRENCY:
        bad_request(f"SalesOrg '{sales_org}' is not valid; use 1710 or 2510")
    mfg_code = required_text(body, "MfgCode")
    end_user = required_text(body, "EndUser")
    valid_from = optional_date(body, "ValidFrom")
    valid_to = optional_date(body, "ValidTo")
    if valid_from is None or valid_to is None:
        bad_request("ValidFrom and ValidTo are required")
    if valid_to < valid_from:
        bad_request("ValidTo is before ValidFrom")
    catalog = state_of(request).catalog
    lines = []
    for n, line in enumerate(required_array(body, "Lines")):
        where = f"Lines[{n}]."
        if not isinstance(line, dict):
            bad_request(f"Lines[{n}] must be an object")
        item = catalog.item(required_text(line, "ItemNumber", where))
        if item is None:
            bad_request(f"{where}ItemNumber '{line['ItemNumber']}' not found")
        price = money_cents(line, "Price", where, required=True)
        low = line.get("MinQuantity")
        high = line.get("MaxQuantity")
        if low is not None:
            require_int(low, f"{where}MinQuantity", low=1, high=10**9)
        if high is not None:
            require_int(high, f"{where}MaxQuantity", low=low or 1, high=10**9)
        lines.append(
            {
                "ItemNumber": item.item_number,
                "ManufacturerPartNumber": item.manufacturer_part_number,
                "Description": item.description,
                "Price": money_decimal(price or 0),
                "MinQuantity": low,
                "MaxQuantity": high,
            }
        )
    book = ledger(request)
    number = book.next_id("spa")
    deal_id = f"SPA-{int(number[1:]):06d}"
    tenant(request).spas[number] = {
        "AgreementNumber": number,
        "DealID": deal_id,
        "ControlNumber": None,
        "CustomerNumber": customer.number,
        "Description": optional_text(body, "Description"),
        "AgreementType": optional_text(body, "AgreementType") or "Standard",
        "Status": "Pending",
        "SalesOrg": sales_org,
        "MfgCode": mfg_code,
        "EndUser": end_user,
        "ValidFrom": valid_from,
        "ValidTo": valid_to,
        "CurrencyCode": WAREHOUSE_CURRENCY[sales_org],
        "Lines": lines,
    }
    return json_response(
        {
            "AgreementNumber": number,
            "DealID": deal_id,
            "Status": "Pending",
            "Message": "Agreement submitted for approval",
        }
    )


async def summary(request: Request) -> Response:
    customer = query_customer(request)
    params = request.query_params
    exact = {
        "SalesOrg": params.get("salesOrg"),
        "DealID": params.get("dealId"),
        "EndUser": params.get("endUser"),
        "MfgCode": params.get("mfgCode"),
        "ControlNumber": params.get("controlNumber"),
    }
    description = (params.get("description") or "").lower()
    valid_on = query_date(request, "validOn")
    types = {
        t.strip().lower()
        for value in params.getlist("agreementTypes")
        for t in value.split(",")
        if t.strip()
    }
    rows = [
        _summary(a)
        for a in _agreements(request, customer)
        if all(not want or a[key] == want for key, want in exact.items())
        and description in (a["Description"] or "").lower()
        and (valid_on is None or a["ValidFrom"] <= valid_on <= a["ValidTo"])
        and (not types or a["AgreementType"].lower() in types)
    ]
    return json_response(rows)


async def detail(request: Request) -> Response:
    body = body_object(request, "SPA detail request")
    customer = resolve_customer(request, body.get("CustomerNumber"))
    number = required_text(body, "AgreementNumber")
    agreement = next(
        (a for a in _agreements(request, customer) if a["AgreementNumber"] == number), None
    )
    if agreement is None:
        raise ApiError(404, f"Agreement '{number}' not found")
    return json_response(
        {
            **_summary(agreement),
            "CustomerNumber": customer.number,
            "CurrencyCode": agreement["CurrencyCode"],
            "Lines": agreement["Lines"],
        }
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "spa.create": create,
    "spa.summary": summary,
    "spa.detail": detail,
}
