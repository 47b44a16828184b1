"""examples/fastapi_app.py driven through httpx's ASGI transport, its client wired to the
simulator: concurrent requests share API requests, the second round is served from the cache."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.helpers import pricing_records

pytest.importorskip("fastapi", reason="fastapi is not installed")

from scansource_async import PriceCache, PriceCacheBackend, ScanSourceClient
from scansource_async.testing import Simulator

EXAMPLE = Path(__file__).parents[2] / "examples" / "fastapi_app.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fastapi_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=21, catalog_size=2_000)


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    example = load_example()

    def make_client(cache: PriceCacheBackend) -> ScanSourceClient:
        return sim.client(max_rate=100_000, price_cache=cache)

    app: Any = example.create_app(make_client, lambda: PriceCache(ttl=60))
    # httpx's ASGI transport does not run the lifespan: the test runs it, as a server would.
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
            yield client


def pricing_requests(sim: Simulator) -> int:
    return len(pricing_records(sim))


async def test_concurrent_requests_share_api_calls_and_repeat_from_the_cache(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    catalog = list(sim.catalog.item_numbers[400:450])
    paths = [f"/prices/{catalog[n % 50]}" for n in range(300)]
    first = await asyncio.gather(*(http.get(path) for path in paths))
    assert [response.status_code for response in first] == [200] * 300
    sent = pricing_requests(sim)
    assert 1 <= sent <= 3  # 300 requests, 50 items: coalesced into a request or two
    for response, path in zip(first[:50], paths[:50], strict=True):
        body = response.json()
        item = path.rsplit("/", 1)[1]
        expected = sim.catalog.product(item, customer_number=sim.customer_number)
        assert body["item_number"] == item
        assert Decimal(body["unit_price"]) == expected["UnitPrice"]
    second = await asyncio.gather(*(http.get(path) for path in paths))
    assert [response.json() for response in second] == [response.json() for response in first]
    assert pricing_requests(sim) == sent  # the second round cost no API request
    stats = (await http.get("/stats")).json()
    assert stats["cache_hits"] == 300 and stats["cache_misses"] == 300
    assert stats["requests"] == sent


async def test_quantity_and_customer_are_priced_separately(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    item = sim.catalog.item_numbers[500]
    one = (await http.get(f"/prices/{item}")).json()
    five = (await http.get(f"/prices/{item}", params={"quantity": 5})).json()
    other = await http.get(f"/prices/{item}", params={"customer_number": "1000002"})
    assert other.status_code == 200
    assert (one["quantity"], five["quantity"]) == (1, 5)
    assert pricing_requests(sim) == 3


async def test_unknown_item_and_bad_input(sim: Simulator, http: httpx.AsyncClient) -> None:
    missing = await http.get("/prices/NO-SUCH-ITEM-404")
    assert missing.status_code == 404
    assert "not found" in missing.json()["detail"]
    assert (await http.get("/prices/ABC", params={"quantity": 0})).status_code == 422
    refused = await http.get("/prices/ABC", params={"customer_number": " "})
    assert refused.status_code == 422
    assert pricing_requests(sim) == 1  # the invalid requests never reached the API
