"""Finding sales orders: ``find`` and ``wait_for`` one order, and the paged listings
``list``, ``summary`` and ``serials``."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import anyio

from .. import _checks as checks
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    NotGiven,
    RequestOptions,
    TimeoutArg,
)
from .._pagination import AsyncPaginator
from ..errors import DeadlineExceededError, ValidationError
from ..models.sales_orders import OrderSerial, SalesOrderStatus, SalesOrderSummary
from ._base import Resource

__all__ = ["WAIT_FOR_TIMEOUT", "OrderLookup"]

#: how long ``wait_for`` waits for an order to appear unless told otherwise, in seconds
WAIT_FOR_TIMEOUT = 120.0


class OrderLookup(Resource):
    """The calls of ``client.sales_orders`` that find and list orders."""

    async def find(
        self,
        *,
        po_number: str | None = None,
        reference_number: str | None = None,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SalesOrderSummary | None:
        """The order with this PO number and/or reference number, or None if the list does not
        show it (yet). The newest one if several match."""
        if po_number is None and reference_number is None:
            raise ValidationError("find needs po_number or reference_number")
        for value, name in ((po_number, "po_number"), (reference_number, "reference_number")):
            if value is not None:
                self._required(value, name)
        page = self.list(
            po_number=po_number,
            reference_number=reference_number,
            customer_number=customer_number,
            page_size=10,
            max_pages=1,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
        )
        async for row in page:
            return row
        return None

    async def wait_for(
        self,
        *,
        po_number: str | None = None,
        reference_number: str | None = None,
        timeout: float | NotGiven = NOT_GIVEN,
        poll_interval: float = 2.0,
        customer_number: str | None = None,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SalesOrderSummary:
        """Poll :meth:`find` until the order appears (after an asynchronous create); raises
        :class:`~scansource_async.DeadlineExceededError` if it has not within ``timeout``
        seconds (120 unless given).

        Here ``timeout`` bounds the whole wait, not one attempt: each poll is one :meth:`find`
        call with the client's attempt timeout, bounded by ``deadline`` and retried up to
        ``max_retries`` times.
        """
        wait = WAIT_FOR_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        checks.seconds(wait, "timeout")
        checks.seconds(poll_interval, "poll_interval")
        options = RequestOptions(deadline=deadline, max_retries=max_retries)
        give_up = time.monotonic() + wait
        while True:
            found = await self.find(
                po_number=po_number,
                reference_number=reference_number,
                customer_number=customer_number,
                deadline=options.deadline,
                max_retries=options.max_retries,
            )
            if found is not None:
                return found
            left = give_up - time.monotonic()
            if left <= 0:
                raise DeadlineExceededError(
                    f"no order with po_number={po_number!r} reference_number="
                    f"{reference_number!r} appeared within {wait} s"
                )
            await anyio.sleep(min(poll_interval, left))

    def list(
        self,
        *,
        customer_number: str | None = None,
        sales_order_number: str | None = None,
        po_number: str | None = None,
        end_user_po: str | None = None,
        shipping_city: str | None = None,
        reference_number: str | None = None,
        status: SalesOrderStatus | str | None = None,
        doc_type: str | None = None,
        include_schedule_lines: bool | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        from_last_change_date: date | None = None,
        to_last_change_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[SalesOrderSummary]:
        """The customer's orders matching every filter given, page by page."""
        return self._paginate(
            SalesOrderSummary,
            "sales_orders.list",
            path_params={"customer_number": self._customer_number(customer_number)},
            params=order_filters(
                sales_order_number=sales_order_number,
                po_number=po_number,
                end_user_po=end_user_po,
                shipping_city=shipping_city,
                reference_number=reference_number,
                status=status,
                doc_type=doc_type,
                include_schedule_lines=include_schedule_lines,
                from_date=from_date,
                to_date=to_date,
                from_last_change_date=from_last_change_date,
                to_last_change_date=to_last_change_date,
            ),
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    def summary(
        self,
        *,
        customer_number: str | None = None,
        sales_order_number: str | None = None,
        po_number: str | None = None,
        end_user_po: str | None = None,
        shipping_city: str | None = None,
        reference_number: str | None = None,
        status: SalesOrderStatus | str | None = None,
        doc_type: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        from_last_change_date: date | None = None,
        to_last_change_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[SalesOrderSummary]:
        """The sales order summary (**inferred** route), paged, with :meth:`list`'s filters."""
        return self._paginate(
            SalesOrderSummary,
            "sales_orders.summary",
            params={
                "customerNumber": self._customer_number(customer_number),
                **order_filters(
                    sales_order_number=sales_order_number,
                    po_number=po_number,
                    end_user_po=end_user_po,
                    shipping_city=shipping_city,
                    reference_number=reference_number,
                    status=status,
                    doc_type=doc_type,
                    from_date=from_date,
                    to_date=to_date,
                    from_last_change_date=from_last_change_date,
                    to_last_change_date=to_last_change_date,
                ),
            },
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    def serials(
        self,
        *,
        customer_number: str | None = None,
        sales_order_number: str | None = None,
        po_number: str | None = None,
        invoice_number: str | None = None,
        serial_number: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[OrderSerial]:
        """Serial numbers shipped on the customer's orders (pages of up to 1000)."""
        return self._paginate(
            OrderSerial,
            "sales_orders.serials",
            params={
                "customerNumber": self._customer_number(customer_number),
                "salesOrderNumber": sales_order_number,
                "poNumber": po_number,
                "invoiceNumber": invoice_number,
                "serialNumber": serial_number,
                "fromDate": from_date,
                "toDate": to_date,
            },
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )


def order_filters(
    *,
    sales_order_number: str | None = None,
    po_number: str | None = None,
    end_user_po: str | None = None,
    shipping_city: str | None = None,
    reference_number: str | None = None,
    status: SalesOrderStatus | str | None = None,
    doc_type: str | None = None,
    include_schedule_lines: bool | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    from_last_change_date: date | None = None,
    to_last_change_date: date | None = None,
) -> dict[str, Any]:
    return {
        "salesOrderNumber": sales_order_number,
        "poNumber": po_number,
        "endUserPO": end_user_po,
        "shippingCity": shipping_city,
        "referenceNumber": reference_number,
        "status": status,
        "docType": doc_type,
        "includeScheduleLines": include_schedule_lines,
        "fromDate": from_date,
        "toDate": to_date,
        "fromLastChangeDate": from_last_change_date,
        "toLastChangeDate": to_last_change_date,
    }
