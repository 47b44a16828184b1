"""Every operation the client calls, in one table: both URL layouts, where each identifier
goes, retry safety, and the evidence behind the gateway route.

Two layouts of the same operations exist (see README, "Coverage"):

* **gateway** (production and sandbox): ``scsc/{group}/v{n}/{operation}``, identifiers as query
  parameters. Routes seen in public material are written out and marked ``verified``; every
  other route follows the inferred rule of :func:`infer_gateway`, so when evidence arrives one
  line of this table changes.
* **legacy** (the seeds' paths): ``invoice/detail/{customerNumber}/{invoiceNumber}``, ...

Templates name identifiers by the keyword the resources pass (``{customer_number}``); the wire
name of an identifier is :data:`WIRE_NAMES` (the seeds' spelling), unless a gateway template
spells it out as ``Wire={identifier}`` in its query part. Plain query parameters (filters,
paging) are not in the table: they are sent under the same name in both layouts.

Retry safety is decided here per operation, not per HTTP method. Reads and idempotent updates
retry; creates never retry once the request may have reached the server, and an ambiguous
failure raises OutcomeUnknownError instead.

The client (``api_layout=``, ``routes=``) and the simulator both read this table, so they can
never disagree silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any, Final, Literal

import attrs

from .._urls import encode_segment
from ..errors import ValidationError

__all__ = [
    "API_LAYOUTS",
    "ENDPOINTS",
    "WIRE_NAMES",
    "ApiLayout",
    "Endpoint",
    "Route",
    "infer_gateway",
    "parse_route",
    "resolve",
]

ApiLayout = Literal["gateway", "legacy"]
API_LAYOUTS: Final[tuple[str, ...]] = ("gateway", "legacy")

#: identifier keyword -> its name on the wire (the seeds' spelling)
WIRE_NAMES: Final[Mapping[str, str]] = {
    "customer_number": "customerNumber",
    "invoice_number": "invoiceNumber",
    "region": "region",
    "business_unit": "businessUnit",
    "subscription_id": "subscriptionId",
    "key": "cartCollectionKey",
    "cart_id": "cartId",
    "item_id": "itemId",
    "source_key": "sourceCollectionKey",
    "destination_key": "destinationCollectionKey",
    "webhook_id": "Id",
    "vendor": "vendor",
    "quote_number": "quoteNumber",
    "bid": "bid",
    "collection_key": "collectionKey",
    "address_id": "addressId",
}

_PLACEHOLDER = re.compile(r"^\{([a-z_]+)\}$")
_QUERY_PAIR = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)=\{([a-z_]+)\}$")


@attrs.frozen
class Route:
    """One operation in one layout: method, path template and the identifiers sent as query
    parameters (``(wire name, identifier)`` pairs, in order)."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.split("/")) if self.path else ()

    @property
    def path_identifiers(self) -> tuple[str, ...]:
        found = (_PLACEHOLDER.match(segment) for segment in self.segments)
        return tuple(match.group(1) for match in found if match)

    @property
    def identifiers(self) -> frozenset[str]:
        return frozenset(self.path_identifiers) | {name for _, name in self.query}

    def placement(self) -> dict[str, tuple[str, str]]:
        """Identifier -> ("path" | "query", wire name)."""
        where = {name: ("path", WIRE_NAMES.get(name, name)) for name in self.path_identifiers}
        where.update({name: ("query", wire) for wire, name in self.query})
        return where

    def build(self, values: Mapping[str, object] | None) -> tuple[str, dict[str, Any]]:
        """The relative path (identifiers encoded as segments) and the identifiers that travel
        as query parameters, from the caller's ``values``."""
        if not values and not self.query and "{" not in self.path:
            return self.path, {}  # nothing to fill in: what the steps below would give
        values = values or {}
        names = self.identifiers
        missing = sorted(names - set(values))
        if missing:
            raise ValidationError(f"missing path parameter(s): {', '.join(missing)}")
        unused = sorted(set(values) - names)
        if unused:
            raise ValidationError(f"unknown path parameter(s): {', '.join(unused)}")
        parts = []
        for segment in self.segments:
            match = _PLACEHOLDER.match(segment)
            parts.append(
                encode_segment(values[match.group(1)], match.group(1)) if match else segment
            )
        query: dict[str, Any] = {}
        for wire, name in self.query:
            value = values[name]
            encode_segment(value, name)  # same rules as a path segment: non-empty text or int
            query[wire] = value
        return "/".join(parts), query

    def display(self) -> str:
        """The route as documentation writes it (``invoice/detail/{customerNumber}/...``)."""
        path = "/".join(
            "{" + WIRE_NAMES.get(m.group(1), m.group(1)) + "}"
            if (m := _PLACEHOLDER.match(s))
            else s
            for s in self.segments
        )
        if self.query:
            path += "?" + "&".join(f"{wire}=" for wire, _ in self.query)
        return f"{self.method} {path}"


def parse_route(method: str, template: str) -> Route:
    """A :class:`Route` from ``path[?Wire={identifier}&...]``; ValidationError if malformed."""
    if not isinstance(template, str) or not template.strip("/ "):
        raise ValidationError(f"a route must be a non-empty path, got {template!r}")
    path, _, query = template.strip().lstrip("/").partition("?")
    path = path.rstrip("/")
    for segment in path.split("/"):
        if not segment or (("{" in segment or "}" in segment) and not _PLACEHOLDER.match(segment)):
            raise ValidationError(f"malformed route {template!r}: bad segment {segment!r}")
    pairs: list[tuple[str, str]] = []
    for pair in filter(None, query.split("&")):
        match = _QUERY_PAIR.match(pair)
        if match is None:
            raise ValidationError(f"malformed route {template!r}: query part {pair!r}")
        pairs.append((match.group(1), match.group(2)))
    return Route(method, path, tuple(pairs))


def infer_gateway(legacy: Route, version: int = 1) -> Route:
    """The inferred gateway rule (api-notes.md): ``scsc/{group}/v1/{operation}``, the legacy
    path's literal segments after the group as the operation, and the legacy path segments
    that hold identifiers moved into query parameters of the same names."""
    group, *rest = legacy.segments
    literal = [s for s in rest if not _PLACEHOLDER.match(s)]
    path = "/".join(["scsc", group, f"v{version}", *literal])
    moved = tuple((WIRE_NAMES.get(name, name), name) for name in legacy.path_identifiers)
    return Route(legacy.method, path, moved + legacy.query)


@attrs.frozen
class Endpoint:
    """One operation: its routes in both layouts, retry safety and evidence.

    ``gateway`` None means "the inferred rule applied to the legacy route"; ``legacy`` None
    means the operation does not exist in the legacy layout. ``verified`` says whether the
    gateway route was seen in public material (else it is inferred).
    """

    name: str
    method: str
    legacy: str | None
    gateway: str | None = None
    retry_safe: bool = True
    verified: bool = False
    # A POST that writes yet may safely be sent twice (an upsert): retry-safe, not read-only.
    upsert: bool = False

    @property
    def read_only(self) -> bool:
        """Whether calling it changes nothing at the API: every GET, and every retry-safe POST
        that is not an upsert (pricing, availability, detail and quote requests). The doctor
        command calls only these."""
        if self.method == "GET":
            return True
        return self.method == "POST" and self.retry_safe and not self.upsert

    @property
    def evidence(self) -> str:
        """``"verified"`` (seen in public material) or ``"inferred"``."""
        return "verified" if self.verified else "inferred"

    def route(self, layout: str) -> Route | None:
        """This operation's route in ``layout`` (None if the layout has none)."""
        return _default_route(self.name, layout)


def _table(*endpoints: Endpoint) -> Mapping[str, Endpoint]:
    table = {endpoint.name: endpoint for endpoint in endpoints}
    assert len(table) == len(endpoints), "duplicate endpoint name"
    return table


_E = Endpoint
_PRODUCT: Final = "scsc/product/v2"
_ORDER: Final = "scsc/salesorder/v1"

ENDPOINTS: Final[Mapping[str, Endpoint]] = _table(
    # Product: v2 verified for pricing, search, detail; availability inferred on the same base.
    # Pricing and availability are read-only POSTs: safe to retry.
    _E("products.pricing", "POST", "product/pricing", f"{_PRODUCT}/pricing", verified=True),
    _E("products.availability", "POST", "product/availability", f"{_PRODUCT}/availability"),
    _E("products.search", "GET", "product/search", f"{_PRODUCT}/search", verified=True),
    _E("products.detail", "GET", "product/detail", f"{_PRODUCT}/detail", verified=True),
    # Customer
    _E("customers.get", "GET", "customer/{customer_number}"),
    _E("customers.credit_data", "GET", "customer/creditdata/{customer_number}/{region}"),
    _E("customers.payers", "GET", "customer/payers/{customer_number}/{business_unit}"),
    # PartnerProfile
    _E("partner_profile.get", "GET", "partnerprofile"),
    _E("partner_profile.validate", "GET", "partnerprofile/validate"),
    # CustomConfig
    _E("custom_configs.list", "GET", "customconfig/list"),
    # Address (the seeds list the group without endpoints; paths from the legacy help pages)
    _E("addresses.get", "GET", "address/{collection_key}/{address_id}"),
    _E("addresses.exists", "GET", "address/exists/{collection_key}"),
    _E("addresses.create", "POST", "address/{collection_key}", retry_safe=False),
    _E("addresses.update", "PUT", "address/{collection_key}"),
    _E("addresses.copy", "POST", "address/copy/{collection_key}/{address_id}", retry_safe=False),
    # Rma
    _E("rmas.create", "POST", "rma", retry_safe=False),
    # VendorOrder
    _E("vendor_orders.subscription", "GET", "vendororder/subscription/{subscription_id}"),
    # Spa (spa/detail is a read-only POST: safe to retry)
    _E("spa.create", "POST", "spa", retry_safe=False),
    _E("spa.summary", "GET", "spa/summary"),
    _E("spa.detail", "POST", "spa/detail"),
    # Invoice: detail and list verified on the gateway (note the capital I of InvoiceNumber)
    _E("invoices.summary", "GET", "invoice/summary/{customer_number}"),
    _E(
        "invoices.list",
        "GET",
        "invoice/list/{customer_number}",
        "scsc/invoice/v1/list?customerNumber={customer_number}",
        verified=True,
    ),
    _E(
        "invoices.detail",
        "GET",
        "invoice/detail/{customer_number}/{invoice_number}",
        "scsc/invoice/v1/detail?customerNumber={customer_number}&InvoiceNumber={invoice_number}",
        verified=True,
    ),
    _E("invoices.pdf", "GET", "invoice/pdf/{customer_number}/{invoice_number}"),
    # SystemCentral
    _E("system_central.summary", "GET", "systemcentral/summary/{customer_number}"),
    # Cart (creates never retry; PUT/DELETE and the checkout-info upsert are idempotent)
    _E("carts.get", "GET", "cart/{key}"),
    _E("carts.exists", "GET", "cart/exists/{key}"),
    _E("carts.create", "POST", "cart/{key}", retry_safe=False),
    _E("carts.update", "PUT", "cart/{key}"),
    _E("carts.copy", "POST", "cart/copy/{key}/{cart_id}", retry_safe=False),
    _E("carts.delete", "DELETE", "cart/{key}"),
    _E("carts.list", "GET", "cart/list/{key}"),
    _E("carts.add_item", "POST", "cart/item/{key}", retry_safe=False),
    _E("carts.update_item", "PUT", "cart/item/{key}/{cart_id}"),
    _E("carts.delete_item", "DELETE", "cart/item/{key}/{item_id}"),
    _E("carts.clear", "DELETE", "cart/clear/{key}"),
    _E("carts.has_current", "GET", "cart/hascurrent/{key}"),
    _E("carts.switch", "PUT", "cart/switch/{key}/{cart_id}"),
    _E(
        "carts.move",
        "POST",
        "cart/move/{source_key}/{destination_key}/{cart_id}",
        retry_safe=False,
    ),
    _E("carts.set_checkout_info", "POST", "cart/checkoutinfo/{key}", upsert=True),
    _E("carts.get_checkout_info", "GET", "cart/checkoutinfo/{key}"),
    # CiscoDart
    _E("cisco_dart.summary", "GET", "ciscodart/summary"),
    _E("cisco_dart.detail", "GET", "ciscodart/detail"),
    # SalesOrder: not in the seeds. Gateway list, detail, createAsync and shipquote verified
    # (developer-portal printout); cancel, vrd, summary, serials and tracking listed there
    # without URLs: inferred under the same base. Legacy paths from the older help pages.
    _E(
        "sales_orders.create",
        "POST",
        "salesorder/create",
        f"{_ORDER}/createAsync",
        retry_safe=False,
        verified=True,
    ),
    _E(
        "sales_orders.list",
        "GET",
        "salesorder/list/{customer_number}",
        f"{_ORDER}/list?customerNumber={{customer_number}}",
        verified=True,
    ),
    _E("sales_orders.detail", "GET", "salesorder/detail", f"{_ORDER}/detail", verified=True),
    _E(
        "sales_orders.ship_quote",
        "POST",
        "salesorder/shipquote",
        f"{_ORDER}/shipquote",
        verified=True,
    ),
    _E("sales_orders.cancel", "DELETE", "salesorder/cancel", f"{_ORDER}/cancel"),
    _E("sales_orders.vrd", "POST", "salesorder/vrd", f"{_ORDER}/vrd"),
    _E("sales_orders.summary", "GET", "salesorder/summary", f"{_ORDER}/summary"),
    _E("sales_orders.serials", "GET", "salesorder/serials", f"{_ORDER}/serials"),
    # Legacy has no tracking endpoint: the client gathers tracking from invoices there.
    _E("sales_orders.tracking", "GET", None, f"{_ORDER}/tracking"),
    # WebHook (POST api/WebHook is listed without documentation: not implemented)
    _E("webhooks.list", "GET", "webhooks"),
    _E("webhooks.subscribe", "POST", "webhooks", retry_safe=False),
    _E("webhooks.delete", "DELETE", "webhooks/{webhook_id}"),
    # VendorQuote
    _E("vendor_quotes.get", "GET", "vendorquote/{vendor}/{quote_number}"),
    _E("vendor_quotes.list", "GET", "vendorquote/list/{vendor}"),
    # VendorUsage
    _E("vendor_usage.get", "GET", "vendorusage/{vendor}/{bid}/{invoice_number}"),
)


@cache
def _default_route(name: str, layout: str) -> Route | None:
    endpoint = ENDPOINTS[name]
    legacy = None if endpoint.legacy is None else parse_route(endpoint.method, endpoint.legacy)
    if layout == "legacy":
        return legacy
    if endpoint.gateway is not None:
        return parse_route(endpoint.method, endpoint.gateway)
    assert legacy is not None, name
    return infer_gateway(legacy)


@lru_cache(maxsize=1024)
def resolve(name: str, layout: str, override: str | None = None) -> Route | None:
    """The route of operation ``name`` in ``layout``, or ``override`` (a ``routes=`` entry).

    An override is a template like the table's; identifiers it does not place travel as query
    parameters under their wire names (the gateway's habit).
    """
    if override is None:
        return _default_route(name, layout)
    endpoint = ENDPOINTS[name]
    route = parse_route(endpoint.method, override)
    known = _default_route(name, "gateway")
    expected = set(known.identifiers if known is not None else ())
    legacy = _default_route(name, "legacy")
    if legacy is not None:
        expected |= legacy.identifiers
    stray = sorted(route.identifiers - expected)
    if stray:
        raise ValidationError(f"routes[{name!r}] names unknown identifier(s): {', '.join(stray)}")
    # Wire names of identifiers the gateway template spells out (InvoiceNumber) win.
    wires = {n: w for w, n in known.query} if known is not None else {}
    rest = sorted(expected - route.identifiers)
    moved = tuple((wires.get(n, WIRE_NAMES.get(n, n)), n) for n in rest)
    return attrs.evolve(route, query=route.query + moved)


def check_routes(routes: Mapping[str, str]) -> None:
    """ValidationError unless every key is an operation and every value a valid route."""
    for name, template in routes.items():
        if name not in ENDPOINTS:
            raise ValidationError(f"routes: unknown operation {name!r}")
        resolve(name, "gateway", template)
