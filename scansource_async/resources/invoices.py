"""Invoice: invoice summaries, invoices with lines and shipments, and their PDFs."""

from __future__ import annotations

from datetime import date

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from .._pagination import AsyncPaginator
from ..errors import InvalidResponseError
from ..models.invoices import Invoice, InvoiceSummary
from ._base import Resource

__all__ = ["InvoicesResource"]


class InvoicesResource(Resource):
    """``client.invoices``: invoices."""

    def summary(
        self,
        *,
        customer_number: str | None = None,
        sales_order_number: str | None = None,
        invoice_number: str | None = None,
        po_number: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[InvoiceSummary]:
        """The customer's invoices matching every filter given, page by page
        (``async for invoice in client.invoices.summary(...)``)."""
        return self._paginate(
            InvoiceSummary,
            "invoices.summary",
            path_params={"customer_number": self._customer_number(customer_number)},
            params=_filters(sales_order_number, invoice_number, po_number, from_date, to_date),
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    def list(
        self,
        *,
        customer_number: str | None = None,
        sales_order_number: str | None = None,
        invoice_number: str | None = None,
        po_number: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[Invoice]:
        """Like :meth:`summary`, each invoice with its lines."""
        return self._paginate(
            Invoice,
            "invoices.list",
            path_params={"customer_number": self._customer_number(customer_number)},
            params=_filters(sales_order_number, invoice_number, po_number, from_date, to_date),
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def detail(
        self,
        invoice_number: str,
        *,
        exclude_serial_tracking: bool = False,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Invoice:
        """An invoice with its lines, serial numbers and shipments (tracking numbers)."""
        return await self._call_as(
            Invoice,
            "invoices.detail",
            path_params={
                "customer_number": self._customer_number(customer_number),
                "invoice_number": invoice_number,
            },
            params={"excludeSerialTracking": exclude_serial_tracking},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def pdf(
        self,
        invoice_number: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> bytes:
        """The invoice as a PDF document, byte for byte."""
        body = await self._call(
            "invoices.pdf",
            path_params={
                "customer_number": self._customer_number(customer_number),
                "invoice_number": invoice_number,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
        if not isinstance(body, bytes) or not body.startswith(b"%PDF"):
            raise InvalidResponseError(
                "invoices.pdf: the answer is not a PDF document", status_code=200, body=None
            )
        return body


def _filters(
    sales_order_number: str | None,
    invoice_number: str | None,
    po_number: str | None,
    from_date: date | None,
    to_date: date | None,
) -> dict[str, object]:
    return {
        "salesOrderNumber": sales_order_number,
        "invoiceNumber": invoice_number,
        "poNumber": po_number,
        "fromDate": from_date,
        "toDate": to_date,
    }
