"""The endpoint table: both layouts from one table, retry safety per operation, evidence."""

from __future__ import annotations

import re

import pytest

from scansource_async.resources._endpoints import (
    ENDPOINTS,
    WIRE_NAMES,
    infer_gateway,
    parse_route,
    resolve,
)
from scansource_async.testing import Simulator

# The creates: never retried once sent.
CREATES = {
    "sales_orders.create",
    "carts.create",
    "carts.copy",
    "carts.add_item",
    "carts.move",
    "rmas.create",
    "spa.create",
    "webhooks.subscribe",
    "addresses.create",
    "addresses.copy",
}

# api-notes.md, "Hosts and paths": the gateway routes seen in public material.
VERIFIED = {
    "products.pricing": "POST scsc/product/v2/pricing",
    "products.search": "GET scsc/product/v2/search",
    "products.detail": "GET scsc/product/v2/detail",
    "sales_orders.list": "GET scsc/salesorder/v1/list?customerNumber=",
    "sales_orders.detail": "GET scsc/salesorder/v1/detail",
    "sales_orders.create": "POST scsc/salesorder/v1/createAsync",
    "sales_orders.ship_quote": "POST scsc/salesorder/v1/shipquote",
    "invoices.detail": "GET scsc/invoice/v1/detail?customerNumber=&InvoiceNumber=",
    "invoices.list": "GET scsc/invoice/v1/list?customerNumber=",
}


def test_exactly_the_creates_are_not_retry_safe() -> None:
    assert {name for name, e in ENDPOINTS.items() if not e.retry_safe} == CREATES


def test_read_only_posts_puts_and_deletes_retry() -> None:
    for name in ("spa.detail", "sales_orders.ship_quote", "sales_orders.cancel",
                 "sales_orders.vrd", "carts.set_checkout_info"):  # fmt: skip
        assert ENDPOINTS[name].retry_safe, name
    for name, endpoint in ENDPOINTS.items():
        if endpoint.method in ("GET", "PUT", "DELETE"):
            assert endpoint.retry_safe, name


def test_exactly_the_routes_seen_in_public_material_are_verified() -> None:
    verified = {name for name, e in ENDPOINTS.items() if e.evidence == "verified"}
    assert verified == set(VERIFIED)
    for name, shown in VERIFIED.items():
        route = resolve(name, "gateway")
        assert route is not None and route.display() == shown, name
    assert {e.evidence for e in ENDPOINTS.values()} == {"verified", "inferred"}


def test_every_other_gateway_route_follows_the_inferred_rule() -> None:
    explicit = {name for name, e in ENDPOINTS.items() if e.gateway is not None}
    for name in ENDPOINTS:
        if name in explicit:
            continue
        legacy = resolve(name, "legacy")
        assert legacy is not None
        assert resolve(name, "gateway") == infer_gateway(legacy), name
    # e.g. a cart path segment becomes a query parameter of the same (seed) name
    route = resolve("carts.move", "gateway")
    assert route is not None
    assert route.display() == (
        "POST scsc/cart/v1/move?sourceCollectionKey=&destinationCollectionKey=&cartId="
    )
    assert resolve("customers.get", "gateway") == parse_route(
        "GET", "scsc/customer/v1?customerNumber={customer_number}"
    )


def test_legacy_routes_are_the_seed_paths() -> None:
    for name, endpoint in ENDPOINTS.items():
        route = resolve(name, "legacy")
        if endpoint.legacy is None:  # the legacy layout has no tracking endpoint
            assert route is None and name == "sales_orders.tracking"
            continue
        assert route is not None
        shown = route.display().split(" ", 1)[1]
        # placeholders written with the seeds' wire names
        for placeholder in re.findall(r"\{([^}]+)\}", shown):
            assert placeholder in WIRE_NAMES.values(), (name, placeholder)


@pytest.mark.parametrize("layout", ["gateway", "legacy"])
def test_every_endpoint_is_a_client_method_and_a_simulator_route(layout: str) -> None:
    sim = Simulator(seed=1, catalog_size=100, api_layout=layout)
    client = sim.client()
    router = sim.state.router
    for name, endpoint in ENDPOINTS.items():
        group, method = name.split(".")
        assert callable(getattr(getattr(client, group), method)), name
        route = resolve(name, layout)
        if route is None:
            continue
        path = re.sub(r"\{[^}]+\}", "x1", route.path)
        assert router.operation_of(endpoint.method, path) == name, (layout, name)
