"""The OAuth2 token endpoint."""

from __future__ import annotations

import base64

import pytest

from scansource_async.testing import Simulator

from .simhelpers import TOKEN_PATH, Api, OpenApi


async def test_issues_bearer_tokens(sim_api: Api) -> None:
    response = await sim_api.http.post(
        TOKEN_PATH,
        data={"grant_type": "client_credentials", "client_id": "test-id",
              "client_secret": "test-secret", "scope": "api://x/.default"},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["access_token"], str)
    assert len(body["access_token"]) > 20
    other = await sim_api.token()
    assert other != body["access_token"]
    assert sim_api.sim.tokens_issued == 2


async def test_basic_client_authentication(sim_api: Api) -> None:
    credentials = base64.b64encode(b"test-id:test-secret").decode()
    response = await sim_api.http.post(
        TOKEN_PATH,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )
    assert response.status_code == 200


async def test_expires_in_follows_the_lifetime(open_api: OpenApi) -> None:
    async with open_api(Simulator(api_layout="legacy", token_lifetime=0.2)) as api:
        response = await api.http.post(
            TOKEN_PATH,
            data={"grant_type": "client_credentials", "client_id": "test-id",
                  "client_secret": "test-secret"},
        )  # fmt: skip
    assert response.json()["expires_in"] == 1


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_id": "test-id", "client_secret": "test-secret"}, 400, "invalid_request"),
        ({"grant_type": "password", "client_id": "test-id", "client_secret": "x"}, 400,
         "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "client_secret": "test-secret"}, 400,
         "invalid_request"),
        ({"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"}, 400,
         "unauthorized_client"),
        ({"grant_type": "client_credentials", "client_id": "test-id", "client_secret": "wrong"},
         401, "invalid_client"),
    ],
)  # fmt: skip
async def test_oauth_errors(sim_api: Api, form: dict[str, str], status: int, error: str) -> None:
    response = await sim_api.http.post(TOKEN_PATH, data=form)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert body["error_description"].startswith("AADSTS")
    assert body["message"] == body["error_description"]
    assert body["statusCode"] == status
    assert "test-secret" not in response.text
    assert sim_api.sim.tokens_issued == 0


async def test_token_endpoint_needs_no_subscription_key_and_ignores_rate_limit(
    open_api: OpenApi,
) -> None:
    async with open_api(Simulator(api_layout="legacy", rate_limit=1)) as api:
        tokens = [await api.token() for _ in range(5)]
    assert len(set(tokens)) == 5
