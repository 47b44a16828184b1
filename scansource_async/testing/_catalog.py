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

from ._catalog_data import BIG_MANUFACTURER, MANUFACTURERS, CatalogItem, Deal, Stock
from ._catalog_search import CatalogSearch
from ._priced_line import PRICING_ERROR_DESC, PricedLine
from ._pricing_oracle import AVAILABILITY_ERROR_DESC, PricingOracle

__all__ = [
    "AVAILABILITY_ERROR_DESC",
    "BIG_MANUFACTURER",
    "MANUFACTURERS",
    "PRICING_ERROR_DESC",
    "Catalog",
    "CatalogItem",
    "Deal",
    "PricedLine",
    "Stock",
]


class Catalog(PricingOracle, CatalogSearch):
    """The deterministic catalog of one seed and size, and the pricing/availability oracle.

    Instances are immutable in what they answer (their caches only remember derived items), so
    :meth:`shared` hands one instance to every simulator of the same seed and size.
    Items and identifiers come from ``_catalog_items``, prices and availability from
    ``_pricing_oracle``, search from ``_catalog_search``.
    """

    @classmethod
    @functools.lru_cache(maxsize=8)
    def shared(cls, *, seed: int = 0, size: int = 50_000) -> Catalog:
        """One shared instance per ``(seed, size)``: item caches and the search index are reused."""
        return cls(seed=seed, size=size)

    def __repr__(self) -> str:
        return f"Catalog(seed={self.seed}, size={self.size})"
