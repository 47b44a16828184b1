"""CustomConfig group: ``GET customconfig/list?customerNumber=``.

Answer: a JSON array of five deterministic configurations per customer: ``{ConfigNumber, Name,
Description, BaseItemNumber, Price, CurrencyCode, CreatedDate, Components: [{ItemNumber,
Description, Quantity}]}`` (``Price`` is the customer's cost of the components). An unknown or
missing customer number is a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._customers import SimulatedCustomer
from .._history import customer_code, history_item, stable_hash
from .._json import money_decimal
from .._state import SimulatorState
from ._common import json_response, query_customer, state_of
from ._helpers import iso, ledger
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "CustomConfig"
_CONFIGS: Final = 5


def _draw_configs(state: SimulatorState, customer: SimulatedCustomer) -> list[dict[str, Any]]:
    code = customer_code(customer)
    configs = []
    for n in range(1, _CONFIGS + 1):
        h = stable_hash(state.seed, customer.number, "config", n)
        parts = [history_item(state.catalog, h, k) for k in range(3 + h % 3)]
        components: list[dict[str, Any]] = [
            {"ItemNumber": item.item_number, "Description": item.description,
             "Quantity": 1 + (h >> (4 * k)) % 3}
            for k, item in enumerate(parts)
        ]  # fmt: skip
        price = sum(
            state.catalog.cost_cents(item, customer, customer.warehouse) * c["Quantity"]
            for item, c in zip(parts, components, strict=True)
        )
        configs.append(
            {
                "ConfigNumber": f"CC{code}{n:03d}",
                "Name": f"{parts[0].product_type} bundle {n}",
                "Description": f"{parts[0].description} with {len(parts) - 1} accessories",
                "BaseItemNumber": parts[0].item_number,
                "Price": money_decimal(price),
                "CurrencyCode": customer.currency,
                "CreatedDate": datetime(2024, 1 + n, 1 + h % 27, 9, 0),
                "Components": components,
            }
        )
    return configs


async def list_configs(request: Request) -> Response:
    customer = query_customer(request)
    state = state_of(request)
    configs = ledger(request).generated(
        "configs", customer.number, lambda: _draw_configs(state, customer)
    )
    return json_response([{**c, "CreatedDate": iso(c["CreatedDate"])} for c in configs])


HANDLERS: Final[Mapping[str, Handler]] = {
    "custom_configs.list": list_configs,
}
