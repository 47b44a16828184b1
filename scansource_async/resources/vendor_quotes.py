"""VendorQuote: quotes from vendors."""

from __future__ import annotations

from datetime import date

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.vendor_quotes import VendorQuote, VendorQuoteStatus, VendorQuoteSummary
from ._base import Resource

__all__ = ["VendorQuotesResource"]


class VendorQuotesResource(Resource):
    """``client.vendor_quotes``: vendor quotes."""

    async def get(
        self,
        vendor: str,
        quote_number: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> VendorQuote:
        """A vendor quote with its lines (404 if unknown)."""
        return await self._call_as(
            VendorQuote,
            "vendor_quotes.get",
            path_params={"vendor": vendor, "quote_number": quote_number},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def list(
        self,
        vendor: str,
        *,
        deal_id: str | None = None,
        deal_name: str | None = None,
        quote_name: str | None = None,
        status: VendorQuoteStatus | str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[VendorQuoteSummary]:
        """The vendor's quotes matching every filter given."""
        return await self._call_list(
            VendorQuoteSummary,
            "vendor_quotes.list",
            path_params={"vendor": vendor},
            params={
                "dealId": deal_id,
                "dealName": deal_name,
                "quoteName": quote_name,
                "status": status,
                "fromDate": from_date,
                "toDate": to_date,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
