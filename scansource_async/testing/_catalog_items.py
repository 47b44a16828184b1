"""The catalog's items: identifiers (a permutation of the item index, so numbers map back to
the index arithmetically), lookups, and each item built from ``(seed, index)`` on first use.

See ``_catalog`` for the identifier formats and the content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from ._catalog_data import (
    _ADJECTIVES,
    _BIG_MANUFACTURER_EVERY,
    _COUNTRIES,
    _ITEM_MULTIPLIERS,
    _ITEM_SPACE,
    _MPN_MULTIPLIERS,
    _MPN_RE,
    _MPN_SPACE,
    _MPN_SUFFIXES,
    _PREFIX_TO_MFR,
    _PRICE_ENDINGS,
    _TYPES,
    MANUFACTURERS,
    MAX_CATALOG_SIZE,
    CatalogItem,
    Deal,
    Stock,
    _mix,
    _upc,
)
from ._customers import WAREHOUSE_CURRENCY

__all__ = ["CatalogItems"]


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


class CatalogItems:
    """The items of one seed and size: identifiers, lookups and generation (cached per item)."""

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
        #: ``item_numbers[i]`` is item ``i``'s number (computed on access; not sorted)
        self.item_numbers: Sequence[str] = _LazySequence(
            size, self._item_number, lambda s: self.index_of(s) is not None and s.isupper()
        )
        #: ``manufacturer_part_numbers[i]`` is item ``i``'s MPN
        self.manufacturer_part_numbers: Sequence[str] = _LazySequence(
            size, self._mpn, lambda s: self.index_of_mpn(s) is not None and s.isupper()
        )
        self.manufacturers: tuple[str, ...] = tuple(name for name, _ in MANUFACTURERS)

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
