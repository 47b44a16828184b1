"""The cattrs converter: PascalCase <-> snake_case, exact Decimal money, tolerant reading."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from scansource_async import (
    CreditData,
    InvalidResponseError,
    PartnerProfile,
    Product,
    ScanSourceClient,
)
from scansource_async._convert import converter, json_key, json_name, structure, unstructure
from scansource_async._response import decode_body


@attrs.frozen(kw_only=True)
class Line:
    item_number: str
    quantity: int = 1


@attrs.frozen(kw_only=True)
class Sample:
    item_number: str | None = None
    msrp: Decimal | None = None
    unit_price: Decimal | None = None
    spa_description: str | None = None
    deal_id: str | None = None
    deal_ids: tuple[str, ...] = ()
    po_number: str | None = None
    end_user_po: str | None = None
    mac_address: str | None = None
    rma_number: str | None = None
    in_stock: bool | None = None
    quantity: int | None = None
    ship_date: date | None = None
    updated_at: datetime | None = None
    lines: tuple[Line, ...] = ()
    items: tuple[str, ...] = attrs.field(default=(), metadata=json_key("items"))


def test_json_names() -> None:
    names = {field.name: json_name(field) for field in attrs.fields(Sample)}
    assert names == {
        "item_number": "ItemNumber",
        "msrp": "MSRP",
        "unit_price": "UnitPrice",
        "spa_description": "SPADescription",
        "deal_id": "DealID",
        "deal_ids": "DealIDs",
        "po_number": "PONumber",
        "end_user_po": "EndUserPO",
        "mac_address": "MACAddress",
        "rma_number": "RMANumber",
        "in_stock": "InStock",
        "quantity": "Quantity",
        "ship_date": "ShipDate",
        "updated_at": "UpdatedAt",
        "lines": "Lines",
        "items": "items",
    }


FULL = {
    "ItemNumber": "ABC-123",
    "MSRP": Decimal("199.99"),
    "UnitPrice": Decimal("12.30"),
    "SPADescription": "deal",
    "DealID": "D1",
    "DealIDs": ["D1", "D2"],
    "PONumber": "PO-9",
    "EndUserPO": "EU-1",
    "MACAddress": "00:11",
    "RMANumber": "R1",
    "InStock": True,
    "Quantity": 5,
    "ShipDate": "2026-03-01",
    "UpdatedAt": "2026-03-01T08:30:00+00:00",
    "Lines": [{"ItemNumber": "X", "Quantity": 2}],
    "items": ["a"],
}


def test_structure_maps_every_field() -> None:
    sample = structure(FULL, Sample)
    assert sample.item_number == "ABC-123"
    assert sample.msrp == Decimal("199.99")
    assert sample.spa_description == "deal"
    assert sample.deal_id == "D1"
    assert sample.deal_ids == ("D1", "D2")
    assert sample.po_number == "PO-9"
    assert sample.end_user_po == "EU-1"
    assert sample.mac_address == "00:11"
    assert sample.rma_number == "R1"
    assert sample.in_stock is True
    assert sample.quantity == 5
    assert sample.ship_date == date(2026, 3, 1)
    assert sample.updated_at == datetime.fromisoformat("2026-03-01T08:30:00+00:00")
    assert sample.lines == (Line(item_number="X", quantity=2),)
    assert sample.items == ("a",)


def test_unstructure_round_trips() -> None:
    sample = structure(FULL, Sample)
    data = unstructure(sample)
    assert data["MSRP"] == Decimal("199.99")
    assert data["DealIDs"] == ["D1", "D2"]
    assert data["Lines"] == [{"ItemNumber": "X", "Quantity": 2}]
    assert data["ShipDate"] == "2026-03-01"
    assert data["UpdatedAt"] == "2026-03-01T08:30:00+00:00"
    assert structure(data, Sample) == sample


def test_unstructure_leaves_out_unset_optional_fields() -> None:
    assert unstructure(Sample(item_number="A", unit_price=Decimal("1.10"))) == {
        "ItemNumber": "A",
        "UnitPrice": Decimal("1.10"),
        "DealIDs": [],
        "Lines": [],
        "items": [],
    }


def test_unstructured_decimal_is_sent_exactly() -> None:
    from scansource_async._json import dumps

    body = dumps(unstructure(Line(item_number="A", quantity=3)) | {"Price": Decimal("12.30")})
    assert body == b'{"ItemNumber":"A","Quantity":3,"Price":12.3}'


# -- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["12.30", "0.10", "19999999.99", "0.01", "-3.50", "1E+3", "7"])
def test_money_keeps_its_digits_from_json(raw: str) -> None:
    data = decode_body("application/json", f'{{"UnitPrice": {raw}, "MSRP": "{raw}"}}'.encode())
    sample = structure(data, Sample)
    assert isinstance(sample.unit_price, Decimal)
    assert str(sample.unit_price) == str(Decimal(raw))
    assert sample.unit_price.as_tuple() == Decimal(raw).as_tuple()
    assert sample.msrp == Decimal(raw), "money sent as a string is read too"


def test_credit_data_model_keeps_money_exact() -> None:
    raw = b'{"CustomerNumber": "1", "CreditLimit": 12.30, "CreditAvailable": 0.10,'
    raw += b' "OpenOrderAmount": 19999999.99, "RevenueYTD": 5}'
    credit = structure(decode_body("application/json", raw), CreditData)
    assert str(credit.credit_limit) == "12.30"
    assert str(credit.credit_available) == "0.10"
    assert str(credit.open_order_amount) == "19999999.99"
    assert credit.revenue_ytd is None or credit.revenue_ytd == 5


def test_a_float_is_read_by_its_shortest_repr() -> None:
    assert structure({"UnitPrice": 0.1}, Sample).unit_price == Decimal("0.1")


# -- tolerance ----------------------------------------------------------------------------------


def test_unknown_keys_are_ignored_and_missing_keys_default() -> None:
    sample = structure({"ItemNumber": "A", "BrandNewField": {"x": 1}, "itemnumber": "b"}, Sample)
    assert sample == Sample(item_number="A")


def test_null_values() -> None:
    sample = structure(
        {"DealIDs": None, "Lines": None, "MSRP": None, "InStock": None, "items": None}, Sample
    )
    assert sample.deal_ids == ()
    assert sample.lines == ()
    assert sample.items == ()
    assert sample.msrp is None
    assert sample.in_stock is None


def test_null_list_in_a_real_model() -> None:
    profile = structure({"CustomerNumbers": None, "Active": "true"}, PartnerProfile)
    assert profile.customer_numbers == ()
    assert profile.active is True


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("True", True),
        (" FALSE ", False),
        ("false", False),
        (1, True),
        (0, False),
    ],
)
def test_booleans(raw: Any, value: bool) -> None:
    assert structure({"InStock": raw}, Sample).in_stock is value


@pytest.mark.parametrize(("raw", "value"), [(5, 5), ("12", 12), (" 7 ", 7), (Decimal("3.0"), 3)])
def test_integers(raw: Any, value: int) -> None:
    quantity = structure({"Quantity": raw}, Sample).quantity
    assert quantity == value
    assert type(quantity) is int


def test_numbers_as_text_fields() -> None:
    sample = structure({"ItemNumber": 123, "PONumber": Decimal("4.50")}, Sample)
    assert sample.item_number == "123"
    assert sample.po_number == "4.50"


def test_dates() -> None:
    sample = structure({"ShipDate": "2026-03-01T00:00:00", "UpdatedAt": "2026-03-01"}, Sample)
    assert sample.ship_date == date(2026, 3, 1)
    assert sample.updated_at == datetime(2026, 3, 1)


@pytest.mark.parametrize(
    "data",
    [
        {"UnitPrice": "twelve"},
        {"UnitPrice": True},
        {"UnitPrice": [1]},
        {"InStock": "maybe"},
        {"InStock": 2},
        {"Quantity": True},
        {"Quantity": "1.5"},
        {"Quantity": Decimal("1.5")},
        {"ItemNumber": {"a": 1}},
        {"ItemNumber": True},
        {"DealIDs": "D1"},
        {"DealIDs": {"a": 1}},
        {"Lines": [{"Quantity": 1}]},
        {"ShipDate": "yesterday"},
        {"UpdatedAt": 12},
        [],
        "text",
        None,
    ],
    ids=repr,
)
def test_bad_shapes_raise_invalid_response(data: Any) -> None:
    with pytest.raises(InvalidResponseError) as info:
        structure(data, Sample, what="sample")
    assert "sample" in str(info.value)
    assert info.value.status_code == 200


def test_bad_list_elements_raise_invalid_response() -> None:
    with pytest.raises(InvalidResponseError):
        structure([{"ItemNumber": "a"}, "b"], tuple[Line, ...])


def test_hooks_are_built_once_per_class() -> None:
    assert converter.get_structure_hook(Sample) is converter.get_structure_hook(Sample)
    assert converter.get_unstructure_hook(Sample) is converter.get_unstructure_hook(Sample)


def test_structure_of_a_list_of_models() -> None:
    raw = json.loads('[{"ItemNumber": "A"}, {"ItemNumber": "B", "Quantity": 3}]')
    assert structure(raw, tuple[Line, ...]) == (
        Line(item_number="A"),
        Line(item_number="B", quantity=3),
    )


def test_enums_structure_to_members_with_an_unknown_fallback() -> None:
    from scansource_async import PartNumberType, Warehouse
    from scansource_async.models.sales_orders import SalesOrderStatus

    assert structure("2510", Warehouse) is Warehouse.EUROPE
    assert structure(2, PartNumberType) is PartNumberType.MANUFACTURER_PART_NUMBER
    assert structure(7, PartNumberType) is PartNumberType.UNKNOWN
    assert structure("completely shipped", SalesOrderStatus) is SalesOrderStatus.COMPLETELY_SHIPPED
    assert structure("Brand new status", SalesOrderStatus) is SalesOrderStatus.UNKNOWN


# -- a malformed value is named by its JSON path ---------------------------------------------------


def _priced(item: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"ItemNumber": item, "UnitPrice": "14.99", "MSRP": "19.99"}
    row.update(changes)
    return row


def test_a_bad_value_is_named_by_its_path() -> None:
    data = [_priced("A"), _priced("B"), _priced("C"), _priced("D", UnitPrice="abc")]
    with pytest.raises(InvalidResponseError) as info:
        structure(data, tuple[Product, ...], what="pricing response")
    assert str(info.value) == (
        "the pricing response does not have the expected shape:"
        " $[3].UnitPrice: invalid Decimal 'abc'"
    )


def test_nested_and_several_bad_values_are_each_named() -> None:
    row = _priced("A", DealInfos=[{"DealID": "D1"}, {"DealError": "maybe"}], QuantityAvailable="x")
    with pytest.raises(InvalidResponseError) as info:
        structure(row, Product)
    message = str(info.value)
    assert "$.QuantityAvailable: invalid int 'x'" in message
    assert "$.DealInfos[1].DealError: invalid bool 'maybe'" in message
    with pytest.raises(InvalidResponseError, match=r"\$\.DealInfos: expected a list, got dict"):
        structure(_priced("A", DealInfos={"DealID": "D1"}), Product)
    with pytest.raises(InvalidResponseError, match=r"\$\[1\]: expected an object for Product"):
        structure([_priced("A"), "B"], tuple[Product, ...])


def test_many_bad_values_are_reported_by_the_first_few() -> None:
    row = dict.fromkeys(("Cost", "UnitPrice", "MSRP", "SPA", "QuantityAvailable"), "?")
    with pytest.raises(InvalidResponseError) as info:
        structure(row, Product)
    assert str(info.value).endswith("(and 2 more)")


def test_the_bad_value_is_quoted_cut_short() -> None:
    leaked = "x" * 40 + "TAIL-THAT-MUST-NOT-APPEAR" + "y" * 10_000
    with pytest.raises(InvalidResponseError) as info:
        structure([_priced("A", UnitPrice=leaked)], tuple[Product, ...])
    message = str(info.value)
    assert message.startswith("the response does not have the expected shape: $[0].UnitPrice:")
    assert "TAIL-THAT-MUST-NOT-APPEAR" not in message
    assert len(message) < 200


async def test_a_malformed_pricing_answer_names_the_field(
    api: respx.MockRouter, client: ScanSourceClient
) -> None:
    secret_like = "Bearer " + "s" * 60 + "-END"
    rows = [_priced(f"IT-{n}") for n in range(5)]
    rows[3]["UnitPrice"] = secret_like
    api.post(path__regex=r".*/pricing$").respond(200, json=rows)
    with pytest.raises(InvalidResponseError) as info:
        await client.products.pricing([f"IT-{n}" for n in range(5)])
    message = str(info.value)
    assert "$[3].UnitPrice: invalid Decimal 'Bearer sss" in message
    assert "-END" not in message and "s" * 60 not in message
