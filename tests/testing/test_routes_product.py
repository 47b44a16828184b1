"""Product routes: pricing, availability, search, detail, against the seeds' shapes."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

import pytest

from scansource_async.testing import BIG_MANUFACTURER, Simulator

from .simhelpers import Api, OpenApi, parse

# Every Product field of seeds/product-pricing.txt and its JSON type (None allowed for strings).
PRODUCT_FIELDS: dict[str, type] = {
    "ItemNumber": str,
    "Cost": Decimal,
    "UnitPrice": Decimal,
    "UnitPriceCurrencyCode": str,
    "ExtendedTotal": Decimal,
    "ExtendedTotalCurrency": str,
    "MSRP": Decimal,
    "MSRPCurrencyCode": str,
    "DealerAuthorized": bool,
    "SPA": bool,
    "SPADescription": str,
    "SPARestriction": bool,
    "SPARestrictionDescription": str,
    "QuantityAvailable": int,
    "TotalInventory": int,
    "QuantityOnOrder": int,
    "PricingError": bool,
    "PricingErrorDesc": str,
    "InventoryDisplay": str,
    "DealInfos": list,
}
DEAL_FIELDS: dict[str, type] = {
    "DealID": str,
    "DealDescription": str,
    "DealExpirationDate": str,
    "DealError": bool,
    "DealErrorDesc": str,
}
MONEY = ("Cost", "UnitPrice", "ExtendedTotal", "MSRP")


def check_product(product: dict[str, Any]) -> None:
    assert set(product) == set(PRODUCT_FIELDS)
    for field, kind in PRODUCT_FIELDS.items():
        value = product[field]
        if kind is str or field == "DealInfos":
            assert value is None or isinstance(value, kind), field
        elif kind is int:
            assert type(value) is int, field
        else:
            assert isinstance(value, kind), field
    for field in MONEY:
        assert product[field].as_tuple().exponent == -2, (field, product[field])
    for deal in product["DealInfos"] or []:
        assert set(deal) == set(DEAL_FIELDS)
        assert isinstance(deal["DealError"], bool)
        assert isinstance(deal["DealID"], str)


def interesting_items(sim: Simulator) -> list[str]:
    """Items covering every kind of stock and deal (found within the first items)."""
    kinds = {
        "on order": lambda i: i.stock["1710"].display == "On Order",
        "call": lambda i: i.stock["1710"].display == "Call for ETA",
        "auto": lambda i: i.deal is not None and i.deal.kind == "automatic",
        "restricted": lambda i: i.deal is not None and i.deal.kind == "restricted",
        "specific": lambda i: i.deal is not None and i.deal.kind == "deal_specific",
        "unauthorized": lambda i: not i.dealer_authorized,
    }
    items = list(itertools.islice(sim.catalog.items(), 2_000))
    return [next(i.item_number for i in items if test(i)) for test in kinds.values()]


# -- pricing -----------------------------------------------------------------------------------


async def test_pricing_honours_the_seed_shapes_and_the_oracle(sim_api: Api) -> None:
    sim = sim_api.sim
    numbers = [*interesting_items(sim), "NOT-AN-ITEM"]
    deal_item = sim.catalog.item(numbers[4])
    assert deal_item is not None
    assert deal_item.deal is not None
    lines = [
        {
            "ItemNumber": n,
            "Quantity": q,
            "PartNumberType": 0,
            "DealIDs": ["DLX"] if q == 2 else None,
        }
        for n, q in zip(numbers, itertools.cycle([1, 2, 3, 7]))
    ]
    response = await sim_api.pricing(lines, DealID1=deal_item.deal.deal_id)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    products = parse(response)
    assert len(products) == len(lines)
    for line, product in zip(lines, products, strict=True):
        check_product(product)
        deals = [*(line["DealIDs"] or []), deal_item.deal.deal_id]
        assert product == sim.product(line["ItemNumber"], quantity=line["Quantity"], deal_ids=deals)
    assert products[-1]["PricingError"] is True
    assert products[-1]["PricingErrorDesc"] == "Item # not found"
    assert products[4]["SPA"] is True  # DealID1 applies to every line
    # money goes out as plain JSON numbers with two decimals
    assert re.search(r'"Cost":\d+\.\d\d,', response.text)


async def test_same_seed_same_json_other_seed_other_json(open_api: OpenApi) -> None:
    bodies = []
    for seed in (5, 5, 6):
        sim = Simulator(api_layout="legacy", seed=seed)
        async with open_api(sim) as api:
            lines = [
                {"ItemNumber": n, "Quantity": 3}
                for n in Simulator(api_layout="legacy", seed=5).catalog.item_numbers[:20]
            ]
            bodies.append((await api.pricing(lines)).text)
    assert bodies[0] == bodies[1]
    assert bodies[0] != bodies[2]


async def test_customers_see_different_prices(sim_api: Api) -> None:
    lines = [{"ItemNumber": n, "Quantity": 1} for n in sim_api.sim.catalog.item_numbers[:20]]
    a = parse(await sim_api.pricing(lines, "1000001"))
    b = parse(await sim_api.pricing(lines, "1000002"))
    eu = parse(await sim_api.pricing(lines, "1000003"))
    assert sum(x["UnitPrice"] != y["UnitPrice"] for x, y in zip(a, b, strict=True)) >= 18
    assert {p["UnitPriceCurrencyCode"] for p in eu} == {"EUR"}


async def test_warehouse_and_customer_in_the_body(sim_api: Api) -> None:
    number = sim_api.sim.catalog.item_numbers[1]
    response = await sim_api.post(
        "product/pricing",
        {
            "CustomerNumber": "1000002",
            "Warehouse": "2510",
            "Lines": [{"ItemNumber": number, "Quantity": 1}],
        },
    )
    (product,) = parse(response)
    assert product == sim_api.sim.product(number, customer_number="1000002", warehouse="2510")


async def test_manufacturer_part_number_lookup(sim_api: Api) -> None:
    item = sim_api.sim.catalog.item_at(42)
    lines = [
        {"ItemNumber": item.manufacturer_part_number, "PartNumberType": 2, "Quantity": 1},
        {"ItemNumber": item.manufacturer_part_number, "PartNumberType": 1, "Quantity": 1},
        {"ItemNumber": item.item_number, "PartNumberType": "ItemNumber", "Quantity": 1},
    ]
    by_mpn, by_wrong_type, by_name = parse(await sim_api.pricing(lines))
    assert by_mpn["PricingError"] is False
    assert by_mpn["ItemNumber"] == item.manufacturer_part_number
    assert by_mpn["UnitPrice"] == by_name["UnitPrice"]
    assert by_wrong_type["PricingError"] is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Lines is required"),
        ({"Lines": []}, "at least one line"),
        ({"Lines": {}}, "Lines must be an array"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}] * 41}, "Too many lines: 41"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}, {"Quantity": 1}]}, "Lines[1].ItemNumber"),
        ({"Lines": [{"ItemNumber": "", "Quantity": 1}]}, "Lines[0].ItemNumber"),
        ({"Lines": [{"ItemNumber": 5, "Quantity": 1}]}, "Lines[0].ItemNumber"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}, {"ItemNumber": "A", "Quantity": 0}]},
         "Lines[1].Quantity must be between 1"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": -3}]}, "Lines[0].Quantity"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1.5}]}, "Lines[0].Quantity must be an integer"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": "2"}]}, "Lines[0].Quantity must be an integer"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": True}]}, "Quantity must be an integer"),
        ({"Lines": [{"ItemNumber": "A"}]}, "Lines[0].Quantity is required"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1, "PartNumberType": 4}]},
         "Lines[0].PartNumberType"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1, "DealIDs": "D"}]}, "Lines[0].DealIDs"),
        ({"Lines": ["A"]}, "Lines[0] must be an object"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}], "Warehouse": "9999"}, "Warehouse '9999'"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}], "BusinessUnit": "1"}, "BusinessUnit"),
        ({"Lines": [{"ItemNumber": "A", "Quantity": 1}], "CustomerNumber": "1000002"},
         "does not match"),
        ([{"ItemNumber": "A", "Quantity": 1}], "must be a JSON object"),
    ],
)  # fmt: skip
async def test_pricing_rejects_bad_requests(sim_api: Api, body: Any, message: str) -> None:
    response = await sim_api.post("product/pricing", body, customerNumber="1000001")
    assert response.status_code == 400, response.text
    assert message in response.json()["message"]


async def test_max_lines_is_configurable(open_api: OpenApi) -> None:
    async with open_api(Simulator(api_layout="legacy", max_lines=3)) as api:
        line = {"ItemNumber": api.sim.catalog.item_numbers[0], "Quantity": 1}
        assert (await api.pricing([line] * 3)).status_code == 200
        response = await api.pricing([line] * 4)
        assert response.status_code == 400
        assert response.json()["message"] == "Too many lines: 4 (at most 3 per request)"


@pytest.mark.parametrize("customer", ["", "9999999"])
async def test_pricing_unknown_or_missing_customer(sim_api: Api, customer: str) -> None:
    response = await sim_api.pricing([{"ItemNumber": "A", "Quantity": 1}], customer)
    assert response.status_code == 400
    expected = "Invalid customer number" if customer else "customerNumber is required"
    assert expected in response.json()["message"]


# -- availability ------------------------------------------------------------------------------


async def test_availability_shape_and_oracle(sim_api: Api) -> None:
    sim = sim_api.sim
    numbers = [*sim.catalog.item_numbers[:3], "NOPE"]
    body = {"CustomerNumber": "1000001", "Warehouses": ["1710", "2510"], "ItemNumbers": numbers}
    response = await sim_api.post("product/availability", body, customerNumber="1000001")
    assert response.status_code == 200
    result = response.json()
    assert list(result) == ["items"]
    entries = result["items"]
    assert len(entries) == 8
    expected = [sim.availability(n, w) for n in numbers for w in ("1710", "2510")]
    assert entries == expected
    for entry in entries:
        assert set(entry) == {
            "Warehouse", "MaterialNumber", "QuantityAvailable", "ErrorFlag", "ErrorDescription"
        }  # fmt: skip
        assert type(entry["QuantityAvailable"]) is int
        assert isinstance(entry["ErrorFlag"], bool)
    assert entries[-1]["ErrorFlag"] is True
    assert entries[-1]["ErrorDescription"]
    # consistent with pricing's QuantityAvailable
    priced = parse(await sim_api.pricing([{"ItemNumber": numbers[0], "Quantity": 1}]))
    assert priced[0]["QuantityAvailable"] == entries[0]["QuantityAvailable"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"ItemNumbers": ["A"]}, "Warehouses is required"),
        ({"Warehouses": [], "ItemNumbers": ["A"]}, "Warehouses is required"),
        ({"Warehouses": ["1710", "77"], "ItemNumbers": ["A"]}, "Warehouses[1] '77'"),
        ({"Warehouses": ["1710"]}, "ItemNumbers is required"),
        ({"Warehouses": ["1710"], "ItemNumbers": ["A"] * 41}, "Too many item numbers: 41"),
        ({"Warehouses": ["1710"], "ItemNumbers": ["A", 3]}, "ItemNumbers[1]"),
        ({"Warehouses": ["1710"], "ItemNumbers": ["A"], "PartNumberType": 9}, "PartNumberType"),
    ],
)
async def test_availability_rejects_bad_requests(sim_api: Api, body: Any, message: str) -> None:
    response = await sim_api.post("product/availability", body, customerNumber="1000001")
    assert response.status_code == 400, response.text
    assert message in response.json()["message"]


# -- search ------------------------------------------------------------------------------------


async def test_search_pages_through_the_big_manufacturer(sim_api: Api) -> None:
    sim = sim_api.sim
    expected_count = sim.catalog.count_manufacturer(BIG_MANUFACTURER)
    assert expected_count == 1_250  # documented for the default catalog
    seen: list[dict[str, Any]] = []
    for page in itertools.count(1):
        response = await sim_api.get(
            "product/search", customerNumber="1000001", manufacturer=BIG_MANUFACTURER,
            page=page, pageSize=1000,
        )  # fmt: skip
        assert response.status_code == 200
        assert response.headers["X-Total-Count"] == str(expected_count)
        batch = parse(response)
        seen.extend(batch)
        if len(batch) < 1000:
            break
    assert page == 2
    assert len(seen) == expected_count
    numbers = [entry["ItemNumber"] for entry in seen]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == expected_count
    entry = seen[0]
    assert set(entry) == {
        "ItemNumber", "ManufacturerItemNumber", "Manufacturer", "Description", "CatalogName",
        "CategoryPath", "BusinessUnit", "ItemStatus", "MSRP", "MSRPCurrencyCode",
    }  # fmt: skip
    assert entry["Manufacturer"] == BIG_MANUFACTURER
    assert entry["MSRP"].as_tuple().exponent == -2
    past_end = await sim_api.get(
        "product/search", customerNumber="1000001", manufacturer=BIG_MANUFACTURER, page=3,
        pageSize=1000,
    )  # fmt: skip
    assert past_end.json() == []


async def test_search_parameters(sim_api: Api) -> None:
    def search(**params: Any) -> Any:
        return sim_api.get("product/search", customerNumber="1000001", **params)

    default = parse(await search(searchText="rugged scanner", useAndOperator="true"))
    assert len(default) == 100  # default page size
    assert all("rugged" in e["Description"].lower() for e in default)
    assert all("scanner" in e["Description"].lower() for e in default)
    eu = parse(await search(searchText="rugged scanner", useAndOperator="true", region="EU"))
    assert {e["MSRPCurrencyCode"] for e in eu} == {"EUR"}
    item = sim_api.sim.catalog.item_at(7)
    by_mpn = parse(
        await search(
            itemNumber=item.manufacturer_part_number, partNumberType=2, includeObsolete="true"
        )
    )
    assert [e["ItemNumber"] for e in by_mpn] == [item.item_number]
    by_catalog = parse(
        await search(catalogName="security", categoryPath="Security/Cameras", pageSize=5)
    )
    assert len(by_catalog) == 5
    assert all(e["CategoryPath"] == "Security/Cameras" for e in by_catalog)
    obsolete = parse(await search(includeObsolete="true", searchText="a", pageSize=1000))
    assert any(e["ItemStatus"] == "Obsolete" for e in obsolete)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"pageSize": 1001}, "pageSize must be between 1 and 1000"),
        ({"pageSize": 0}, "pageSize"),
        ({"page": 0}, "page must be between"),
        ({"page": "x"}, "page must be an integer"),
        ({"includeObsolete": "maybe"}, "includeObsolete must be true or false"),
        ({"partNumberType": 7}, "partNumberType"),
        ({"region": "MARS"}, "Invalid region"),
        ({"customerNumber": "42"}, "Invalid customer number"),
    ],
)
async def test_search_rejects_bad_parameters(
    sim_api: Api, params: dict[str, Any], message: str
) -> None:
    response = await sim_api.get("product/search", **{"customerNumber": "1000001", **params})
    assert response.status_code == 400
    assert message in response.json()["message"]


# -- detail ------------------------------------------------------------------------------------


async def test_detail(sim_api: Api) -> None:
    item = sim_api.sim.catalog.item_at(3)
    response = await sim_api.get(
        "product/detail", customerNumber="1000001", itemNumber=item.item_number
    )
    detail = parse(response)
    assert detail == sim_api.sim.catalog.detail(item.item_number, "1710")
    assert detail["ManufacturerItemNumber"] == item.manufacturer_part_number
    assert len(detail["UPC"]) == 12
    assert detail["Weight"].as_tuple().exponent == -2
    by_mpn = await sim_api.get(
        "product/detail", customerNumber="1000001", itemNumber=item.manufacturer_part_number,
        partNumberType=2,
    )  # fmt: skip
    assert by_mpn.json()["ItemNumber"] == item.item_number


async def test_detail_unknown_item_is_404(sim_api: Api) -> None:
    response = await sim_api.get(
        "product/detail", customerNumber="1000001", itemNumber="SS0000000X"
    )
    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "message": "Item 'SS0000000X' not found"}
    missing = await sim_api.get("product/detail", customerNumber="1000001")
    assert missing.status_code == 400
