"""The simulator's routes, one module per API group.

Each group module defines ``GROUP`` (its API group name) and ``ROUTES`` (Starlette routes, paths
as in the seeds with a leading slash). To add a group, write ``routes/<group>.py`` the same way
and add its module name to :data:`GROUP_MODULES`.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

from starlette.routing import BaseRoute, Route

__all__ = ["GROUP_MODULES", "api_names", "api_prefixes", "build_routes", "group_modules"]

#: one line per API group (order matters only for overlapping paths)
GROUP_MODULES: Final[tuple[str, ...]] = (
    "token",
    "product",
    "customer",
    "partner_profile",
    "custom_config",
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


def group_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in GROUP_MODULES]


def build_routes() -> list[BaseRoute]:
    """Every group's routes, in :data:`GROUP_MODULES` order."""
    return [route for module in group_modules() for route in module.ROUTES]


def api_names() -> list[str]:
    """The API group names served (the token endpoint is not an API group)."""
    return [m.GROUP for m in group_modules() if m.__name__.rsplit(".", 1)[1] != "token"]


def api_prefixes() -> set[str]:
    """First path segments of the API routes (``product``, ``customer`` …)."""
    return {
        route.path.strip("/").split("/", 1)[0].lower()
        for module in group_modules()
        if module.__name__.rsplit(".", 1)[1] != "token"
        for route in module.ROUTES
        if isinstance(route, Route)
    }
