"""Authentication: the subscription key on every call and the OAuth2 bearer token cache."""

from __future__ import annotations

import asyncio
import json
import time
from decimal import Decimal
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from scansource_async import APIStatusError, AuthenticationError, InvalidResponseError, ServerError
from scansource_async._auth import MAX_TOKEN_LIFETIME, MIN_TOKEN_LIFETIME, parse_token
from tests.helpers import (
    ACCESS_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SUBSCRIPTION_KEY,
    TOKEN_URL,
    Script,
    assert_clean_exception,
    make_client,
    raises,
    reply,
)


def token_reply(token: str, expires_in: float = 3600) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": token, "token_type": "Bearer", "expires_in": expires_in}
    )


class Tokens:
    """A token endpoint handing out token-1, token-2, … and recording when."""

    def __init__(self, expires_in: float = 3600) -> None:
        self.expires_in = expires_in
        self.issued: list[str] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = f"token-{len(self.issued) + 1}"
        self.issued.append(token)
        self.times.append(time.monotonic())
        return token_reply(token, self.expires_in)


def bearer(request: httpx.Request) -> str | None:
    value = request.headers.get("Authorization")
    return None if value is None else value.removeprefix("Bearer ")


async def test_every_call_carries_both_headers_and_the_token_is_fetched_once(
    api: respx.MockRouter,
) -> None:
    script = Script(reply(200, json=1))
    api.route(path="/thing").mock(side_effect=script)
    async with make_client() as client:
        await asyncio.gather(*(client.request("GET", "thing") for _ in range(50)))
    assert script.calls == 50
    assert api.routes["token"].call_count == 1
    for request in script.requests:
        assert request.headers["Ocp-Apim-Subscription-Key"] == SUBSCRIPTION_KEY
        assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"


async def test_without_oauth_only_the_subscription_key_is_sent(api: respx.MockRouter) -> None:
    script = Script(reply(200, json=1))
    api.route(path="/thing").mock(side_effect=script)
    async with make_client(client_id=None, client_secret=None) as client:
        await client.request("GET", "thing")
    (request,) = script.requests
    assert request.headers["Ocp-Apim-Subscription-Key"] == SUBSCRIPTION_KEY
    assert "Authorization" not in request.headers
    assert api.routes["token"].call_count == 0


async def test_token_request_is_a_client_credentials_form_post(api: respx.MockRouter) -> None:
    api.route(path="/thing").respond(json=1)
    async with make_client(scope="api://scope/.default") as client:
        await client.request("GET", "thing")
    request = api.routes["token"].calls.last.request
    assert str(request.url) == TOKEN_URL
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = parse_qs(request.content.decode())
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": [CLIENT_ID],
        "client_secret": [CLIENT_SECRET],
        "scope": ["api://scope/.default"],
    }
    # The subscription key is for the API gateway, not for the identity provider.
    assert "Ocp-Apim-Subscription-Key" not in request.headers


async def test_token_is_refreshed_shortly_before_it_expires(api: respx.MockRouter) -> None:
    # A 1.2 s token: the refresh margin is a quarter of its life, so it is renewed at 0.9 s.
    tokens = Tokens(expires_in=1.2)
    api.routes["token"].mock(side_effect=tokens)
    script = Script(reply(200, json=1))
    api.route(path="/thing").mock(side_effect=script)
    async with make_client() as client:
        await client.request("GET", "thing")
        await asyncio.sleep(max(0.0, tokens.times[0] + 0.3 - time.monotonic()))
        await client.request("GET", "thing")
        assert tokens.issued == ["token-1"], "still fresh at 0.3 s: no refresh"
        await asyncio.sleep(max(0.0, tokens.times[0] + 1.0 - time.monotonic()))
        await client.request("GET", "thing")
        refreshed_at = time.monotonic() - tokens.times[0]
    assert tokens.issued == ["token-1", "token-2"]
    assert refreshed_at < 1.2, "refreshed before the old token expired"
    assert [bearer(r) for r in script.requests] == ["token-1", "token-1", "token-2"]


async def test_concurrent_calls_at_expiry_share_one_refresh(api: respx.MockRouter) -> None:
    tokens = Tokens(expires_in=1)  # the shortest lifetime the client accepts
    api.routes["token"].mock(side_effect=tokens)
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        await client.request("GET", "thing")
        # The replacement lives long: a slow machine must not see it fall due mid-test too.
        tokens.expires_in = 3600
        await asyncio.sleep(1.0)
        await asyncio.gather(*(client.request("GET", "thing") for _ in range(50)))
    assert tokens.issued == ["token-1", "token-2"]


async def test_401_fetches_a_new_token_once_and_retries(api: respx.MockRouter) -> None:
    tokens = Tokens()
    api.routes["token"].mock(side_effect=tokens)

    def api_effect(request: httpx.Request) -> httpx.Response:
        if bearer(request) == "token-1":
            return httpx.Response(401, json={"message": "token revoked"})
        return httpx.Response(200, json={"ok": True})

    route = api.route(path="/thing").mock(side_effect=api_effect)
    async with make_client() as client:
        assert await client.request("GET", "thing") == {"ok": True}
    assert tokens.issued == ["token-1", "token-2"]
    assert [bearer(call.request) for call in route.calls] == ["token-1", "token-2"]


async def test_401_refresh_is_allowed_for_unsafe_requests(api: respx.MockRouter) -> None:
    # A refused token means the server did not act: retrying a create is safe.
    tokens = Tokens()
    api.routes["token"].mock(side_effect=tokens)
    route = api.route(path="/orders").mock(
        side_effect=lambda request: httpx.Response(401 if bearer(request) == "token-1" else 201)
    )
    async with make_client() as client:
        await client.request("POST", "orders", json={}, retry_safe=False)
    assert route.call_count == 2


async def test_fifty_concurrent_401s_cause_one_refresh(api: respx.MockRouter) -> None:
    tokens = Tokens()
    api.routes["token"].mock(side_effect=tokens)
    arrived = 0
    all_in = asyncio.Event()

    async def api_effect(request: httpx.Request) -> httpx.Response:
        nonlocal arrived
        if bearer(request) == "token-1":
            # Hold every first attempt until all 50 are on the wire with the old token, then
            # refuse them one by one, so most 401s arrive after the new token is cached.
            arrived += 1
            position = arrived
            if arrived == 50:
                all_in.set()
            await asyncio.wait_for(all_in.wait(), 2)
            await asyncio.sleep(position * 0.002)
            return httpx.Response(401, json={"message": "expired"})
        return httpx.Response(200, json=1)

    route = api.route(path="/thing").mock(side_effect=api_effect)
    async with make_client(max_in_flight=64) as client:
        results = await asyncio.gather(*(client.request("GET", "thing") for _ in range(50)))
    assert results == [1] * 50
    assert route.call_count == 100
    assert tokens.issued == ["token-1", "token-2"]


async def test_a_second_401_raises_authentication_error(api: respx.MockRouter) -> None:
    tokens = Tokens()
    api.routes["token"].mock(side_effect=tokens)
    route = api.route(path="/thing").respond(401, json={"message": "not allowed"})
    async with make_client() as client:
        with raises(AuthenticationError, match="not allowed") as info:
            # The deadline turns a refresh loop into a failure instead of a hang.
            await client.request("GET", "thing", deadline=2)
    assert info.value.status_code == 401
    assert route.call_count == 2
    assert tokens.issued == ["token-1", "token-2"]


@pytest.mark.parametrize("status", [400, 401])
async def test_refused_token_request_raises_authentication_error_without_secrets(
    api: respx.MockRouter, status: int
) -> None:
    # An identity provider that echoes what it was sent must not leak it through us.
    api.routes["token"].respond(
        status,
        json={
            "error": "invalid_client",
            "error_description": f"AADB2C90081: bad secret {CLIENT_SECRET} for {CLIENT_ID}",
        },
        headers={"x-ms-request-id": "tok-1"},
    )
    route = api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        with raises(AuthenticationError, match="AADB2C90081") as info:
            await client.request("GET", "thing")
    assert route.call_count == 0
    assert api.routes["token"].call_count == 1
    assert info.value.status_code == status
    assert info.value.request_id == "tok-1"
    assert CLIENT_SECRET not in str(info.value)


async def test_token_failure_is_shared_by_concurrent_waiters(api: respx.MockRouter) -> None:
    async def slow_refusal(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.02)
        return httpx.Response(400, json={"error": "invalid_client"})

    api.routes["token"].mock(side_effect=slow_refusal)
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        results = await asyncio.gather(
            *(client.request("GET", "thing") for _ in range(20)), return_exceptions=True
        )
    assert all(isinstance(r, AuthenticationError) for r in results)
    for error in results:
        assert isinstance(error, BaseException)
        assert_clean_exception(error)
    assert api.routes["token"].call_count == 1


async def test_token_endpoint_503_is_retried(api: respx.MockRouter) -> None:
    api.routes["token"].mock(side_effect=[httpx.Response(503), token_reply("token-x")])
    script = Script(reply(200, json=1))
    api.route(path="/thing").mock(side_effect=script)
    async with make_client() as client:
        await client.request("GET", "thing")
    assert api.routes["token"].call_count == 2
    assert bearer(script.requests[0]) == "token-x"


async def test_token_endpoint_failing_for_good_raises_typed_error(api: respx.MockRouter) -> None:
    api.routes["token"].respond(503)
    route = api.route(path="/thing").respond(json=1)
    async with make_client(max_retries=1) as client:
        with raises(ServerError):
            await client.request("GET", "thing")
    assert api.routes["token"].call_count == 2
    assert route.call_count == 0


@pytest.mark.parametrize(
    "body",
    [{"token_type": "Bearer"}, {"access_token": "x", "expires_in": "soon"}, "not json"],
)
async def test_unusable_token_response_raises_invalid_response(
    api: respx.MockRouter, body: object
) -> None:
    if isinstance(body, str):
        api.routes["token"].respond(200, text=body)
    else:
        api.routes["token"].respond(200, json=body)
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        with raises(InvalidResponseError) as info:
            await client.request("GET", "thing")
    assert isinstance(info.value, APIStatusError)


# -- hostile token responses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "",
        None,
        12345,
        ["a"],
        "abc\r\nX-Injected: 1",
        "tok en",
        "t\x00ken",
        "tök-0123456789",
        "x" * 20000,
    ],
    ids=["empty", "null", "number", "list", "crlf", "space", "nul", "non-ascii", "huge"],
)
async def test_malformed_token_is_never_cached_and_the_next_call_fetches_again(
    api: respx.MockRouter, token: object
) -> None:
    replies = [
        httpx.Response(200, json={"access_token": token, "expires_in": 3600}),
        token_reply("good-token-1"),
    ]
    api.routes["token"].mock(side_effect=replies)
    script = Script(reply(200, json=1))
    api.route(path="/thing").mock(side_effect=script)
    async with make_client() as client:
        with raises(InvalidResponseError) as info:
            await client.request("GET", "thing")
        assert info.value.path == "token"
        assert script.calls == 0, "nothing is sent with an unusable token"
        assert await client.request("GET", "thing") == 1
    assert api.routes["token"].call_count == 2
    assert [bearer(r) for r in script.requests] == ["good-token-1"]
    if isinstance(token, str) and token:
        assert token not in repr(info.value.args) and token not in str(info.value.body)


@pytest.mark.parametrize("expires_in", [0, -30, float("nan"), "0"])
async def test_a_token_lifetime_of_zero_negative_or_nan_is_held_to_the_floor(
    api: respx.MockRouter, expires_in: object
) -> None:
    body = f'{{"access_token": "short-lived-token", "expires_in": {json.dumps(expires_in)}}}'
    api.routes["token"].respond(content=body.encode(), content_type="application/json")
    api.route(path="/thing").respond(json=1)
    async with make_client() as client:
        started = time.monotonic()
        for _ in range(20):
            await client.request("GET", "thing")
        elapsed = time.monotonic() - started
    # Without a floor every request fetched a token; with it, one per 3/4 of a second at most.
    assert api.routes["token"].call_count <= 1 + int(elapsed / (0.75 * MIN_TOKEN_LIFETIME))
    assert api.routes["token"].call_count < 20


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        (0, MIN_TOKEN_LIFETIME),
        (-1e9, MIN_TOKEN_LIFETIME),
        (float("nan"), MIN_TOKEN_LIFETIME),
        (1e308, MAX_TOKEN_LIFETIME),
        (float("inf"), MAX_TOKEN_LIFETIME),
        ("3599", 3599.0),
        (Decimal("59.5"), 59.5),
    ],
)
def test_token_lifetimes_are_clamped(expires_in: object, lifetime: float) -> None:
    token = parse_token({"access_token": "abc.def-ghi", "expires_in": expires_in})
    assert token.lifetime == lifetime
