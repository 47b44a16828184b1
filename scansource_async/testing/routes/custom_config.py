"""CustomConfig group: ``GET customconfig/list?customerNumber=``.

Answer: a JSON array of five deterministic configurations per customer: ``{ConfigNumber, Name,
Description, BaseItemNumber, Price, CurrencyCode, CreatedDate, Components: [{ItemNumber,
Description, Quantity}]}`` (``Price`` is the customer's cost of the components). An unknown or
missing customer number is a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from ._common import json_response, query_customer
from ._helpers import iso, ledger
from ._router import Handler

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "CustomConfig"


async def list_configs(request: Request) -> Response:
    customer = query_customer(request)
    configs = ledger(request).history(customer).configs
    return json_response([{**c, "CreatedDate": iso(c["CreatedDate"])} for c in configs])


HANDLERS: Final[Mapping[str, Handler]] = {
    "custom_configs.list": list_configs,
}
