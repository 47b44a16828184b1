"""SalesOrder: create (asynchronous on the gateway), find and wait for an order, list, summary,
detail, serial numbers, shipping quotes, vendor-required data, cancel, and tracking.

One set of methods for both URL layouts (see ``_endpoints``): on the gateway ``create`` sends
the nested ``createAsync`` body and gets no order number back; on the legacy layout it sends
the flat body of the synchronous create. Tracking comes from the gateway's tracking endpoint,
or, on the legacy layout (which has none), from the order's invoices. Finding and listing
orders lives in ``_order_lookup``, the request bodies in ``_orders``.
"""

from __future__ import annotations

import builtins

import attrs

from .._convert import structure
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    RequestOptions,
    TimeoutArg,
)
from ..errors import OutcomeUnknownError
from ..models.sales_orders import (
    GatewayCreated,
    LegacyCreated,
    OrderError,
    OrderSubmission,
    SalesOrder,
    SalesOrderCancellation,
    SalesOrderRequest,
    ShipQuote,
    ShipQuoteRequest,
    TrackingInfo,
    VrdField,
    VrdFields,
)
from ._order_lookup import OrderLookup
from ._orders import gateway_body, legacy_body, tracking_of

__all__ = ["SalesOrdersResource"]


class SalesOrdersResource(OrderLookup):
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
        body = gateway_body(order) if gateway else legacy_body(order)
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
            json=gateway_body(order),
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
        return tracking_of(invoices)
