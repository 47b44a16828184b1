"""One priced line of the simulator's answer, rendered as Python values or straight to JSON.

Rendering JSON text directly (money with exactly two places, no float in between) keeps the
pricing endpoint's hot path cheap.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from ._json import encode_str, money_decimal, money_json

__all__ = ["PRICING_ERROR_DESC", "PricedLine", "not_found"]

PRICING_ERROR_DESC: Final = "Item # not found"


class PricedLine(NamedTuple):
    """The result of pricing one line, in cents; rendered as a dict or as JSON text."""

    item_input: str
    found: bool
    cost: int
    unit: int
    extended: int
    msrp: int
    currency: str | None
    dealer_authorized: bool
    spa: bool
    spa_description: str | None
    spa_restriction: bool
    spa_restriction_description: str | None
    available: int
    total: int
    on_order: int
    inventory_display: str | None
    # (DealID, DealDescription, DealExpirationDate, DealError, DealErrorDesc)
    deal_infos: tuple[tuple[str, str | None, str | None, bool, str | None], ...] | None

    def as_dict(self) -> dict[str, Any]:
        """The ``Product`` JSON object as Python values (money as two-place ``Decimal``)."""
        infos = self.deal_infos
        return {
            "ItemNumber": self.item_input,
            "Cost": money_decimal(self.cost),
            "UnitPrice": money_decimal(self.unit),
            "UnitPriceCurrencyCode": self.currency,
            "ExtendedTotal": money_decimal(self.extended),
            "ExtendedTotalCurrency": self.currency,
            "MSRP": money_decimal(self.msrp),
            "MSRPCurrencyCode": self.currency,
            "DealerAuthorized": self.dealer_authorized,
            "SPA": self.spa,
            "SPADescription": self.spa_description,
            "SPARestriction": self.spa_restriction,
            "SPARestrictionDescription": self.spa_restriction_description,
            "QuantityAvailable": self.available,
            "TotalInventory": self.total,
            "QuantityOnOrder": self.on_order,
            "PricingError": not self.found,
            "PricingErrorDesc": None if self.found else PRICING_ERROR_DESC,
            "InventoryDisplay": self.inventory_display,
            "DealInfos": None
            if infos is None
            else [
                {
                    "DealID": d[0],
                    "DealDescription": d[1],
                    "DealExpirationDate": d[2],
                    "DealError": d[3],
                    "DealErrorDesc": d[4],
                }
                for d in infos
            ],
        }

    def to_json(self) -> str:
        """The same object as :meth:`as_dict`, as compact JSON text (the route's hot path)."""
        currency = "null" if self.currency is None else f'"{self.currency}"'
        infos = self.deal_infos
        if infos is None:
            infos_json = "null"
        else:
            infos_json = (
                "["
                + ",".join(
                    f'{{"DealID":{encode_str(d[0])},"DealDescription":{_opt(d[1])},'
                    f'"DealExpirationDate":{_opt(d[2])},"DealError":{_bool(d[3])},'
                    f'"DealErrorDesc":{_opt(d[4])}}}'
                    for d in infos
                )
                + "]"
            )
        return (
            f'{{"ItemNumber":{encode_str(self.item_input)},"Cost":{money_json(self.cost)},'
            f'"UnitPrice":{money_json(self.unit)},"UnitPriceCurrencyCode":{currency},'
            f'"ExtendedTotal":{money_json(self.extended)},"ExtendedTotalCurrency":{currency},'
            f'"MSRP":{money_json(self.msrp)},"MSRPCurrencyCode":{currency},'
            f'"DealerAuthorized":{_bool(self.dealer_authorized)},"SPA":{_bool(self.spa)},'
            f'"SPADescription":{_opt(self.spa_description)},'
            f'"SPARestriction":{_bool(self.spa_restriction)},'
            f'"SPARestrictionDescription":{_opt(self.spa_restriction_description)},'
            f'"QuantityAvailable":{self.available},"TotalInventory":{self.total},'
            f'"QuantityOnOrder":{self.on_order},"PricingError":{_bool(not self.found)},'
            f'"PricingErrorDesc":{"null" if self.found else _ERROR_DESC_JSON},'
            f'"InventoryDisplay":{_opt(self.inventory_display)},"DealInfos":{infos_json}}}'
        )


_ERROR_DESC_JSON: Final = encode_str(PRICING_ERROR_DESC)


def not_found(item_input: str) -> PricedLine:
    return PricedLine(
        item_input, False, 0, 0, 0, 0, None, False, False, None, False, None, 0, 0, 0, None, None
    )


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _opt(value: str | None) -> str:
    return "null" if value is None else str(encode_str(value))
