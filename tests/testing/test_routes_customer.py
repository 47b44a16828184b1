"""Customer routes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .simhelpers import Api, parse


async def test_customer(sim_api: Api) -> None:
    response = await sim_api.get("customer/1000003")
    assert response.json() == {"CustomerNumber": "1000003", "Name": "Fabrikam Europe GmbH"}


async def test_unknown_customer_is_404(sim_api: Api) -> None:
    for path in ("customer/42", "customer/creditdata/42/NA", "customer/payers/42/1712"):
        response = await sim_api.get(path)
        assert response.status_code == 404
        assert response.json() == {"statusCode": 404, "message": "Customer '42' not found"}


async def test_credit_data(sim_api: Api) -> None:
    response = await sim_api.get("customer/creditdata/1000001/na")
    data = parse(response)
    assert data["CustomerNumber"] == "1000001"
    assert data["Region"] == "NA"
    assert data["CustomerStatus"] == "Active"
    assert data["CurrencyCode"] == "USD"
    for field in ("CreditLimit", "CreditAvailable", "OpenOrderAmount", "OpenARAmount",
                  "RevenueYearToDate", "RevenuePriorYear"):  # fmt: skip
        assert isinstance(data[field], Decimal)
        assert data[field].as_tuple().exponent == -2
    assert data["CreditAvailable"] <= data["CreditLimit"]
    assert parse(await sim_api.get("customer/creditdata/1000001/NA")) == data  # deterministic
    hold = parse(await sim_api.get("customer/creditdata/1000004/NA"))
    assert hold["CustomerStatus"] == "Credit Hold"
    assert hold["CreditAvailable"] == 0
    eu = parse(await sim_api.get("customer/creditdata/1000003/EU"))
    assert eu["CurrencyCode"] == "EUR"


@pytest.mark.parametrize(
    ("path", "status"),
    [("customer/creditdata/1000001/MARS", 400), ("customer/creditdata/1000001/EU", 404)],
)
async def test_credit_data_region_errors(sim_api: Api, path: str, status: int) -> None:
    response = await sim_api.get(path)
    assert response.status_code == status
    assert response.json()["statusCode"] == status


async def test_payers(sim_api: Api) -> None:
    payers = (await sim_api.get("customer/payers/1000001/1712")).json()
    assert [p["PayerNumber"] for p in payers] == ["2000001", "2000011"]
    assert set(payers[0]) == {
        "PayerNumber", "Name", "City", "StateProvince", "CountryCode", "IsDefault"
    }  # fmt: skip
    assert [p["IsDefault"] for p in payers] == [True, False]
    bad = await sim_api.get("customer/payers/1000001/9999")
    assert bad.status_code == 400
    assert "BusinessUnit" in bad.json()["message"]
