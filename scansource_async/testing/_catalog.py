"""The simulator's deterministic product catalog, and the pricing/availability oracle.

Everything is derived from ``(seed, index)`` by integer hashing, so a catalog of any size costs
nothing to create: items are built when first looked at (and cached).

Identifiers
    * Item numbers: ``"SS"`` + 7 digits. Item ``i`` (``0 <= i < size``) is
      ``SS{(A*i + B) mod 10**7:07d}`` with ``A`` and ``B`` chosen by the seed: a permutation, so
      numbers are unique, look scattered, and map back to ``i`` arithmetically.
      ``catalog.item_numbers[i]`` is item ``i`` (the sequence is not sorted).
    * Manufacturer part numbers (MPN): a two-letter manufacturer prefix, 3 digits, ``-``,
      3 digits and an optional suffix, e.g. ``ZX482-117R``; also unique per item.
    * Lookups are case-insensitive and ignore surrounding blanks. ``PartNumberType`` 1 (item
      number) and 3 (material number) look up item numbers, 2 looks up MPNs, 0 tries both.

Content
    * 16 invented manufacturers. ``"Zentrix"`` makes exactly every 40th item by index, none of
      them obsolete, so ``GET product/search?manufacturer=Zentrix`` matches exactly
      ``ceil(size / 40)`` items (1,250 at the default 50,000): the paging fixture.
      About 3 % of the other items are obsolete (hidden from search unless ``includeObsolete``).
    * 20 product types in 4 catalogs (``POS and Barcode``, ``Communications``, ``Security``,
      ``Networking``) with category paths such as ``Barcode/Scanners/Handheld``.
    * MSRP (USD) per item. A customer's price (``Cost``) is MSRP less the customer's discount
      plus a per-item, per-customer variation, so customers' price lists differ item by item.
      Warehouse 1710 prices are in USD, 2510 in EUR (USD × 0.92). ``MSRP >= Cost >= UnitPrice``.
    * Stock per warehouse: ~7 % out of stock (``Call for ETA``), ~8 % on order only
      (``QuantityAvailable`` 0, ``QuantityOnOrder`` > 0, ``On Order``), the rest in stock
      (``InventoryDisplay`` is the available quantity; some also have stock on order).
    * SPA deals: ~10 % of items have an automatic SPA (applies to every customer and quantity),
      ~5 % a restricted SPA (applies only for ``min <= Quantity <= max``; ``SPARestriction`` is
      true either way and ``SPARestrictionDescription`` states min, max and expiration), ~5 % a
      deal-specific SPA that applies only when its deal ID is sent (line ``DealIDs`` or the
      request's ``DealID1``). A requested deal ID that does not belong to the item comes back as a
      ``DealInfos`` entry with ``DealError: true``. ~4 % of items are not dealer-authorized
      (``DealerAuthorized: false``; still priced).

Pricing semantics: ``Cost`` is the customer's price before SPA, ``UnitPrice`` the SPA-adjusted
price, ``ExtendedTotal = UnitPrice × Quantity``. An unknown item is a ``Product`` with
``PricingError: true``, ``PricingErrorDesc: "Item # not found"``, money ``0.00``, counts ``0``,
flags ``false``, strings and ``DealInfos`` ``null``, inside the 200 answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, NamedTuple, overload

import attrs

from ._customers import WAREHOUSE_CURRENCY, Customer, customer_for
from ._json import money_decimal
from ._priced_line import PRICING_ERROR_DESC, PricedLine, not_found

__all__ = [
    "BIG_MANUFACTURER",
    "MANUFACTURERS",
    "PRICING_ERROR_DESC",
    "Catalog",
    "CatalogItem",
    "Deal",
    "PricedLine",
    "Stock",
]

AVAILABILITY_ERROR_DESC: Final = "Material not found"

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


class _LazySequence(Sequence[str]):
    """A read-only sequence whose elements are computed on access (no 50k-string list up front)."""

    __slots__ = ("_contains", "_get", "_len")

    def __init__(
        self, length: int, get: Callable[[int], str], contains: Callable[[str], bool]
    ) -> None:
        self._len = length
        self._get = get
        self._contains = contains

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._get(i) for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("catalog index out of range")
        return self._get(index)

    def __iter__(self) -> Iterator[str]:
        return map(self._get, range(self._len))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self._contains(value)


class _SearchRow(NamedTuple):
    item_index: int
    item_number: str
    mpn: str
    manufacturer: str  # lower case
    catalog_name: str  # lower case
    category_path: str  # lower case
    obsolete: bool
    haystack: str  # lower case text searched by searchText


class Catalog:
    """The deterministic catalog of one seed and size, and the pricing/availability oracle.

    Instances are immutable in what they answer (their caches only remember derived items), so
    :meth:`shared` hands one instance to every simulator of the same seed and size.
    """

    def __init__(self, *, seed: int = 0, size: int = 50_000) -> None:
        if not 1 <= size <= MAX_CATALOG_SIZE:
            raise ValueError(f"catalog size must be between 1 and {MAX_CATALOG_SIZE:,}")
        self.seed = seed
        self.size = size
        base = _mix(seed * 0x9E3779B97F4A7C15 + 0x1234567)
        self._base = base
        self._a = _ITEM_MULTIPLIERS[base % len(_ITEM_MULTIPLIERS)]
        self._a_inv = pow(self._a, -1, _ITEM_SPACE)
        self._b = _mix(base + 1) % _ITEM_SPACE
        self._c = _MPN_MULTIPLIERS[(base >> 8) % len(_MPN_MULTIPLIERS)]
        self._c_inv = pow(self._c, -1, _MPN_SPACE)
        self._d = _mix(base + 2) % _MPN_SPACE
        self._items: dict[int, CatalogItem] = {}
        self._rows: list[_SearchRow] | None = None
        #: ``item_numbers[i]`` is item ``i``'s number (computed on access; not sorted)
        self.item_numbers: Sequence[str] = _LazySequence(
            size, self._item_number, lambda s: self.index_of(s) is not None and s.isupper()
        )
        #: ``manufacturer_part_numbers[i]`` is item ``i``'s MPN
        self.manufacturer_part_numbers: Sequence[str] = _LazySequence(
            size, self._mpn, lambda s: self.index_of_mpn(s) is not None and s.isupper()
        )
        self.manufacturers: tuple[str, ...] = tuple(name for name, _ in MANUFACTURERS)

    @classmethod
    @functools.lru_cache(maxsize=8)
    def shared(cls, *, seed: int = 0, size: int = 50_000) -> Catalog:
        """One shared instance per ``(seed, size)``: item caches and the search index are reused."""
        return cls(seed=seed, size=size)

    def __repr__(self) -> str:
        return f"Catalog(seed={self.seed}, size={self.size})"

    def __len__(self) -> int:
        return self.size

    # -- identifiers --------------------------------------------------------------------------

    def _item_number(self, index: int) -> str:
        return f"SS{(self._a * index + self._b) % _ITEM_SPACE:07d}"

    def _mpn_digits(self, index: int) -> int:
        return (self._c * index + self._d) % _MPN_SPACE

    def _manufacturer_index(self, index: int) -> int:
        if index % _BIG_MANUFACTURER_EVERY == 0:
            return 0
        return 1 + _mix(self._base ^ (index * 0x632BE59BD9B4E019)) % (len(MANUFACTURERS) - 1)

    def _mpn(self, index: int) -> str:
        return self._basics(index)[4]

    def index_of(self, item_number: str) -> int | None:
        """The index of a ScanSource item number, or None (case-insensitive)."""
        key = item_number.strip().upper()
        if len(key) != 9 or not key.startswith("SS") or not key[2:].isdigit():
            return None
        index = (int(key[2:]) - self._b) * self._a_inv % _ITEM_SPACE
        return index if index < self.size else None

    def index_of_mpn(self, mpn: str) -> int | None:
        """The index of a manufacturer part number, or None (case-insensitive)."""
        key = mpn.strip().upper()
        match = _MPN_RE.fullmatch(key)
        if match is None or match[1] not in _PREFIX_TO_MFR:
            return None
        digits = int(match[2] + match[3])
        index = (digits - self._d) * self._c_inv % _MPN_SPACE
        if index >= self.size or self._mpn(index) != key:
            return None
        return index

    def resolve(self, identifier: str, part_number_type: int = 0) -> int | None:
        """The index an identifier names under ``PartNumberType`` rules (0 tries both kinds)."""
        if part_number_type == 2:
            return self.index_of_mpn(identifier)
        index = self.index_of(identifier)
        if index is None and part_number_type == 0:
            index = self.index_of_mpn(identifier)
        return index

    # -- items --------------------------------------------------------------------------------

    def item_at(self, index: int) -> CatalogItem:
        """The item with this index (0 <= index < size)."""
        item = self._items.get(index)
        if item is None:
            if not 0 <= index < self.size:
                raise IndexError("catalog index out of range")
            if len(self._items) >= 200_000:  # bound memory in long soak runs
                self._items.clear()
            item = self._items[index] = self._build(index)
        return item

    def item(self, item_number: str) -> CatalogItem | None:
        """Look an item up by its ScanSource item number."""
        index = self.index_of(item_number)
        return None if index is None else self.item_at(index)

    def item_by_mpn(self, mpn: str) -> CatalogItem | None:
        """Look an item up by its manufacturer part number."""
        index = self.index_of_mpn(mpn)
        return None if index is None else self.item_at(index)

    def lookup(self, identifier: str, part_number_type: int = 0) -> CatalogItem | None:
        """Look an item up the way the API does for ``PartNumberType`` 0-3."""
        index = self.resolve(identifier, part_number_type)
        return None if index is None else self.item_at(index)

    def items(self) -> Iterator[CatalogItem]:
        """Every item in index order (lazily; stop early to stay cheap)."""
        return map(self.item_at, range(self.size))

    def _basics(self, index: int) -> tuple[int, int, str, tuple[str, str, str, str, int, int], str]:
        """(hash, manufacturer index, description, type row, MPN): what search needs too."""
        h = _mix(self._base ^ (index * 0x9E3779B97F4A7C15))
        mfr_index = self._manufacturer_index(index)
        mfr_name, prefix = MANUFACTURERS[mfr_index]
        type_row = _TYPES[_mix(h + 1) % len(_TYPES)]
        adjective = _ADJECTIVES[_mix(h + 2) % len(_ADJECTIVES)]
        m = self._mpn_digits(index)
        suffix = _MPN_SUFFIXES[(m * 7 + index) % len(_MPN_SUFFIXES)]
        mpn = f"{prefix}{m // 1000:03d}-{m % 1000:03d}{suffix}"
        description = f"{mfr_name} {prefix}-{1000 + m % 9000} {adjective} {type_row[0]}"
        return h, mfr_index, description, type_row, mpn

    @staticmethod
    def _obsolete(mfr_index: int, r: int) -> bool:
        return mfr_index != 0 and (r >> 24) % 100 < 3

    def _build(self, index: int) -> CatalogItem:
        h, mfr_index, description, type_row, mpn = self._basics(index)
        type_name, category, catalog_name, bu, lo, hi = type_row
        r = _mix(h + 3)
        dollars = lo + r % (hi - lo + 1)
        msrp = dollars * 100 + _PRICE_ENDINGS[(r >> 20) % len(_PRICE_ENDINGS)]
        authorized = (r >> 32) % 100 >= 4
        stock = {wh: self._stock(h, salt) for salt, wh in enumerate(WAREHOUSE_CURRENCY, 11)}
        mfr_name = MANUFACTURERS[mfr_index][0]
        return CatalogItem(
            index=index,
            item_number=self._item_number(index),
            manufacturer_part_number=mpn,
            manufacturer=mfr_name,
            description=description,
            product_type=type_name,
            catalog_name=catalog_name,
            category_path=category,
            business_unit=bu,
            obsolete=self._obsolete(mfr_index, r),
            dealer_authorized=authorized,
            msrp_usd_cents=msrp,
            upc=_upc(_mix(h + 4) % 10**11),
            weight_centi_lb=10 + _mix(h + 5) % 5000,
            country_of_origin=_COUNTRIES[(r >> 40) % len(_COUNTRIES)],
            stock=stock,
            deal=self._deal(h, mfr_name),
            price_hash=_mix(h + 6),
        )

    @staticmethod
    def _stock(h: int, salt: int) -> Stock:
        r = _mix(h + salt)
        bucket = r % 100
        if bucket < 7:
            return Stock(0, 0, 0)
        if bucket < 15:
            return Stock(0, 0, 10 + (r >> 8) % 491)
        x = (r >> 8) % 2000
        available = 1 + x * x // 1000
        reserved = (r >> 24) % 25
        on_order = 5 + (r >> 32) % 200 if bucket < 25 else 0
        return Stock(available, available + reserved, on_order)

    @staticmethod
    def _deal(h: int, manufacturer: str) -> Deal | None:
        r = _mix(h + 7)
        bucket = r % 100
        if bucket >= 20:
            return None
        deal_id = f"DL{10_000_000 + (r >> 8) % 90_000_000}"
        discount_bp = 300 + (r >> 36) % 1200
        year, month = 2030 + (r >> 48) % 3, 1 + (r >> 52) % 12
        expiration = f"{year}-{month:02d}-28T00:00:00"
        pct = f"{discount_bp // 100}.{discount_bp % 100:02d}%"
        if bucket < 10:
            kind, text, low, high = "automatic", f"{manufacturer} partner SPA {pct} off", 1, 0
        elif bucket < 15:
            low = 2 + (r >> 40) % 9
            high = low * (5 + (r >> 44) % 16)
            kind, text = "restricted", f"{manufacturer} volume SPA {pct} off"
        else:
            kind, low, high = "deal_specific", 1, 0
            text = f"{manufacturer} deal registration {deal_id} {pct} off"
        return Deal(deal_id, kind, text, discount_bp, expiration, low, high)

    # -- the oracle ---------------------------------------------------------------------------

    def cost_cents(self, item: CatalogItem, customer: Customer, warehouse: str) -> int:
        """The customer's price before SPA, in the warehouse's currency (cents)."""
        variation = _mix(item.price_hash ^ customer.salt) % 1500
        usd = _round_div(item.msrp_usd_cents * (10_000 - customer.discount_bp - variation), 10_000)
        return usd if warehouse == "1710" else _round_div(usd * _EUR_PER_USD_PCT, 100)

    @staticmethod
    def msrp_cents(item: CatalogItem, warehouse: str) -> int:
        usd = item.msrp_usd_cents
        return usd if warehouse == "1710" else _round_div(usd * _EUR_PER_USD_PCT, 100)

    def price_line(
        self,
        item_input: str,
        customer: Customer,
        *,
        quantity: int = 1,
        warehouse: str | None = None,
        part_number_type: int = 0,
        deal_ids: Iterable[str] = (),
    ) -> PricedLine:
        """Price one request line. The pricing route and :meth:`product` both use this."""
        index = self.resolve(item_input, part_number_type)
        if index is None:
            return not_found(item_input)
        item = self.item_at(index)
        wh = warehouse or customer.warehouse
        cost = self.cost_cents(item, customer, wh)
        deal = item.deal
        spa = False
        infos: list[tuple[str, str | None, str | None, bool, str | None]] = []
        requested = list(dict.fromkeys(d for d in deal_ids if d))
        if deal is not None:
            kind = deal.kind
            if kind == "automatic" or (kind == "deal_specific" and deal.deal_id in requested):
                spa = True
                infos.append((deal.deal_id, deal.description, deal.expiration, False, None))
            elif kind == "restricted":
                spa = deal.min_quantity <= quantity <= deal.max_quantity
                error = (
                    None
                    if spa
                    else f"Quantity {quantity} is outside the SPA range "
                    f"{deal.min_quantity}-{deal.max_quantity}"
                )
                infos.append((deal.deal_id, deal.description, deal.expiration, not spa, error))
        for deal_id in requested:
            if deal is None or deal_id != deal.deal_id:
                infos.append(
                    (deal_id, None, None, True, f"Deal {deal_id} is not valid for this item")
                )
        unit = _round_div(cost * (10_000 - deal.discount_bp), 10_000) if spa and deal else cost
        stock = item.stock[wh]
        return PricedLine(
            item_input,
            True,
            cost,
            unit,
            unit * quantity,
            self.msrp_cents(item, wh),
            WAREHOUSE_CURRENCY[wh],
            item.dealer_authorized,
            spa,
            deal.description if spa and deal else None,
            deal is not None and deal.kind == "restricted",
            deal.restriction_description if deal else None,
            stock.available,
            stock.total,
            stock.on_order,
            stock.display,
            tuple(infos),
        )

    def product(
        self,
        item_number: str,
        *,
        customer_number: str | Customer,
        quantity: int = 1,
        warehouse: str | None = None,
        part_number_type: int = 0,
        deal_ids: Iterable[str] = (),
    ) -> dict[str, Any]:
        """The ``Product`` object the pricing endpoint answers for this line (money as Decimal).

        ``customer_number`` is a number (a known customer, or any other number priced as the
        simulator prices an extra ``Simulator(customer_number=…)``) or a :class:`Customer`.
        ``deal_ids`` are the line's ``DealIDs`` plus the request's ``DealID1``.
        """
        return self.price_line(
            item_number,
            customer_for(customer_number),
            quantity=quantity,
            warehouse=warehouse,
            part_number_type=part_number_type,
            deal_ids=deal_ids,
        ).as_dict()

    def availability(
        self, identifier: str, warehouse: str, *, part_number_type: int = 0
    ) -> dict[str, Any]:
        """One entry of the availability answer (``MaterialNumber`` echoes the identifier)."""
        index = self.resolve(identifier, part_number_type)
        if index is None:
            return {
                "Warehouse": warehouse,
                "MaterialNumber": identifier,
                "QuantityAvailable": 0,
                "ErrorFlag": True,
                "ErrorDescription": AVAILABILITY_ERROR_DESC,
            }
        return {
            "Warehouse": warehouse,
            "MaterialNumber": identifier,
            "QuantityAvailable": self.item_at(index).stock[warehouse].available,
            "ErrorFlag": False,
            "ErrorDescription": None,
        }

    def search_entry(self, item: CatalogItem, warehouse: str) -> dict[str, Any]:
        """One element of a ``GET product/search`` page."""
        return {
            "ItemNumber": item.item_number,
            "ManufacturerItemNumber": item.manufacturer_part_number,
            "Manufacturer": item.manufacturer,
            "Description": item.description,
            "CatalogName": item.catalog_name,
            "CategoryPath": item.category_path,
            "BusinessUnit": item.business_unit_for(warehouse),
            "ItemStatus": "Obsolete" if item.obsolete else "Active",
            "MSRP": money_decimal(self.msrp_cents(item, warehouse)),
            "MSRPCurrencyCode": WAREHOUSE_CURRENCY[warehouse],
        }

    def detail(
        self, identifier: str, warehouse: str, *, part_number_type: int = 0
    ) -> dict[str, Any] | None:
        """The ``GET product/detail`` object (a superset of a search entry), or None if unknown."""
        item = self.lookup(identifier, part_number_type)
        if item is None:
            return None
        entry = self.search_entry(item, warehouse)
        entry.update(
            {
                "ProductType": item.product_type,
                "UPC": item.upc,
                "CountryOfOrigin": item.country_of_origin,
                "Weight": money_decimal(item.weight_centi_lb),
                "WeightUnit": "LB",
                "DealerAuthorized": item.dealer_authorized,
            }
        )
        return entry

    # -- search -------------------------------------------------------------------------------

    def _search_rows(self) -> list[_SearchRow]:
        rows = self._rows
        if rows is None:
            rows = []
            # Only the searchable fields, not whole items: a full scan must stay cheap and must
            # not fill the item cache.
            for index in range(self.size):
                h, mfr_index, description, type_row, mpn = self._basics(index)
                item_number = self._item_number(index)
                category = type_row[1].lower()
                rows.append(
                    _SearchRow(
                        index,
                        item_number,
                        mpn,
                        MANUFACTURERS[mfr_index][0].lower(),
                        type_row[2].lower(),
                        category,
                        self._obsolete(mfr_index, _mix(h + 3)),
                        f"{item_number} {mpn} {description} {category}".lower(),
                    )
                )
            rows.sort(key=lambda row: row.item_number)
            self._rows = rows
        return rows

    def search(
        self,
        *,
        item_number: str | None = None,
        part_number_type: int = 0,
        manufacturer: str | None = None,
        catalog_name: str | None = None,
        category_path: str | None = None,
        include_obsolete: bool = False,
        search_text: str | None = None,
        use_and_operator: bool = False,
    ) -> list[int]:
        """Indices of the items ``GET product/search`` matches, in item-number order.

        ``item_number`` is a case-insensitive prefix of the item number (types 1, 3), the MPN
        (type 2) or either (type 0); ``manufacturer`` and ``catalog_name`` match whole names,
        ``category_path`` whole leading segments; ``search_text`` words are substrings of item
        number, MPN, description and category, all of them with ``use_and_operator``, any otherwise.
        The first search of a catalog builds an index (~0.3 s at 50,000 items).
        """
        prefix = item_number.strip().upper() if item_number else None
        mfr = manufacturer.strip().lower() if manufacturer else None
        cat = catalog_name.strip().lower() if catalog_name else None
        path = category_path.strip().strip("/").lower() if category_path else None
        words = search_text.lower().split() if search_text else []
        match_words = all if use_and_operator else any
        out: list[int] = []
        for row in self._search_rows():
            if row.obsolete and not include_obsolete:
                continue
            if prefix is not None:
                by_item = part_number_type != 2 and row.item_number.startswith(prefix)
                by_mpn = part_number_type in (0, 2) and row.mpn.startswith(prefix)
                if not (by_item or by_mpn):
                    continue
            if mfr is not None and row.manufacturer != mfr:
                continue
            if cat is not None and row.catalog_name != cat:
                continue
            if path is not None and not (
                row.category_path == path or row.category_path.startswith(path + "/")
            ):
                continue
            if words and not match_words(w in row.haystack for w in words):
                continue
            out.append(row.item_index)
        return out

    def count_manufacturer(self, manufacturer: str) -> int:
        """How many items a manufacturer makes (no scan needed for :data:`BIG_MANUFACTURER`)."""
        if manufacturer == BIG_MANUFACTURER:
            return -(-self.size // _BIG_MANUFACTURER_EVERY)
        return len(self.search(manufacturer=manufacturer, include_obsolete=True))
