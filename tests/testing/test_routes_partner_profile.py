"""Partner profile routes."""

from __future__ import annotations

import pytest

from .simhelpers import KEY, Api


async def test_profile(sim_api: Api) -> None:
    response = await sim_api.get(
        "partnerprofile", APIKey=KEY, developerEmail="Developer@Example.com"
    )
    profile = response.json()
    assert profile["DeveloperEmail"] == "developer@example.com"
    assert profile["Status"] == "Active"
    assert "1000001" in profile["CustomerNumbers"]
    assert {"Product", "Customer", "PartnerProfile"} <= set(profile["Apis"])
    assert KEY not in response.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"APIKey": "other", "developerEmail": "developer@example.com"}, 404),
        ({"APIKey": KEY, "developerEmail": "someone@example.com"}, 404),
        ({"developerEmail": "developer@example.com"}, 400),
        ({"APIKey": KEY}, 400),
    ],
)
async def test_profile_errors(sim_api: Api, params: dict[str, str], status: int) -> None:
    response = await sim_api.get("partnerprofile", **params)
    assert response.status_code == status
    assert response.json()["statusCode"] == status


@pytest.mark.parametrize(
    ("email", "url", "valid"),
    [
        ("developer@example.com", "product/pricing", True),
        ("developer@example.com", "https://api.example.invalid/customer/1000001?x=1", True),
        ("developer@example.com", "/nosuchapi/list", False),
        ("intruder@example.com", "product/pricing", False),
    ],
)
async def test_validate(sim_api: Api, email: str, url: str, valid: bool) -> None:
    response = await sim_api.get(
        "partnerprofile/validate", developerEmail=email, customerNumber="1000001", url=url
    )
    body = response.json()
    assert response.status_code == 200
    assert body["IsValid"] is valid
    assert (body["Message"] is None) is valid
    assert (body["DeveloperEmail"], body["CustomerNumber"], body["Url"]) == (email, "1000001", url)


async def test_validate_errors(sim_api: Api) -> None:
    missing = await sim_api.get("partnerprofile/validate", developerEmail="developer@example.com")
    assert missing.status_code == 400
    unknown = await sim_api.get(
        "partnerprofile/validate",
        developerEmail="developer@example.com", customerNumber="77", url="product/pricing",
    )  # fmt: skip
    assert unknown.status_code == 400
    assert "Invalid customer number" in unknown.json()["message"]
