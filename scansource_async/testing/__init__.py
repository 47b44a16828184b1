"""A simulated ScanSource Partner API for tests, benchmarks and demos (extra ``[simulator]``).

::

    from scansource_async.testing import Simulator, FaultModel

    sim = Simulator(seed=1, rate_limit=50, faults=FaultModel(error_rate=0.05))
    async with sim.client() as client:                  # in-process, no sockets
        ...
    async with sim.serve() as base_url:                 # uvicorn on 127.0.0.1, a free port
        async with sim.client(base_url) as client:
            ...
    sim.requests          # the request log
    sim.catalog.product(item, customer_number="1000001")  # the pricing oracle

See the docstrings of ``_catalog`` (item numbers, content, pricing rules), ``_customers``
(known customers), ``_faults`` (fault model and route keys), ``_middleware`` (auth, limits,
errors, the ``Request-Id`` header), ``_ledger`` and ``_history`` (order state and history) and
``routes/*`` (the JSON shapes of each endpoint).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .._extras import missing_extra

if TYPE_CHECKING:
    from ._catalog import BIG_MANUFACTURER, Catalog, CatalogItem, Deal, Stock
    from ._customers import DEFAULT_CUSTOMERS, Payer, SimulatedCustomer
    from ._faults import FaultModel
    from ._middleware import REQUEST_ID_HEADER
    from ._simulator import IN_PROCESS_BASE_URL, Simulator
    from ._state import RequestLog, RequestRecord, SimulatorStats
    from ._transport import SimulatorTransport

__all__ = [
    "BIG_MANUFACTURER",
    "DEFAULT_CUSTOMERS",
    "IN_PROCESS_BASE_URL",
    "REQUEST_ID_HEADER",
    "Catalog",
    "CatalogItem",
    "Deal",
    "FaultModel",
    "Payer",
    "RequestLog",
    "RequestRecord",
    "SimulatedCustomer",
    "Simulator",
    "SimulatorStats",
    "SimulatorTransport",
    "Stock",
]

# Names are imported on first use: the pytest plugin (``scansource_async.testing.pytest_plugin``)
# is loaded by every pytest run where the package is installed, and importing this package must
# not need the [simulator] extra (starlette, uvicorn) until a simulator is actually used.
_EXPORTS: dict[str, str] = {
    "REQUEST_ID_HEADER": "._middleware",
    "BIG_MANUFACTURER": "._catalog",
    "Catalog": "._catalog",
    "CatalogItem": "._catalog",
    "Deal": "._catalog",
    "Stock": "._catalog",
    "DEFAULT_CUSTOMERS": "._customers",
    "SimulatedCustomer": "._customers",
    "Payer": "._customers",
    "FaultModel": "._faults",
    "IN_PROCESS_BASE_URL": "._simulator",
    "Simulator": "._simulator",
    "RequestLog": "._state",
    "RequestRecord": "._state",
    "SimulatorStats": "._state",
    "SimulatorTransport": "._transport",
}
# Old spellings that keep working (``Customer`` read as the client's model of that name).
_ALIASES: dict[str, str] = {"Customer": "SimulatedCustomer"}


def __getattr__(name: str) -> Any:
    target = _ALIASES.get(name, name)
    module = _EXPORTS.get(target)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        found = importlib.import_module(module, __name__)
    except ImportError as exc:
        raise (missing_extra(f"scansource_async.testing.{name}", "simulator", exc) or exc) from exc
    value = getattr(found, target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
