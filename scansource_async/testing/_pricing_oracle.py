"""The pricing and availability oracle: what the pricing, availability and detail endpoints
answer for an item, a customer and a warehouse. The routes and the tests' expectations both
come from here. See ``_catalog`` for the pricing rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from ._catalog_data import _EUR_PER_USD_PCT, CatalogItem, _mix, _round_div
from ._catalog_items import CatalogItems
from ._customers import WAREHOUSE_CURRENCY, SimulatedCustomer, customer_for
from ._json import money_decimal
from ._priced_line import PricedLine, not_found

__all__ = ["AVAILABILITY_ERROR_DESC", "PricingOracle"]

AVAILABILITY_ERROR_DESC: Final = "Material not found"


class PricingOracle(CatalogItems):
    """Prices, availability, search entries and details of the catalog's items."""

    def cost_cents(self, item: CatalogItem, customer: SimulatedCustomer, warehouse: str) -> int:
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
        customer: SimulatedCustomer,
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
        customer_number: str | SimulatedCustomer,
        quantity: int = 1,
        warehouse: str | None = None,
        part_number_type: int = 0,
        deal_ids: Iterable[str] = (),
    ) -> dict[str, Any]:
        """The ``Product`` object the pricing endpoint answers for this line (money as Decimal).

        ``customer_number`` is a number (a known customer, or any other number priced as the
        simulator prices an extra ``Simulator(customer_number=…)``) or a :class:`SimulatedCustomer`.
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
