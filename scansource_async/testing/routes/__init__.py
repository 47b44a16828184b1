"""The simulator's routes, one module per API group.

Each group module defines ``GROUP`` (its API group name) and ``HANDLERS`` (operation name of the
client's endpoint table -> handler). Paths are not written here: the router serves every
handler at its route in the simulator's layout, read from the client's own table
(``resources/_endpoints.py``). To add a group, write ``routes/<group>.py`` the same way and add
its module name to :data:`GROUP_MODULES`. The token endpoint is a plain Starlette route.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Final

from starlette.routing import BaseRoute, Route

from ...resources._endpoints import ENDPOINTS
from ._router import Handler, Router

__all__ = [
    "GROUP_MODULES",
    "api_names",
    "api_prefixes",
    "build_router",
    "build_routes",
    "group_modules",
    "handlers",
]

#: one line per API group
GROUP_MODULES: Final[tuple[str, ...]] = (
    "product",
    "customer",
    "partner_profile",
    "custom_config",
    "address",
    "rma",
    "vendor_order",
    "spa",
    "invoice",
    "system_central",
    "cart",
    "cisco_dart",
    "sales_order",
    "webhook",
    "vendor_quote",
    "vendor_usage",
)

_METHODS: Final = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]


def group_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in GROUP_MODULES]


def handlers() -> dict[str, Handler]:
    """Every operation's handler, by operation name."""
    found: dict[str, Handler] = {}
    for module in group_modules():
        table: Mapping[str, Handler] = module.HANDLERS
        for name, handler in table.items():
            assert name in ENDPOINTS, f"{module.__name__}: unknown operation {name}"
            assert name not in found, f"two handlers for {name}"
            found[name] = handler
    return found


def build_router(layout: str) -> Router:
    """The router of every API operation in ``layout``."""
    return Router(layout, handlers())


def build_routes(router: Router) -> list[BaseRoute]:
    """The token endpoint, then every API operation through ``router``."""
    from . import token

    return [*token.ROUTES, Route("/{path:path}", router.dispatch, methods=_METHODS)]


def api_names() -> list[str]:
    """The API group names served (the token endpoint is not an API group)."""
    return [m.GROUP for m in group_modules()]


def api_prefixes() -> set[str]:
    """The group segment of every legacy route (``product``, ``customer`` …), also the
    segment after ``scsc/`` on the gateway."""
    return {
        endpoint.legacy.split("/", 1)[0].lower()
        for endpoint in ENDPOINTS.values()
        if endpoint.legacy is not None
    }
