"""The simulator's customers, regions, warehouses and business units.

Known customers (every subscription key may use every one of them):

============  ==============================  ======  =========  ============
number        name                            region  warehouse  credit status
============  ==============================  ======  =========  ============
``1000001``   Northwind Retail Systems        NA      1710       Active (the default)
``1000002``   Contoso Communications Inc.     NA      1710       Active
``1000003``   Fabrikam Europe GmbH            EU      2510       Active
``1000004``   Tailspin Security LLC           NA      1710       Credit Hold
============  ==============================  ======  =========  ============

Each customer gets its own discount off MSRP (a base plus a per-item variation), so two
customers never see the same price list. An unknown customer number is answered with
``400 {"statusCode": 400, "message": "Invalid customer number '…'"}`` where it is a query or body
parameter (pricing, availability, search, detail, partner-profile validation) and with ``404``
where it names the resource itself (``customer/{customerNumber}`` and its sub-resources).

Regions: ``NA`` (warehouse 1710, USD) and ``EU`` (warehouse 2510, EUR).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

__all__ = [
    "BUSINESS_UNITS",
    "DEFAULT_CUSTOMERS",
    "REGIONS",
    "WAREHOUSES",
    "WAREHOUSE_CURRENCY",
    "Payer",
    "SimulatedCustomer",
    "customer_for",
    "make_customer",
]

#: warehouse code → currency of its prices
WAREHOUSE_CURRENCY: Mapping[str, str] = {"1710": "USD", "2510": "EUR"}
WAREHOUSES: tuple[str, ...] = tuple(WAREHOUSE_CURRENCY)
#: region code → (warehouse, currency)
REGIONS: Mapping[str, tuple[str, str]] = {"NA": ("1710", "USD"), "EU": ("2510", "EUR")}
#: business unit code → (name, region), from seeds/product-pricing.txt
BUSINESS_UNITS: Mapping[str, tuple[str, str]] = {
    "1712": ("ScanSource POS / Barcode", "NA"),
    "1713": ("ScanSource Catalyst", "NA"),
    "1714": ("ScanSource Communications", "NA"),
    "1715": ("ScanSource Security", "NA"),
    "1718": ("ScanSource Networking", "NA"),
    "2512": ("ScanSource EU POS / Barcode", "EU"),
    "2514": ("ScanSource EU Communications", "EU"),
    "1154": ("ScanSource Imago UK", "EU"),
    "1224": ("ScanSource Imago FR", "EU"),
    "1234": ("ScanSource Video Corp FR", "EU"),
    "1782": ("ScanSource LA POS / Barcode", "NA"),
    "1784": ("ScanSource LA Communications", "NA"),
    "5512": ("ScanSource MX POS / Barcode", "NA"),
    "5514": ("ScanSource MX Communications", "NA"),
}


@attrs.frozen(slots=True, kw_only=True)
class Payer:
    """One entry of ``GET customer/payers/{customerNumber}/{businessUnit}``."""

    payer_number: str
    name: str
    city: str
    state_province: str
    country_code: str
    is_default: bool


@attrs.frozen(slots=True, kw_only=True)
class SimulatedCustomer:
    """A customer account of the simulator (number, region, warehouse, discount, credit
    status): the data the simulated API answers from. The client's model of what the API
    answers is :class:`scansource_async.Customer`, a different class."""

    number: str
    name: str
    region: str
    status: str = "Active"
    #: base discount off MSRP in basis points; each item adds its own per-customer variation
    discount_bp: int = 1500
    #: mixes into the per-item price variation so customers' price lists differ item by item
    salt: int = 0
    credit_limit_cents: int = 250_000_00
    payment_terms: str = "Net 30"
    payers: tuple[Payer, ...] = ()

    @property
    def warehouse(self) -> str:
        return REGIONS[self.region][0]

    @property
    def currency(self) -> str:
        return REGIONS[self.region][1]


def _payer(number: str, name: str, city: str, state: str, country: str, default: bool) -> Payer:
    return Payer(
        payer_number=number,
        name=name,
        city=city,
        state_province=state,
        country_code=country,
        is_default=default,
    )


DEFAULT_CUSTOMERS: tuple[SimulatedCustomer, ...] = (
    SimulatedCustomer(
        number="1000001",
        name="Northwind Retail Systems",
        region="NA",
        discount_bp=1500,
        salt=0x5EED0001,
        payers=(
            _payer("2000001", "Northwind Retail Systems", "Greenville", "SC", "US", True),
            _payer("2000011", "Northwind Retail - Canada", "Toronto", "ON", "CA", False),
        ),
    ),
    SimulatedCustomer(
        number="1000002",
        name="Contoso Communications Inc.",
        region="NA",
        discount_bp=1800,
        salt=0x5EED0002,
        credit_limit_cents=900_000_00,
        payers=(_payer("2000002", "Contoso Communications Inc.", "Austin", "TX", "US", True),),
    ),
    SimulatedCustomer(
        number="1000003",
        name="Fabrikam Europe GmbH",
        region="EU",
        discount_bp=1200,
        salt=0x5EED0003,
        payment_terms="Net 45",
        payers=(_payer("2000003", "Fabrikam Europe GmbH", "Berlin", "BE", "DE", True),),
    ),
    SimulatedCustomer(
        number="1000004",
        name="Tailspin Security LLC",
        region="NA",
        status="Credit Hold",
        discount_bp=1000,
        salt=0x5EED0004,
        credit_limit_cents=50_000_00,
        payment_terms="Prepay",
        payers=(_payer("2000004", "Tailspin Security LLC", "Phoenix", "AZ", "US", True),),
    ),
)


def make_customer(number: str) -> SimulatedCustomer:
    """A plausible extra NA customer, for a ``Simulator(customer_number=…)`` not in the table."""
    salt = sum(ord(c) * 131**i for i, c in enumerate(number)) & 0xFFFFFFFF
    name = f"Simulated Customer {number}"
    return SimulatedCustomer(
        number=number,
        name=name,
        region="NA",
        discount_bp=1400 + salt % 400,
        salt=salt,
        payers=(_payer(f"9{number[-6:]:0>6}", name, "Greenville", "SC", "US", True),),
    )


_KNOWN: Final = {c.number: c for c in DEFAULT_CUSTOMERS}


def customer_for(customer: str | SimulatedCustomer) -> SimulatedCustomer:
    """A :class:`SimulatedCustomer` as given, or the known customer with that number, or the extra
    customer :func:`make_customer` makes for it (what ``Simulator(customer_number=…)`` adds)."""
    if isinstance(customer, SimulatedCustomer):
        return customer
    return _KNOWN.get(customer) or make_customer(customer)
