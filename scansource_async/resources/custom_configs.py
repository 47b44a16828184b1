"""CustomConfig: the custom configurations available to a customer."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.custom_configs import CustomConfig
from ._base import Resource

__all__ = ["CustomConfigsResource"]


class CustomConfigsResource(Resource):
    """``client.custom_configs``: custom configurations."""

    async def list(
        self,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[CustomConfig]:
        """The customer's custom configurations."""
        return await self._call_list(
            CustomConfig,
            "custom_configs.list",
            params={"customerNumber": self._customer_number(customer_number)},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
