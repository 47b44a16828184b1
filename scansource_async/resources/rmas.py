"""Rma: return merchandise authorizations."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.rmas import Rma, RmaRequest
from ._base import Resource

__all__ = ["RmasResource"]


class RmasResource(Resource):
    """``client.rmas``: returns."""

    async def create(
        self,
        request: RmaRequest,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Rma:
        """Create an RMA. Never retried once sent, whatever ``max_retries`` says: an ambiguous
        failure raises :class:`~scansource_async.OutcomeUnknownError` (check the invoice's RMAs
        before retrying).
        """
        return await self._call_as(
            Rma,
            "rmas.create",
            params={"customerNumber": self._customer_number(customer_number)},
            json=self._checked(request, RmaRequest),
            reference=request.invoice_number,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
