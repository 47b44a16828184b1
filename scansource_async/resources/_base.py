"""The one pattern every resource follows: look up the endpoint, send, structure the result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._convert import structure, unstructure
from ..errors import ValidationError
from ._endpoints import ENDPOINTS

if TYPE_CHECKING:
    from .._client import ScanSourceClient

__all__ = ["Resource"]

T = TypeVar("T")


class Resource:
    """Base of the API groups: holds the client and sends calls by endpoint name."""

    def __init__(self, client: ScanSourceClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _customer_number(self, customer_number: str | None) -> str:
        """The per-call customer number, or the client's default."""
        number = customer_number or self._client.customer_number
        if not number:
            raise ValidationError(
                "customer_number is required: pass it to the call or to the client"
            )
        return number

    async def _call(
        self,
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        reference: str | None = None,
    ) -> Any:
        spec = ENDPOINTS[endpoint]
        body = None if json is None else unstructure(json)
        return await self._client._send(
            spec.method,
            spec.path,
            path_params=path_params,
            params=params,
            json=body,
            retry_safe=spec.retry_safe,
            operation=spec.name,
            reference=reference,
        )

    async def _call_as(
        self,
        cls: type[T] | Any,
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        reference: str | None = None,
    ) -> T:
        """Like ``_call``, structuring the answer as ``cls``."""
        data = await self._call(
            endpoint, path_params=path_params, params=params, json=json, reference=reference
        )
        result: T = structure(data, cls, what=f"{endpoint} response")
        return result
