"""Probing the API's read-only operations, each with one small request, as the client sends it.

Nothing here creates, changes, deletes or cancels anything: only the operations the route
table marks ``read_only`` are called. The product operations go through the client's own
methods (a search page of one, the pricing and the stock of the item it found, its detail);
every other read-only operation gets one minimal request on its route in the chosen layout
(identifiers from earlier answers, else made-up ones such as a random cart key). Each answer
becomes one :class:`Check` with the status, latency and request id of the request it made
(from the :class:`RecordingTransport` under the client).

A minimal request may well be refused for what it lacks (400) or name nothing that exists
(404 "Invoice '...' not found"): either way the route answered, which is what the probe asks.
Only APIM's own 404 (``Resource not found``: no operation at that path) says the route is
wrong.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any, Final

import attrs

from .. import (
    APIConnectionError,
    APIStatusError,
    PricingLine,
    RateLimitError,
    ScanSourceClient,
    ScanSourceError,
)
from ..resources._endpoints import ENDPOINTS, Route
from ._checks import Check
from ._doctor_http import LONGEST_WAIT, Pacer, RecordingTransport

__all__ = [
    "PRODUCT_PROBES",
    "Samples",
    "read_only_operations",
    "route_missing",
    "route_probe",
    "run_probe",
]

# APIM's answer (and the simulator's) to a path no operation serves: not "no such invoice".
ROUTE_MISSING: Final = "Resource not found"


# Answers a minimal request may get on a route that exists.
_ROUTE_ANSWERS: Final = frozenset({400, 404, 409, 422})
# Identifiers with a documented set of values (api-notes.md): a real one gets a real answer.
_KNOWN: Final = {"region": "NA"}
# Where an earlier answer holds an identifier a later probe can use.
_LEARNED: Final = {"invoices.list": ("invoice_number", "InvoiceNumber")}


@attrs.define
class Samples:
    """Values the probes need, found as they go (an item number from the search, an invoice
    number from the invoice list); identifiers nobody found are made up, once per run."""

    customer_number: str
    item_number: str | None = None
    identifiers: dict[str, str] = attrs.Factory(dict)

    def value(self, identifier: str) -> str:
        if identifier == "customer_number":
            return self.customer_number
        if identifier == "item_number" and self.item_number:
            return self.item_number
        default = _KNOWN.get(identifier) or f"doctor-{secrets.token_hex(4)}"
        return self.identifiers.setdefault(identifier, default)

    def learn(self, operation: str, answer: Any) -> None:
        found = _LEARNED.get(operation)
        if found is None or not isinstance(answer, list) or not answer:
            return
        identifier, field = found
        first = answer[0]
        if isinstance(first, dict) and first.get(field):
            self.identifiers[identifier] = str(first[field])


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


def read_only_operations(layout: str) -> list[tuple[str, Route]]:
    """Every operation the table marks read-only that has a route in ``layout``, in table
    order, product operations excepted (they have their own probes)."""
    found = []
    for name, endpoint in ENDPOINTS.items():
        route = endpoint.route(layout)
        if endpoint.read_only and route is not None and name not in PRODUCT_PROBES:
            found.append((name, route))
    return found


def route_probe(name: str, route: Route) -> Probe:
    """One minimal request to ``route`` (see the module docstring)."""
    assert ENDPOINTS[name].read_only, name  # never anything that could change data

    async def probe(client: ScanSourceClient, samples: Samples) -> str:
        path, query = route.build({ident: samples.value(ident) for ident in route.identifiers})
        params: dict[str, Any] = dict(query)
        if "customer_number" not in route.identifiers:
            params.setdefault("customerNumber", samples.customer_number)
        if route.method == "GET":
            params.update(page=1, pageSize=1)
        answer = await client.request(
            route.method, path, params=params, json={} if route.method == "POST" else None
        )
        samples.learn(name, answer)
        return _describe(answer)

    return probe


def _describe(answer: Any) -> str:
    if isinstance(answer, list):
        return f"answered: {len(answer)} row(s)"
    if isinstance(answer, bytes):
        return f"answered: {len(answer)} bytes"
    if isinstance(answer, dict):
        return "answered: an object"
    return f"answered: {answer!r}"[:80]


async def run_probe(
    name: str,
    probe: Probe,
    client: ScanSourceClient,
    samples: Samples,
    recorder: RecordingTransport,
    pacer: Pacer,
    *,
    essential: bool,
    minimal: bool = False,
) -> Check:
    """Run one probe; its check carries the status, latency and request id of its last
    request. ``minimal``: the probe's request is minimal, so a 400 or a non-route 404 still
    shows the route answers."""
    before = len(recorder.exchanges)
    try:
        detail = await _paced(probe, client, samples, pacer)
    except _Skip as skip:
        return Check(name=name, ok=False, detail=f"not probed: {skip}", essential=essential)
    except APIStatusError as exc:
        if minimal and exc.status_code in _ROUTE_ANSWERS and not route_missing(exc):
            detail = f"route answers ({_status_detail(exc)}) to a minimal request"
            return _from_exchange(
                name, recorder, before, ok=True, essential=essential, detail=detail
            )
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


async def _paced(probe: Probe, client: ScanSourceClient, samples: Samples, pacer: Pacer) -> str:
    """The probe, paced; after a 429 it waits what the API asked (if short) and tries once
    more: a rate limit is a signal to report, not a failed operation."""
    await pacer.wait()
    try:
        return await probe(client, samples)
    except RateLimitError as exc:
        wait = exc.retry_after or 1.0
        if wait > LONGEST_WAIT:
            raise
        await pacer.sleep(wait)
    await pacer.wait()
    return await probe(client, samples)


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
