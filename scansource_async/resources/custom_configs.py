"""CustomConfig: the custom configurations available to a customer."""

from __future__ import annotations

from ..models.custom_configs import CustomConfig
from ._base import Resource

__all__ = ["CustomConfigs"]


class CustomConfigs(Resource):
    """``client.custom_configs``: custom configurations."""

    async def list(self, customer_number: str | None = None) -> list[CustomConfig]:
        """The customer's custom configurations."""
        return await self._call_list(
            CustomConfig,
            "custom_configs.list",
            params={"customerNumber": self._customer_number(customer_number)},
        )
