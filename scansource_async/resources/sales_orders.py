"""SalesOrder: create (asynchronous on the gateway), find and wait for an order, list, summary,
detail, serial numbers, shipping quotes, vendor-required data, cancel, and tracking.

One set of methods for both URL layouts (see ``_endpoints``): on the gateway ``create`` sends
the nested ``createAsync`` body and gets no order number back; on the legacy layout it sends
the flat body of the synchronous create. Tracking comes from the gateway's tracking endpoint,
or, on the legacy layout (which has none), from the order's invoices.
"""

from __future__ import annotations

import builtins
import math
import time
from datetime import date
from typing import Any

import anyio
import attrs

from .._convert import structure, unstructure
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    NotGiven,
    RequestOptions,
    TimeoutArg,
)
from .._pagination import AsyncPaginator
from ..errors import DeadlineExceededError, OutcomeUnknownError, ValidationError
from ..models.invoices import Invoice
from ..models.sales_orders import (
    GatewayCreated,
    LegacyCreated,
    OrderError,
    OrderSerial,
    OrderSubmission,
    SalesOrder,
    SalesOrderCancellation,
    SalesOrderRequest,
    SalesOrderStatus,
    SalesOrderSummary,
    ShipQuote,
    ShipQuoteRequest,
    TrackingInfo,
    VrdField,
    VrdFields,
)
from ._base import Resource

__all__ = ["SalesOrders"]

#: how long ``wait_for`` waits for an order to appear unless told otherwise, in seconds
WAIT_FOR_TIMEOUT = 120.0


class SalesOrders(Resource):
    """``client.sales_orders``: sales orders."""

    async def create(
        self,
        order: SalesOrderRequest,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> OrderSubmission:
        """Place an order. Check ``.received`` and ``.errors`` (the API reports refusals such as
        an unknown item or a credit hold in a successful answer).

        On the gateway the order is created asynchronously and ``order_number`` is None: look
        it up with :meth:`find` or :meth:`wait_for` (by ``po_number`` / ``reference_number``).

        Never retried once sent, whatever ``max_retries`` says: the API has no idempotency key.
        An ambiguous failure raises :class:`~scansource_async.OutcomeUnknownError` carrying
        this order's ``po_number`` and ``reference_number``: :meth:`find` tells whether it was
        placed before trying again.
        """
        order = self._checked(order, SalesOrderRequest)
        number = self._customer_number(customer_number)
        gateway = self._client.config.api_layout == "gateway"
        body = _gateway_body(order) if gateway else _legacy_body(order)
        try:
            data = await self._call(
                "sales_orders.create",
                params={"customerNumber": number},
                json=body,
                reference=order.po_number,
                options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
            )
        except OutcomeUnknownError as error:
            error.reference_number = order.reference_number
            raise
        if gateway:
            created: GatewayCreated = structure(
                data, GatewayCreated, what="sales_orders.create response"
            )
            return OrderSubmission(
                received=bool(created.order_received),
                errors=created.errors,
                po_number=order.po_number,
                reference_number=order.reference_number,
            )
        legacy: LegacyCreated = structure(data, LegacyCreated, what="sales_orders.create response")
        errors = (OrderError(message=legacy.error_message),) if legacy.error_message else ()
        return OrderSubmission(
            received=bool(legacy.order_created),
            errors=errors,
            order_number=legacy.order_number,
            po_number=order.po_number,
            reference_number=order.reference_number,
        )

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
        for value, name in ((wait, "timeout"), (poll_interval, "poll_interval")):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError(f"{name} must be a number of seconds")
            if not math.isfinite(value) or value <= 0:
                raise ValidationError(f"{name} must be a positive number of seconds")
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
            params=_order_filters(
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
                **_order_filters(
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

    async def detail(
        self,
        sales_order_number: str,
        *,
        exclude_serial_tracking: bool = False,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SalesOrder:
        """An order with its addresses, lines, invoices, tracking numbers and deliveries
        (NotFoundError if unknown)."""
        return await self._call_as(
            SalesOrder,
            "sales_orders.detail",
            params={
                "customerNumber": self._customer_number(customer_number),
                "salesOrderNumber": self._required(sales_order_number, "sales_order_number"),
                "excludeSerialTracking": exclude_serial_tracking,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def ship_quote(
        self,
        request: ShipQuoteRequest,
        *,
        requestor: str | None = None,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> ShipQuote:
        """The ways the items can ship, with freight, and any errors (a read-only POST:
        retried like a GET)."""
        return await self._call_as(
            ShipQuote,
            "sales_orders.ship_quote",
            params={
                "customerNumber": self._customer_number(customer_number),
                "requestor": requestor,
            },
            json=self._checked(request, ShipQuoteRequest),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def vrd(
        self,
        order: SalesOrderRequest,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> builtins.list[VrdField]:
        """The vendor-required fields ``order`` must answer (in its ``vrd``) before it is
        placed. Read-only: retried like a GET."""
        order = self._checked(order, SalesOrderRequest)
        fields: VrdFields = await self._call_as(
            VrdFields,
            "sales_orders.vrd",
            params={"customerNumber": self._customer_number(customer_number)},
            json=_gateway_body(order),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
        return builtins.list(fields.vrd_items)

    async def cancel(
        self,
        sales_order_number: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SalesOrderCancellation:
        """Cancel an order (``DELETE``, **inferred** route). Cancelling twice is harmless, so it
        retries; an order that has shipped cannot be cancelled (``ConflictError``)."""
        return await self._call_as(
            SalesOrderCancellation,
            "sales_orders.cancel",
            params={
                "customerNumber": self._customer_number(customer_number),
                "salesOrderNumber": self._required(sales_order_number, "sales_order_number"),
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def tracking(
        self,
        sales_order_number: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> builtins.list[TrackingInfo]:
        """The order's tracking numbers (empty until it ships): the gateway's tracking
        endpoint, or, on the legacy layout (no such endpoint), gathered from the order's
        invoices: one detail call, then one invoice detail per invoice, in order (the options
        apply to each of these requests)."""
        options = RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries)
        number = self._customer_number(customer_number)
        order_number = self._required(sales_order_number, "sales_order_number")
        if self._has_route("sales_orders.tracking"):
            return await self._call_list(
                TrackingInfo,
                "sales_orders.tracking",
                params={"customerNumber": number, "salesOrderNumber": order_number},
                options=options,
            )
        each = attrs.asdict(options)  # the same options for every request below
        order = await self.detail(order_number, customer_number=number, **each)
        invoices = [
            await self._client.invoices.detail(invoice_number, customer_number=number, **each)
            for invoice_number in order.invoice_numbers
        ]
        return _tracking_of(invoices)


def _order_filters(
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


def _gateway_body(order: SalesOrderRequest) -> dict[str, Any]:
    """The nested ``createAsync`` body (api-notes.md, "SalesOrder")."""
    body: dict[str, Any] = unstructure(order)
    return body


def _legacy_body(order: SalesOrderRequest) -> dict[str, Any]:
    """The flat body of the legacy synchronous create: ship method and address at the top,
    lines by ``ItemNumber`` / ``PartNumberType``."""
    nested = _gateway_body(order)
    shipping = nested.pop("ShippingInfo")
    lines = nested.pop("Lines")
    body = {**nested, **shipping}
    body["Lines"] = [
        {
            "ItemNumber": line.pop("PartNumber"),
            "PartNumberType": line.pop("PartType"),
            **line,
        }
        for line in lines
    ]
    return body


def _tracking_of(invoices: builtins.list[Invoice]) -> builtins.list[TrackingInfo]:
    """One entry per (invoice, tracking number), listing the items it carried, in order."""
    found: dict[tuple[str, str], TrackingInfo] = {}
    for invoice in invoices:
        number = invoice.invoice_number or ""
        for line in invoice.invoice_lines:
            for shipment in line.shipments:
                if not shipment.tracking_number:
                    continue
                key = (number, shipment.tracking_number)
                info = found.get(key) or TrackingInfo(
                    tracking_number=shipment.tracking_number,
                    invoice_number=number,
                    carrier=shipment.carrier,
                    ship_date=shipment.ship_date,
                )
                if line.item_number and line.item_number not in info.item_numbers:
                    info = attrs.evolve(info, item_numbers=(*info.item_numbers, line.item_number))
                found[key] = info
    return builtins.list(found.values())
