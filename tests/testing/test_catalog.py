"""The catalog and the pricing oracle, without HTTP."""

from __future__ import annotations

import itertools
import json
import re
import time
from decimal import Decimal

import pytest

from scansource_async.testing import BIG_MANUFACTURER, DEFAULT_CUSTOMERS, Catalog, Simulator
from scansource_async.testing._catalog import PRICING_ERROR_DESC

NA, NA2, EU, HOLD = DEFAULT_CUSTOMERS


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(seed=0, size=50_000)


def first(catalog: Catalog, predicate: object, limit: int = 5_000) -> str:
    """The first item number (within ``limit`` items) whose item satisfies ``predicate``."""
    for item in itertools.islice(catalog.items(), limit):
        if predicate(item):  # type: ignore[operator]
            return item.item_number
    raise AssertionError("no such item in the first items")


def test_default_simulator_is_cheap_to_create() -> None:
    Simulator(seed=12345)  # warm imports
    started = time.perf_counter()
    Simulator(seed=54321, catalog_size=50_000)
    assert time.perf_counter() - started < 0.1


def test_item_numbers_follow_the_documented_pattern(catalog: Catalog) -> None:
    numbers = catalog.item_numbers
    assert len(numbers) == 50_000
    assert all(re.fullmatch(r"SS\d{7}", n) for n in numbers[:1000])
    assert len(set(numbers)) == 50_000
    assert numbers[-1] == numbers[49_999]
    assert numbers[10:13] == [numbers[10], numbers[11], numbers[12]]
    assert numbers[3] in numbers
    assert "SS" not in numbers
    with pytest.raises(IndexError):
        numbers[50_000]


def test_mpns_are_unique_and_look_up_both_ways(catalog: Catalog) -> None:
    mpns = catalog.manufacturer_part_numbers
    assert len(set(mpns)) == len(mpns)
    for index in range(0, 50_000, 997):
        item = catalog.item_at(index)
        assert item.item_number == catalog.item_numbers[index]
        assert item.manufacturer_part_number == mpns[index]
        assert catalog.item(item.item_number) is item
        assert catalog.item(f" {item.item_number.lower()} ") is item
        assert catalog.item_by_mpn(item.manufacturer_part_number.lower()) is item
        assert catalog.lookup(item.manufacturer_part_number, 2) is item
        assert catalog.lookup(item.manufacturer_part_number, 0) is item
        assert catalog.lookup(item.manufacturer_part_number, 1) is None
        assert catalog.lookup(item.item_number, 2) is None


def test_unknown_identifiers(catalog: Catalog) -> None:
    small = Catalog(seed=0, size=10)
    outside = next(n for n in Catalog(seed=0, size=100).item_numbers if small.item(n) is None)
    for bad in ("", "SS", "SS123", "XX1234567", "SS12345678", outside, "ZX000-000", "QQ123-456"):
        assert small.lookup(bad, 0) is None


def test_same_seed_same_catalog_other_seed_other_catalog() -> None:
    a, b, c = Catalog(seed=7, size=1000), Catalog(seed=7, size=1000), Catalog(seed=8, size=1000)
    assert a.item_numbers[:50] == b.item_numbers[:50]
    assert [a.product(n, customer_number=NA) for n in a.item_numbers[:50]] == [
        b.product(n, customer_number=NA) for n in b.item_numbers[:50]
    ]
    assert a.item_numbers[:50] != c.item_numbers[:50]
    assert a.manufacturer_part_numbers[:50] != c.manufacturer_part_numbers[:50]


def test_catalog_is_shared_per_seed_and_size() -> None:
    assert Catalog.shared(seed=3, size=100) is Catalog.shared(seed=3, size=100)
    assert Catalog.shared(seed=3, size=100) is not Catalog.shared(seed=4, size=100)


def test_prices_are_consistent(catalog: Catalog) -> None:
    for number in catalog.item_numbers[:300]:
        for customer in DEFAULT_CUSTOMERS:
            for quantity in (1, 7):
                p = catalog.product(number, customer_number=customer, quantity=quantity)
                money = [p[k] for k in ("Cost", "UnitPrice", "ExtendedTotal", "MSRP")]
                assert all(m.as_tuple().exponent == -2 for m in money)
                assert p["MSRP"] >= p["Cost"] >= p["UnitPrice"] > 0
                assert p["ExtendedTotal"] == p["UnitPrice"] * quantity
                expected = "EUR" if customer.region == "EU" else "USD"
                assert p["UnitPriceCurrencyCode"] == expected
                assert p["ExtendedTotalCurrency"] == p["MSRPCurrencyCode"] == expected


def test_customers_get_different_prices(catalog: Catalog) -> None:
    numbers = catalog.item_numbers[:100]
    a = [catalog.product(n, customer_number=NA)["Cost"] for n in numbers]
    b = [catalog.product(n, customer_number=NA2)["Cost"] for n in numbers]
    assert sum(x != y for x, y in zip(a, b, strict=True)) > 90
    # and the difference is not one constant factor
    assert len({(x / y).quantize(Decimal("0.001")) for x, y in zip(a, b, strict=True)}) > 10


def test_warehouse_sets_currency(catalog: Catalog) -> None:
    number = catalog.item_numbers[0]
    usd = catalog.product(number, customer_number=NA, warehouse="1710")
    eur = catalog.product(number, customer_number=NA, warehouse="2510")
    assert (usd["UnitPriceCurrencyCode"], eur["UnitPriceCurrencyCode"]) == ("USD", "EUR")
    assert eur["MSRP"] < usd["MSRP"]
    assert catalog.product(number, customer_number=EU)["UnitPriceCurrencyCode"] == "EUR"


def test_stock_variety(catalog: Catalog) -> None:
    displays = {
        "number": first(catalog, lambda i: i.stock["1710"].available > 0),
        "on order": first(catalog, lambda i: i.stock["1710"].display == "On Order"),
        "call": first(catalog, lambda i: i.stock["1710"].display == "Call for ETA"),
    }
    p = catalog.product(displays["number"], customer_number=NA)
    assert p["InventoryDisplay"] == str(p["QuantityAvailable"])
    assert p["TotalInventory"] >= p["QuantityAvailable"] > 0
    p = catalog.product(displays["on order"], customer_number=NA)
    assert (p["QuantityAvailable"], p["InventoryDisplay"]) == (0, "On Order")
    assert p["QuantityOnOrder"] > 0
    p = catalog.product(displays["call"], customer_number=NA)
    assert (p["QuantityAvailable"], p["QuantityOnOrder"], p["InventoryDisplay"]) == (
        0,
        0,
        "Call for ETA",
    )


def test_automatic_spa(catalog: Catalog) -> None:
    number = first(catalog, lambda i: i.deal is not None and i.deal.kind == "automatic")
    p = catalog.product(number, customer_number=NA, quantity=3)
    assert p["SPA"] is True
    assert p["SPARestriction"] is False
    assert p["UnitPrice"] < p["Cost"]
    assert isinstance(p["SPADescription"], str)
    (deal,) = p["DealInfos"]
    assert deal["DealError"] is False
    assert isinstance(deal["DealExpirationDate"], str)


def test_restricted_spa_applies_only_within_its_quantities(catalog: Catalog) -> None:
    item = catalog.item(
        first(catalog, lambda i: i.deal is not None and i.deal.kind == "restricted")
    )
    assert item is not None
    assert item.deal is not None
    low, high = item.deal.min_quantity, item.deal.max_quantity
    inside = catalog.product(item.item_number, customer_number=NA, quantity=low)
    below = catalog.product(item.item_number, customer_number=NA, quantity=low - 1)
    above = catalog.product(item.item_number, customer_number=NA, quantity=high + 1)
    assert inside["SPA"] is True
    assert inside["UnitPrice"] < inside["Cost"]
    for outside in (below, above):
        assert outside["SPA"] is False
        assert outside["UnitPrice"] == outside["Cost"]
        assert outside["DealInfos"][0]["DealError"] is True
    for p in (inside, below, above):
        assert p["SPARestriction"] is True
        assert f"Min qty {low}, max qty {high}" in p["SPARestrictionDescription"]


def test_deal_specific_spa_needs_its_deal_id(catalog: Catalog) -> None:
    item = catalog.item(
        first(catalog, lambda i: i.deal is not None and i.deal.kind == "deal_specific")
    )
    assert item is not None
    assert item.deal is not None
    without = catalog.product(item.item_number, customer_number=NA)
    with_id = catalog.product(item.item_number, customer_number=NA, deal_ids=[item.deal.deal_id])
    wrong = catalog.product(item.item_number, customer_number=NA, deal_ids=["DL1"])
    assert without["SPA"] is False
    assert without["DealInfos"] == []
    assert with_id["SPA"] is True
    assert with_id["UnitPrice"] < with_id["Cost"]
    assert wrong["SPA"] is False
    assert wrong["DealInfos"] == [
        {
            "DealID": "DL1",
            "DealDescription": None,
            "DealExpirationDate": None,
            "DealError": True,
            "DealErrorDesc": "Deal DL1 is not valid for this item",
        }
    ]


def test_some_items_are_not_dealer_authorized(catalog: Catalog) -> None:
    number = first(catalog, lambda i: not i.dealer_authorized)
    assert catalog.product(number, customer_number=NA)["DealerAuthorized"] is False


def test_customer_numbers_or_customers(catalog: Catalog) -> None:
    number = catalog.item_numbers[9]
    assert catalog.product(number, customer_number="1000003") == catalog.product(
        number, customer_number=EU
    )
    assert catalog.product(number, customer_number="555") == Simulator(
        customer_number="555"
    ).product(number)


def test_unknown_item_is_a_pricing_error(catalog: Catalog) -> None:
    p = catalog.product("NOPE-1", customer_number=NA, quantity=3)
    assert p["PricingError"] is True
    assert p["PricingErrorDesc"] == PRICING_ERROR_DESC
    assert p["ItemNumber"] == "NOPE-1"
    assert p["UnitPrice"] == p["ExtendedTotal"] == Decimal("0.00")
    assert p["DealInfos"] is None
    assert p["UnitPriceCurrencyCode"] is None


def test_rendered_json_equals_the_oracle(catalog: Catalog) -> None:
    for n, number in enumerate(catalog.item_numbers[:200]):
        line = catalog.price_line(number, NA, quantity=n % 9 + 1, deal_ids=["DLX"] * (n % 2))
        assert json.loads(line.to_json(), parse_float=Decimal) == line.as_dict()


def test_big_manufacturer_count_is_exact() -> None:
    for size in (1, 39, 40, 41, 5_000):
        small = Catalog(seed=1, size=size)
        expected = -(-size // 40)
        assert small.count_manufacturer(BIG_MANUFACTURER) == expected
        assert len(small.search(manufacturer="zentrix")) == expected


def test_search_filters() -> None:
    small = Catalog(seed=2, size=3_000)
    everything = small.search(include_obsolete=True)
    assert len(everything) == 3_000
    numbers = [small.item_at(i).item_number for i in everything]
    assert numbers == sorted(numbers)
    active = small.search()
    assert 0 < 3_000 - len(active) < 300  # a few obsolete items are hidden by default
    scanners = small.search(category_path="Barcode/Scanners")
    assert scanners
    assert all(small.item_at(i).category_path.startswith("Barcode/Scanners/") for i in scanners)
    assert not small.search(category_path="Barcode/Scan")  # whole segments only
    both = small.search(search_text="rugged camera", use_and_operator=True)
    either = small.search(search_text="rugged camera")
    assert both
    assert set(both) < set(either)
    item = small.item_at(123)
    assert 123 in small.search(item_number=item.item_number[:6], include_obsolete=True)
    assert small.search(
        item_number=item.manufacturer_part_number, part_number_type=2, include_obsolete=True
    ) == [123]
    assert not small.search(item_number=item.manufacturer_part_number, part_number_type=1)


def test_catalog_size_is_validated() -> None:
    with pytest.raises(ValueError, match="catalog size"):
        Catalog(size=0)
