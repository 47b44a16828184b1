"""CiscoDart: Cisco deal authorizations (DART)."""

from __future__ import annotations

from ..models.cisco_dart import CiscoDartDetail, CiscoDartSummary
from ._base import Resource

__all__ = ["CiscoDart"]


class CiscoDart(Resource):
    """``client.cisco_dart``: Cisco deals."""

    async def summary(self, customer_number: str | None = None) -> list[CiscoDartSummary]:
        """The customer's Cisco deals."""
        return await self._call_list(
            CiscoDartSummary,
            "cisco_dart.summary",
            params={"customerNumber": self._customer_number(customer_number)},
        )

    async def detail(self, deal_id: str) -> CiscoDartDetail:
        """A Cisco deal with its lines (404 if unknown)."""
        return await self._call_as(
            CiscoDartDetail,
            "cisco_dart.detail",
            params={"dealId": self._required(deal_id, "deal_id")},
        )
