"""client.partner_profile against respx: query parameters, models, and the key in the query."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from scansource_async import (
    BadRequestError,
    NotFoundError,
    PartnerProfile,
    PartnerProfileValidation,
    ScanSourceClient,
    ValidationError,
)
from tests.helpers import SUBSCRIPTION_KEY, Script, assert_no_secrets, raises, reply
from tests.helpers import make_client as make_any_client


def make_client(**options: object) -> ScanSourceClient:
    """These tests pin the seeds' paths: the legacy layout sends them unchanged."""
    return make_any_client(**{"api_layout": "legacy", **options})


@pytest.fixture
def recorded(api: respx.MockRouter) -> Script:
    script = Script(reply(200, json={}))
    api.route(host="api.test.invalid").mock(side_effect=script)
    return script


async def test_get_sends_the_subscription_key_and_email(api: respx.MockRouter) -> None:
    route = api.get("partnerprofile").respond(
        json={
            "DeveloperEmail": "dev@example.com",
            "CompanyName": "Northwind",
            "CustomerNumbers": ["1000001", "1000002"],
            "Active": "True",
            "Extra": {"ignored": True},
        }
    )
    async with make_client() as client:
        profile = await client.partner_profile.get("dev@example.com")
    assert profile == PartnerProfile(
        developer_email="dev@example.com",
        company_name="Northwind",
        customer_numbers=("1000001", "1000002"),
        active=True,
    )
    request = route.calls.last.request
    assert request.url.path == "/partnerprofile"
    assert dict(request.url.params) == {
        "APIKey": SUBSCRIPTION_KEY,
        "developerEmail": "dev@example.com",
    }


async def test_get_with_another_api_key(recorded: Script) -> None:
    async with make_client() as client:
        await client.partner_profile.get("a+b@example.com", api_key="other-key")
    params = recorded.requests[0].url.params
    assert params["APIKey"] == "other-key"
    assert params["developerEmail"] == "a+b@example.com"


async def test_validate_sends_email_customer_and_url(recorded: Script) -> None:
    recorded.outcomes = (reply(200, json={"IsValid": "false", "Message": "no access"}),)
    async with make_client() as client:
        result = await client.partner_profile.validate(
            "dev@example.com", "https://api.test.invalid/product/pricing?x=1&y=2"
        )
        await client.partner_profile.validate("dev@example.com", "u", customer_number="7")
    assert result == PartnerProfileValidation(is_valid=False, message="no access")
    first, second = recorded.requests
    assert first.url.path == "/partnerprofile/validate"
    assert dict(first.url.params) == {
        "developerEmail": "dev@example.com",
        "customerNumber": "1000001",
        "url": "https://api.test.invalid/product/pricing?x=1&y=2",
    }
    assert second.url.params["customerNumber"] == "7"


async def test_validate_without_a_customer_number_raises_before_io(
    api: respx.MockRouter, recorded: Script
) -> None:
    async with make_client(customer_number=None) as client:
        with raises(ValidationError, match="customer_number"):
            await client.partner_profile.validate("dev@example.com", "u")
    assert recorded.calls == 0
    assert api.routes["token"].call_count == 0


async def test_unknown_profile_is_not_found(api: respx.MockRouter) -> None:
    api.get("partnerprofile").respond(404, json={"Message": "No profile for that developer"})
    async with make_client() as client:
        with raises(NotFoundError, match="No profile for that developer") as info:
            await client.partner_profile.get("nobody@example.com")
    assert info.value.status_code == 404


async def test_the_key_in_the_query_stays_out_of_logs_and_errors(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("partnerprofile").mock(side_effect=[httpx.Response(503), httpx.Response(200, json={})])
    caplog.set_level(logging.DEBUG)
    async with make_client() as client:
        await client.partner_profile.get("dev@example.com")
    httpx_records = [r for r in caplog.records if r.name.startswith("httpx")]
    assert httpx_records, "httpx logs each request at INFO"
    # httpx logs the full URL, query included: the key must be masked there.
    assert any("APIKey=***" in r.getMessage() for r in httpx_records)
    for record in caplog.records:
        assert_no_secrets(record.getMessage())
    assert_no_secrets(caplog.text)


async def test_the_key_in_the_query_stays_out_of_error_messages(api: respx.MockRouter) -> None:
    api.get("partnerprofile").respond(400, json={"message": "bad request"})
    async with make_client() as client:
        with raises(BadRequestError) as info:
            await client.partner_profile.get("dev@example.com")
    assert SUBSCRIPTION_KEY not in str(info.value)
