"""CiscoDart: Cisco deal authorizations (DART)."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.cisco_dart import CiscoDartDetail, CiscoDartSummary
from ._base import Resource

__all__ = ["CiscoDartResource"]


class CiscoDartResource(Resource):
    """``client.cisco_dart``: Cisco deals."""

    async def summary(
        self,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[CiscoDartSummary]:
        """The customer's Cisco deals."""
        return await self._call_list(
            CiscoDartSummary,
            "cisco_dart.summary",
            params={"customerNumber": self._customer_number(customer_number)},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def detail(
        self,
        deal_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CiscoDartDetail:
        """A Cisco deal with its lines (404 if unknown)."""
        return await self._call_as(
            CiscoDartDetail,
            "cisco_dart.detail",
            params={"dealId": self._required(deal_id, "deal_id")},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
