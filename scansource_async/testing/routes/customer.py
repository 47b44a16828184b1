"""Customer group: ``GET customer/{customerNumber}``,
``GET customer/creditdata/{customerNumber}/{region}``,
``GET customer/payers/{customerNumber}/{businessUnit}``.

Shapes (invented where the seeds are silent):

* ``customer/{n}`` → ``{"CustomerNumber": "1000001", "Name": "Northwind Retail Systems"}``.
* ``customer/creditdata/{n}/{region}`` → ``{CustomerNumber, Name, Region, CustomerStatus
  ("Active" | "Credit Hold"), CreditLimit, CreditAvailable, OpenOrderAmount, OpenARAmount,
  RevenueYearToDate, RevenuePriorYear, CurrencyCode, PaymentTerms}`` (money: two-place numbers).
  ``region`` is ``NA`` or ``EU`` (else 400); a customer only has credit data in its own region
  (else 404).
* ``customer/payers/{n}/{businessUnit}`` → ``[{PayerNumber, Name, City, StateProvince,
  CountryCode, IsDefault}]``; an unknown business unit is a 400.

An unknown customer number is ``404 {"statusCode": 404, "message": "Customer '…' not found"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog_data import _mix
from .._customers import BUSINESS_UNITS, REGIONS, SimulatedCustomer
from .._json import money_decimal
from ._common import ApiError, bad_request, json_response, state_of
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Customer"


def _customer(request: Request) -> SimulatedCustomer:
    number = request.path_params["customerNumber"]
    customer = state_of(request).customers.get(number)
    if customer is None:
        raise ApiError(404, f"Customer '{number}' not found")
    return customer


async def get_customer(request: Request) -> Response:
    customer = _customer(request)
    return json_response({"CustomerNumber": customer.number, "Name": customer.name})


async def credit_data(request: Request) -> Response:
    customer = _customer(request)
    region = request.path_params["region"].upper()
    if region not in REGIONS:
        bad_request(
            f"Invalid region '{request.path_params['region']}'; use one of {', '.join(REGIONS)}"
        )
    if region != customer.region:
        raise ApiError(404, f"No credit data for customer '{customer.number}' in region {region}")
    h = _mix(state_of(request).seed * 0x9E3779B97F4A7C15 ^ customer.salt)
    limit = customer.credit_limit_cents
    open_orders = h % (limit // 3)
    open_ar = (h >> 20) % (limit // 2)
    available = 0 if customer.status != "Active" else max(0, limit - open_orders - open_ar)
    revenue_ytd = limit * (2 + (h >> 40) % 6) + (h >> 8) % 100
    return json_response(
        {
            "CustomerNumber": customer.number,
            "Name": customer.name,
            "Region": region,
            "CustomerStatus": customer.status,
            "CreditLimit": money_decimal(limit),
            "CreditAvailable": money_decimal(available),
            "OpenOrderAmount": money_decimal(open_orders),
            "OpenARAmount": money_decimal(open_ar),
            "RevenueYearToDate": money_decimal(revenue_ytd),
            "RevenuePriorYear": money_decimal(revenue_ytd * 2 - (h >> 16) % 10_000),
            "CurrencyCode": customer.currency,
            "PaymentTerms": customer.payment_terms,
        }
    )


async def payers(request: Request) -> Response:
    customer = _customer(request)
    business_unit = request.path_params["businessUnit"]
    if business_unit not in BUSINESS_UNITS:
        bad_request(f"BusinessUnit '{business_unit}' is not valid")
    return json_response(
        [
            {
                "PayerNumber": p.payer_number,
                "Name": p.name,
                "City": p.city,
                "StateProvince": p.state_province,
                "CountryCode": p.country_code,
                "IsDefault": p.is_default,
            }
            for p in customer.payers
        ]
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "customers.credit_data": credit_data,
    "customers.payers": payers,
    "customers.get": get_customer,
}
