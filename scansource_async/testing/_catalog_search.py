"""The search oracle: which items ``GET product/search`` matches, over an index of the
searchable fields built on the first search.
"""

from __future__ import annotations

from typing import NamedTuple

from ._catalog_data import _BIG_MANUFACTURER_EVERY, BIG_MANUFACTURER, MANUFACTURERS, _mix
from ._catalog_items import CatalogItems

__all__ = ["CatalogSearch"]


class _SearchRow(NamedTuple):
    item_index: int
    item_number: str
    mpn: str
    manufacturer: str  # lower case
    catalog_name: str  # lower case
    category_path: str  # lower case
    obsolete: bool
    haystack: str  # lower case text searched by searchText


class CatalogSearch(CatalogItems):
    """Search over the catalog's items (the index is built once per catalog, then reused)."""

    _rows: list[_SearchRow] | None = None

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
