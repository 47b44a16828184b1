"""Probing the API's read-only operations, each with one small request, as the client sends it.

Nothing here creates, changes, deletes or cancels anything: the product operations are called
through the client's own methods (a search page of one, the pricing and the stock of one found
item, its detail), and every answer becomes one :class:`Check` with the status, latency and
request id of the request it made (from the :class:`RecordingTransport` under the client).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

import attrs

from .. import (
    APIConnectionError,
    APIStatusError,
    PricingLine,
    ScanSourceClient,
    ScanSourceError,
)
from ._checks import Check
from ._doctor_http import Pacer, RecordingTransport

__all__ = ["PRODUCT_PROBES", "Samples", "run_probe"]

# APIM's answer (and the simulator's) to a path no operation serves: not "no such invoice".
ROUTE_MISSING: Final = "Resource not found"


@attrs.define
class Samples:
    """Values the probes need, found as they go (an item number from the search)."""

    customer_number: str
    item_number: str | None = None


Probe = Callable[[ScanSourceClient, Samples], Awaitable[str]]


async def _search(client: ScanSourceClient, samples: Samples) -> str:
    async for page in client.products.search(page_size=1, max_pages=1).pages():
        if page.items and page.items[0].item_number:
            samples.item_number = page.items[0].item_number
            return f"page of 1: {samples.item_number}"
        return "answered an empty page: no item to price"
    return "no page"


async def _pricing(client: ScanSourceClient, samples: Samples) -> str:
    if samples.item_number is None:
        raise _Skip("no item found by the search to price")
    product = (await client.products.pricing([PricingLine(samples.item_number)]))[0]
    if product.pricing_error:
        return f"{samples.item_number}: answered with an item error: {product.pricing_error_desc}"
    return f"{samples.item_number}: {product.unit_price} {product.unit_price_currency_code or ''}"


async def _availability(client: ScanSourceClient, samples: Samples) -> str:
    if samples.item_number is None:
        raise _Skip("no item found by the search")
    entries = await client.products.availability([samples.item_number])
    stock = ", ".join(f"{e.warehouse}: {e.quantity_available}" for e in entries)
    return f"{samples.item_number}: {stock or 'no entries'}"


async def _detail(client: ScanSourceClient, samples: Samples) -> str:
    if samples.item_number is None:
        raise _Skip("no item found by the search")
    detail = await client.products.detail(samples.item_number)
    return f"{samples.item_number}: {detail.description or 'answered'}"


#: the product operations, in the order they run (the search finds the item the others use)
PRODUCT_PROBES: Final[dict[str, Probe]] = {
    "products.search": _search,
    "products.pricing": _pricing,
    "products.availability": _availability,
    "products.detail": _detail,
}


class _Skip(Exception):
    """The probe cannot run (a value it needs was not found)."""


async def run_probe(
    name: str,
    probe: Probe,
    client: ScanSourceClient,
    samples: Samples,
    recorder: RecordingTransport,
    pacer: Pacer,
    *,
    essential: bool,
) -> Check:
    """Run one probe; its check carries the status, latency and request id of its last
    request."""
    before = len(recorder.exchanges)
    try:
        await pacer.wait()
        detail = await probe(client, samples)
    except _Skip as skip:
        return Check(name=name, ok=False, detail=f"not probed: {skip}", essential=essential)
    except APIStatusError as exc:
        return _from_exchange(
            name, recorder, before, ok=False, essential=essential, detail=_status_detail(exc)
        )
    except APIConnectionError as exc:
        return _from_exchange(
            name, recorder, before, ok=False, essential=essential, detail=f"no answer: {exc}"
        )
    except ScanSourceError as exc:
        return _from_exchange(
            name,
            recorder,
            before,
            ok=False,
            essential=essential,
            detail=f"{type(exc).__name__}: {exc}",
        )
    return _from_exchange(name, recorder, before, ok=True, essential=essential, detail=detail)


def route_missing(exc: APIStatusError) -> bool:
    """Whether a 404 says the path is unknown (not that the thing asked for is)."""
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    return exc.status_code == 404 and message == ROUTE_MISSING


def _status_detail(exc: APIStatusError) -> str:
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    text = " ".join(str(message or exc).split())[:160]
    if route_missing(exc):
        return f"route unknown ({exc.status_code} {text}): {exc.method} {exc.path}"
    return f"{exc.status_code}: {text}"


def _from_exchange(
    name: str, recorder: RecordingTransport, before: int, *, ok: bool, essential: bool, detail: str
) -> Check:
    made = recorder.exchanges[before:]
    last = made[-1] if made else None
    return Check(
        name=name,
        ok=ok,
        status=None if last is None else last.status,
        latency_ms=None if last is None else last.latency_ms,
        request_id=None if last is None else last.request_id,
        detail=detail,
        essential=essential,
    )
