"""The endpoint table: retry safety decided per operation, unverified paths marked."""

from __future__ import annotations

import re

from starlette.routing import Match

from scansource_async.resources._endpoints import ENDPOINTS
from scansource_async.testing import Simulator

# The creates of the issue: never retried once sent.
CREATES = {
    "sales_orders.create",
    "carts.create",
    "carts.copy",
    "carts.add_item",
    "carts.move",
    "rmas.create",
    "spa.create",
    "webhooks.subscribe",
}


def test_exactly_the_creates_are_not_retry_safe() -> None:
    assert {name for name, e in ENDPOINTS.items() if not e.retry_safe} == CREATES


def test_read_only_posts_puts_and_deletes_retry() -> None:
    for name in ("spa.detail", "sales_orders.ship_quote", "sales_orders.cancel",
                 "carts.set_checkout_info"):  # fmt: skip
        assert ENDPOINTS[name].retry_safe, name
    for name, endpoint in ENDPOINTS.items():
        if endpoint.method in ("GET", "PUT", "DELETE"):
            assert endpoint.retry_safe, name


def test_only_the_sales_order_paths_are_unverified() -> None:
    unverified = {name for name, e in ENDPOINTS.items() if not e.verified}
    assert unverified == {name for name in ENDPOINTS if name.startswith("sales_orders.")}
    assert len(unverified) == 5


def test_every_endpoint_is_a_client_method_and_a_simulator_route() -> None:
    sim = Simulator(seed=1, catalog_size=100)
    client = sim.client()
    for name, endpoint in ENDPOINTS.items():
        group, method = name.split(".")
        assert callable(getattr(getattr(client, group), method)), name
        path = "/" + re.sub(r"\{[^}]+\}", "x1", endpoint.path)
        scope = {"type": "http", "path": path, "method": endpoint.method, "root_path": ""}
        matches = [route.matches(scope)[0] for route in sim.app.routes]
        assert Match.FULL in matches, name
