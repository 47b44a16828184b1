"""Every endpoint the client calls, in one table: method, path template, and retry safety.

Retry safety is decided here per operation, not per HTTP method. Reads and idempotent updates
retry; creates never retry once the request may have reached the server, and an ambiguous
failure raises OutcomeUnknownError instead. ``verified=False`` marks paths that are not in the
API's published endpoint list (see README, "Coverage").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["ENDPOINTS", "Endpoint"]


@attrs.frozen
class Endpoint:
    name: str
    method: str
    path: str
    retry_safe: bool = True
    verified: bool = True


def _table(*endpoints: Endpoint) -> Mapping[str, Endpoint]:
    table = {endpoint.name: endpoint for endpoint in endpoints}
    assert len(table) == len(endpoints), "duplicate endpoint name"
    return table


ENDPOINTS: Final[Mapping[str, Endpoint]] = _table(
    # Product (pricing and availability are read-only POSTs: safe to retry)
    Endpoint("products.pricing", "POST", "product/pricing"),
    Endpoint("products.availability", "POST", "product/availability"),
    Endpoint("products.search", "GET", "product/search"),
    Endpoint("products.detail", "GET", "product/detail"),
    # Customer
    Endpoint("customers.get", "GET", "customer/{customer_number}"),
    Endpoint("customers.credit_data", "GET", "customer/creditdata/{customer_number}/{region}"),
    Endpoint("customers.payers", "GET", "customer/payers/{customer_number}/{business_unit}"),
    # PartnerProfile
    Endpoint("partner_profile.get", "GET", "partnerprofile"),
    Endpoint("partner_profile.validate", "GET", "partnerprofile/validate"),
)
