"""``client.vendor_usage``: vendor usage billed on an invoice."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.vendor_usage import VendorUsage
from ._base import Resource

__all__ = ["VendorUsageResource"]


class VendorUsageResource(Resource):
    """``client.vendor_usage``: usage billed per invoice."""

    async def get(
        self,
        vendor: str,
        bid: str,
        invoice_number: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> VendorUsage:
        """The usage billed on ``invoice_number`` under ``bid`` with ``vendor`` (404 if none)."""
        return await self._call_as(
            VendorUsage,
            "vendor_usage.get",
            path_params={"vendor": vendor, "bid": bid, "invoice_number": invoice_number},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
