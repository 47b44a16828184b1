"""A price endpoint in FastAPI: one ScanSourceClient per process, opened in the app's lifespan,
reading through a price cache, with concurrent lookups coalesced into shared requests.

Run it (credentials from the ``SCANSOURCE_*`` environment variables)::

    pip install "scansource-async[redis,otel]" fastapi uvicorn
    uvicorn examples.fastapi_app:app --workers 4

Every worker process opens its own client (and event loop): never share one across processes,
and never create one per request (each would open its own connection pool, token cache and
rate limiter). With ``SCANSOURCE_REDIS_URL`` set, the workers (and hosts) share one price cache
in Redis; without it each keeps its own in memory. With ``SCANSOURCE_SIMULATOR=1`` the client
talks to the embedded simulator instead of the API (a demo without credentials).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request

from scansource_async import (
    ItemError,
    PriceCache,
    PriceCacheBackend,
    ScanSourceClient,
    ScanSourceError,
    ValidationError,
)

ClientFactory = Callable[[PriceCacheBackend], ScanSourceClient]


def price_cache_from_env() -> PriceCacheBackend:
    """Redis-shared when ``SCANSOURCE_REDIS_URL`` is set, else in this process."""
    url = os.environ.get("SCANSOURCE_REDIS_URL")
    if url:
        from scansource_async import RedisPriceCache

        return RedisPriceCache(url, ttl=60, stale_ttl=30)
    return PriceCache(ttl=60, max_entries=100_000, stale_ttl=30)


def client_from_env(cache: PriceCacheBackend) -> ScanSourceClient:
    if os.environ.get("SCANSOURCE_SIMULATOR") == "1":
        from scansource_async.testing import Simulator

        return Simulator().client(price_cache=cache)
    return ScanSourceClient.from_env(price_cache=cache)


def create_app(
    make_client: ClientFactory = client_from_env,
    make_cache: Callable[[], PriceCacheBackend] = price_cache_from_env,
) -> FastAPI:
    """The app; tests pass a factory that wires the client to a simulator."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One client for the life of this process's event loop: its pool, token cache, rate
        # limiter, coalescer and cache are shared by every request the process serves.
        cache = make_cache()
        async with make_client(cache) as client:
            if os.environ.get("OTEL_SERVICE_NAME"):
                from scansource_async.otel import instrument

                instrument(client)
            app.state.scansource = client
            yield
        await cache.aclose()

    app = FastAPI(title="Prices", lifespan=lifespan)

    @app.get("/prices/{item_number}")
    async def price(
        item_number: str,
        request: Request,
        quantity: int = Query(1, ge=1, le=100_000),
        customer_number: str | None = None,
    ) -> dict[str, Any]:
        client: ScanSourceClient = request.app.state.scansource
        try:
            product = await client.products.price(
                item_number, quantity, customer_number=customer_number
            )
        except ItemError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        except ValidationError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        except ScanSourceError:
            raise HTTPException(status_code=502, detail="pricing is unavailable") from None
        return {
            "item_number": product.item_number,
            "quantity": quantity,
            # Money as a string: a float would change the amount.
            "unit_price": None if product.unit_price is None else str(product.unit_price),
            "currency": product.unit_price_currency_code,
            "quantity_available": product.quantity_available,
        }

    @app.get("/stats")
    async def stats(request: Request) -> dict[str, int]:
        counters = request.app.state.scansource.stats
        return {
            "requests": counters.requests,
            "cache_hits": counters.cache_hits,
            "cache_misses": counters.cache_misses,
            "cache_stale_hits": counters.cache_stale_hits,
        }

    return app


app = create_app()
