"""The catalog's content: the tables items are drawn from, the integer hash that draws them,
and the records of one item (:class:`CatalogItem`, its :class:`Stock` and :class:`Deal`).

See ``_catalog`` for what the content means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import attrs

__all__ = [
    "BIG_MANUFACTURER",
    "MANUFACTURERS",
    "CatalogItem",
    "Deal",
    "Stock",
]


_M64: Final = (1 << 64) - 1
_ITEM_SPACE: Final = 10**7
_MPN_SPACE: Final = 10**6
MAX_CATALOG_SIZE: Final = _MPN_SPACE
# Multipliers of the affine permutations; all coprime to 10, hence invertible mod 10**k.
_ITEM_MULTIPLIERS: Final = (7_368_787, 4_999_999, 3_141_593, 2_718_283)
_MPN_MULTIPLIERS: Final = (736_871, 314_159, 271_829, 577_213)
_BIG_MANUFACTURER_EVERY: Final = 40
_EUR_PER_USD_PCT: Final = 92

#: (name, MPN prefix). Invented names; index 0 is the "big" manufacturer used for paging tests.
MANUFACTURERS: Final[tuple[tuple[str, str], ...]] = (
    ("Zentrix", "ZX"),
    ("Aldora", "AL"),
    ("Brightwave", "BW"),
    ("Cordell Systems", "CS"),
    ("Datavant", "DV"),
    ("Everlink", "EL"),
    ("Fenwick Audio", "FA"),
    ("Graniteview", "GV"),
    ("Helix Networks", "HX"),
    ("Ironclad Security", "IC"),
    ("Juno Labs", "JL"),
    ("Kestrel Devices", "KD"),
    ("Lumacore", "LC"),
    ("Meridian POS", "MP"),
    ("Northgate", "NG"),
    ("Orbis Print", "OP"),
)
BIG_MANUFACTURER: Final = MANUFACTURERS[0][0]
_PREFIX_TO_MFR: Final = {prefix: n for n, (_, prefix) in enumerate(MANUFACTURERS)}

# (type name, category path, catalog name, NA business unit, MSRP range in whole USD)
_TYPES: Final[tuple[tuple[str, str, str, str, int, int], ...]] = (
    ("Handheld Barcode Scanner", "Barcode/Scanners/Handheld", "POS and Barcode", "1712", 89, 649),
    ("Presentation Scanner", "Barcode/Scanners/Presentation", "POS and Barcode", "1712", 129, 499),
    ("Mobile Computer", "Barcode/Mobile Computers", "POS and Barcode", "1712", 699, 2499),
    ("Thermal Label Printer", "Barcode/Printers/Label", "POS and Barcode", "1712", 299, 1899),
    ("Receipt Printer", "POS/Printers/Receipt", "POS and Barcode", "1712", 179, 549),
    ("POS Terminal", "POS/Terminals", "POS and Barcode", "1712", 899, 2999),
    ("Cash Drawer", "POS/Cash Drawers", "POS and Barcode", "1712", 89, 299),
    ("Charging Cradle", "Barcode/Accessories/Cradles", "POS and Barcode", "1712", 49, 399),
    ("Wireless Headset", "Communications/Headsets", "Communications", "1714", 59, 399),
    ("IP Desk Phone", "Communications/Phones/Desk", "Communications", "1714", 99, 699),
    ("Conference Phone", "Communications/Conferencing/Audio", "Communications", "1714", 299, 1499),
    ("Video Bar", "Communications/Conferencing/Video", "Communications", "1714", 899, 3999),
    ("Power Supply", "Communications/Accessories/Power", "Communications", "1714", 19, 149),
    ("IP Camera", "Security/Cameras", "Security", "1715", 149, 1299),
    ("Network Video Recorder", "Security/Recorders", "Security", "1715", 499, 3499),
    ("Access Control Panel", "Security/Access Control", "Security", "1715", 399, 1999),
    ("PoE Switch", "Networking/Switches", "Networking", "1718", 199, 2999),
    ("Wireless Access Point", "Networking/Wireless", "Networking", "1718", 149, 1299),
    ("Firewall Appliance", "Networking/Security", "Networking", "1718", 499, 4999),
    ("Service Contract", "Networking/Services/Warranty", "Networking", "1718", 29, 899),
)
_EU_BUSINESS_UNIT: Final = {"1712": "2512", "1714": "2514", "1715": "2514", "1718": "2514"}
_ADJECTIVES: Final = (
    "Rugged", "Wireless", "Compact", "Enterprise", "Industrial", "Cordless", "Outdoor",
    "Premium", "Standard", "High-Density", "Healthcare", "Retail",
)  # fmt: skip
_MPN_SUFFIXES: Final = ("", "", "R", "AZ", "B", "EU", "K", "")
_COUNTRIES: Final = ("US", "CN", "MX", "MY", "TW", "DE", "VN", "TH")
_PRICE_ENDINGS: Final = (99, 95, 0, 49)
_MPN_RE: Final = re.compile(r"([A-Z]{2})(\d{3})-(\d{3})([A-Z]{0,2})")


def _mix(x: int) -> int:
    """splitmix64 finaliser: a cheap, well-spread 64-bit hash."""
    x &= _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def _round_div(numerator: int, denominator: int) -> int:
    return (numerator + denominator // 2) // denominator


def _upc(body: int) -> str:
    digits = f"{body:011d}"
    odd = sum(int(d) for d in digits[0::2])
    even = sum(int(d) for d in digits[1::2])
    return digits + str((10 - (odd * 3 + even) % 10) % 10)


@attrs.frozen(slots=True)
class Stock:
    """Inventory of one item in one warehouse."""

    available: int
    total: int
    on_order: int

    @property
    def display(self) -> str:
        """``InventoryDisplay``: the quantity in stock, else ``On Order`` or ``Call for ETA``."""
        if self.available > 0:
            return str(self.available)
        return "On Order" if self.on_order > 0 else "Call for ETA"


@attrs.frozen(slots=True)
class Deal:
    """A SPA deal attached to an item.

    ``kind`` is ``"automatic"`` (always applies), ``"restricted"`` (applies when
    ``min_quantity <= quantity <= max_quantity``) or ``"deal_specific"`` (applies only when the
    request names ``deal_id``).
    """

    deal_id: str
    kind: str
    description: str
    discount_bp: int
    expiration: str
    min_quantity: int = 1
    max_quantity: int = 0

    @property
    def restriction_description(self) -> str | None:
        if self.kind != "restricted":
            return None
        return (
            f"Min qty {self.min_quantity}, max qty {self.max_quantity}, "
            f"expires {self.expiration[:10]}"
        )


@attrs.frozen(slots=True, kw_only=True)
class CatalogItem:
    """One catalog item, built on first use. Money is in integer US cents."""

    index: int
    item_number: str
    manufacturer_part_number: str
    manufacturer: str
    description: str
    product_type: str
    catalog_name: str
    category_path: str
    business_unit: str
    obsolete: bool
    dealer_authorized: bool
    msrp_usd_cents: int
    upc: str
    weight_centi_lb: int
    country_of_origin: str
    stock: Mapping[str, Stock]
    deal: Deal | None
    #: per-item hash, mixed with a customer's salt to vary prices per customer
    price_hash: int

    def business_unit_for(self, warehouse: str) -> str:
        return self.business_unit if warehouse == "1710" else _EU_BUSINESS_UNIT[self.business_unit]
