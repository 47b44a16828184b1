"""SalesOrder: create, list, detail, shipping quotes, cancel, and tracking.

None of these paths is in the seeds' endpoint table (see api-notes.md and the README's
"Coverage"): they are marked ``verified=False`` in the endpoint table, and ``path_prefixes``
can move them.
"""

from __future__ import annotations

import builtins
from datetime import date

import attrs

from .._pagination import AsyncPaginator
from ..models.invoices import Invoice
from ..models.sales_orders import (
    SalesOrder,
    SalesOrderCancellation,
    SalesOrderCreated,
    SalesOrderRequest,
    SalesOrderStatus,
    SalesOrderSummary,
    ShippingOption,
    ShipQuoteRequest,
    TrackingInfo,
)
from ._base import Resource

__all__ = ["SalesOrders"]


class SalesOrders(Resource):
    """``client.sales_orders``: sales orders."""

    async def create(
        self, order: SalesOrderRequest, *, customer_number: str | None = None
    ) -> SalesOrderCreated:
        """Place an order. Check ``.order_created`` (the API reports refusals such as a credit
        hold in a successful answer, with ``.error_message``).

        Never retried once sent: the API has no idempotency key. An ambiguous failure raises
        :class:`~scansource_async.OutcomeUnknownError` whose ``.po_number`` is this order's;
        find out what happened with ``list(po_number=...)`` before placing it again.
        """
        return await self._call_as(
            SalesOrderCreated,
            "sales_orders.create",
            params={"customerNumber": self._customer_number(customer_number)},
            json=self._checked(order, SalesOrderRequest),
            reference=order.po_number,
        )

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
    ) -> AsyncPaginator[SalesOrderSummary]:
        """The customer's orders matching every filter given, page by page."""
        return self._paginate(
            SalesOrderSummary,
            "sales_orders.list",
            path_params={"customer_number": self._customer_number(customer_number)},
            params={
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
            },
            page_size=page_size,
            max_pages=max_pages,
        )

    async def detail(
        self,
        sales_order_number: str,
        *,
        exclude_serial_tracking: bool = False,
        customer_number: str | None = None,
    ) -> SalesOrder:
        """An order with its lines and the numbers of its invoices (404 if unknown)."""
        return await self._call_as(
            SalesOrder,
            "sales_orders.detail",
            params={
                "salesOrderNumber": self._required(sales_order_number, "sales_order_number"),
                "customerNumber": self._customer_number(customer_number),
                "excludeSerialTracking": exclude_serial_tracking,
            },
        )

    async def ship_quote(
        self,
        request: ShipQuoteRequest,
        *,
        requestor: str | None = None,
        customer_number: str | None = None,
    ) -> builtins.list[ShippingOption]:
        """The ways the items can ship, with freight (a read-only POST: retried like a GET)."""
        return await self._call_list(
            ShippingOption,
            "sales_orders.ship_quote",
            params={
                "customerNumber": self._customer_number(customer_number),
                "requestor": requestor,
            },
            json=self._checked(request, ShipQuoteRequest),
        )

    async def cancel(
        self, sales_order_number: str, *, customer_number: str | None = None
    ) -> SalesOrderCancellation:
        """Cancel an order (**unverified** path). Cancelling twice is harmless, so it retries;
        an order that has shipped cannot be cancelled (``ConflictError``)."""
        return await self._call_as(
            SalesOrderCancellation,
            "sales_orders.cancel",
            params={
                "customerNumber": self._customer_number(customer_number),
                "salesOrderNumber": self._required(sales_order_number, "sales_order_number"),
            },
        )

    async def tracking(
        self, sales_order_number: str, *, customer_number: str | None = None
    ) -> builtins.list[TrackingInfo]:
        """The order's tracking numbers, gathered from its invoices' shipments (the API has no
        tracking endpoint): one detail call, then one invoice detail per invoice, in order (an
        order has few invoices; errors surface as the call's own typed error). Empty until the
        order has shipped."""
        number = self._customer_number(customer_number)
        order = await self.detail(sales_order_number, customer_number=number)
        invoices = [
            await self._client.invoices.detail(invoice_number, customer_number=number)
            for invoice_number in order.invoice_numbers
        ]
        return _tracking_of(invoices)


def _tracking_of(invoices: list[Invoice]) -> list[TrackingInfo]:
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
    return list(found.values())
