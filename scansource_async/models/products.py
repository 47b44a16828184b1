"""Product models: pricing lines, products (seeds/product-pricing.txt), availability, search."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs

from .._checks import shown, strings
from .._validate import check_optional_non_empty
from ..errors import ValidationError
from ._common import check_item_number, check_quantity

__all__ = [
    "BUSINESS_UNITS",
    "Availability",
    "DealInfo",
    "PartNumberType",
    "PricingLine",
    "Product",
    "ProductDetail",
    "ProductSearchResult",
    "Warehouse",
    "check_business_unit",
    "check_warehouse",
    "to_part_number_type",
]

MAX_DEAL_IDS = 3


class PartNumberType(enum.IntEnum):
    """What kind of identifier an item number is."""

    UNKNOWN = 0
    ITEM_NUMBER = 1
    MANUFACTURER_PART_NUMBER = 2
    MATERIAL_NUMBER = 3

    @classmethod
    def _missing_(cls, value: object) -> PartNumberType:
        return cls.UNKNOWN


class Warehouse(enum.StrEnum):
    """ScanSource warehouses (the region a price or stock figure is for)."""

    NORTH_AMERICA = "1710"
    EUROPE = "2510"


BUSINESS_UNITS: dict[str, str] = {
    "1712": "ScanSource POS / Barcode",
    "1713": "ScanSource Catalyst",
    "1714": "ScanSource Communications",
    "1715": "ScanSource Security",
    "1718": "ScanSource Networking",
    "2512": "ScanSource EU POS / Barcode",
    "2514": "ScanSource EU Communications",
    "1154": "ScanSource Imago UK",
    "1224": "ScanSource Imago FR",
    "1234": "ScanSource Video Corp FR",
    "1782": "ScanSource LA POS / Barcode",
    "1784": "ScanSource LA Communications",
    "5512": "ScanSource MX POS / Barcode",
    "5514": "ScanSource MX Communications",
}


def check_warehouse(value: Warehouse | str | None) -> str | None:
    """The warehouse code, or ValidationError for one the API does not have."""
    if value is None:
        return None
    try:
        return Warehouse(str(value)).value
    except ValueError:
        known = ", ".join(w.value for w in Warehouse)
        raise ValidationError(f"unknown warehouse {value!r} (known: {known})") from None


def check_business_unit(value: str | None) -> str | None:
    """The business unit code, or ValidationError for one the API does not list."""
    if value is None:
        return None
    if str(value) not in BUSINESS_UNITS:
        raise ValidationError(f"unknown business unit {value!r}")
    return str(value)


def to_part_number_type(value: Any, name: str = "part_number_type") -> PartNumberType:
    """A PartNumberType member from a member or its code (0-3), or ValidationError."""
    if isinstance(value, PartNumberType):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1, 2, 3):
        raise ValidationError(f"{name} must be 0-3 or a PartNumberType, got {shown(value)}")
    return PartNumberType(value)


def _to_deal_ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    try:
        deal_ids = tuple(value)
    except TypeError:
        raise ValidationError("deal_ids must be a sequence of strings") from None
    if len(deal_ids) > MAX_DEAL_IDS:
        raise ValidationError(f"at most {MAX_DEAL_IDS} deal ids per line, got {len(deal_ids)}")
    return strings(deal_ids, "deal_ids")


@attrs.frozen(slots=True)
class PricingLine:
    """One line of a pricing request: an item and the quantity to price it for.

    ``customer_number`` prices this line for another customer than the job's (bulk jobs group
    lines by customer; a single ``pricing()`` request takes one customer).
    """

    item_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity, kw_only=True)
    part_number_type: PartNumberType = attrs.field(
        default=PartNumberType.UNKNOWN, converter=to_part_number_type, kw_only=True
    )
    deal_ids: tuple[str, ...] = attrs.field(default=(), converter=_to_deal_ids, kw_only=True)
    customer_number: str | None = attrs.field(
        default=None, validator=check_optional_non_empty, kw_only=True
    )

    def to_json(self) -> dict[str, Any]:
        """The line as the API's ``PricingRequestLine``."""
        line: dict[str, Any] = {
            "ItemNumber": self.item_number,
            "PartNumberType": int(self.part_number_type),
            "Quantity": self.quantity,
        }
        if self.deal_ids:
            line["DealIDs"] = list(self.deal_ids)
        return line


@attrs.frozen(kw_only=True)
class DealInfo:
    """A deal (SPA) that applies, or was asked for, on a priced item."""

    deal_id: str | None = None
    deal_description: str | None = None
    deal_expiration_date: str | None = None  # a string in the API, format unspecified
    deal_error: bool | None = None
    deal_error_desc: str | None = None


@attrs.frozen(kw_only=True)
class Product:
    """A priced item, as ``POST product/pricing`` returns it. Money is Decimal."""

    item_number: str | None = None
    cost: Decimal | None = None
    unit_price: Decimal | None = None
    unit_price_currency_code: str | None = None
    extended_total: Decimal | None = None
    extended_total_currency: str | None = None
    msrp: Decimal | None = None
    msrp_currency_code: str | None = None
    dealer_authorized: bool | None = None
    spa: bool | None = None
    spa_description: str | None = None
    spa_restriction: bool | None = None
    spa_restriction_description: str | None = None
    quantity_available: int | None = None
    total_inventory: int | None = None
    quantity_on_order: int | None = None
    pricing_error: bool | None = None
    pricing_error_desc: str | None = None
    inventory_display: str | None = None
    deal_infos: tuple[DealInfo, ...] = ()


@attrs.frozen(kw_only=True)
class Availability:
    """Stock of one item in one warehouse (``POST product/availability``)."""

    warehouse: str | None = None
    material_number: str | None = None
    quantity_available: int | None = None
    error_flag: bool | None = None
    error_description: str | None = None


@attrs.frozen(kw_only=True)
class ProductSearchResult:
    """One item found by ``GET product/search``."""

    item_number: str | None = None
    manufacturer_item_number: str | None = None
    manufacturer: str | None = None
    description: str | None = None
    catalog_name: str | None = None
    category_path: str | None = None
    business_unit: str | None = None
    item_status: str | None = None
    msrp: Decimal | None = None
    msrp_currency_code: str | None = None

    @property
    def obsolete(self) -> bool:
        return (self.item_status or "").lower() == "obsolete"


@attrs.frozen(kw_only=True)
class ProductDetail(ProductSearchResult):
    """An item's catalog detail (``GET product/detail``): a search result and more."""

    product_type: str | None = None
    upc: str | None = None
    country_of_origin: str | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None
    dealer_authorized: bool | None = None
