"""Helpers shared by the simulator's tests (fixtures are in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from decimal import Decimal
from typing import Any

import httpx

from scansource_async.testing import Simulator

KEY = "test-key"
CLIENT_ID = "test-id"
CLIENT_SECRET = "test-secret"
TOKEN_PATH = "oauth2/v2.0/token"


def parse(response: httpx.Response) -> Any:
    """The body parsed the way the client parses it: JSON numbers with a fraction → Decimal."""
    return json.loads(response.text, parse_float=Decimal)


class Api:
    """Raw httpx against one simulator, with helpers that authenticate like the client."""

    def __init__(self, sim: Simulator, http: httpx.AsyncClient, mode: str) -> None:
        self.sim = sim
        self.http = http
        self.mode = mode
        self._token: str | None = None

    async def token(self, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
        response = await self.http.post(
            TOKEN_PATH,
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "scope": "https://example.invalid/.default",
            },
        )
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    async def headers(self) -> dict[str, str]:
        if self._token is None:
            self._token = await self.token()
        return {"Ocp-Apim-Subscription-Key": KEY, "Authorization": f"Bearer {self._token}"}

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(path, params=params, headers=await self.headers())

    async def post(self, path: str, body: Any, **params: Any) -> httpx.Response:
        return await self.http.post(path, params=params, json=body, headers=await self.headers())

    async def pricing(
        self, lines: list[dict[str, Any]], customer: str = "1000001", **fields: Any
    ) -> httpx.Response:
        body = {"Lines": lines, **fields}
        return await self.post("product/pricing", body, customerNumber=customer)


OpenApi = Callable[..., AbstractAsyncContextManager[Api]]
