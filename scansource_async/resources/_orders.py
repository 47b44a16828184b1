"""Sales order helpers: the create bodies of both URL layouts, and tracking gathered from
invoices (on the legacy layout, which has no tracking endpoint)."""

from __future__ import annotations

from typing import Any

import attrs

from .._convert import unstructure
from ..models.invoices import Invoice
from ..models.sales_orders import SalesOrderRequest, TrackingInfo

__all__ = ["gateway_body", "legacy_body", "tracking_of"]


def gateway_body(order: SalesOrderRequest) -> dict[str, Any]:
    """The nested ``createAsync`` body (api-notes.md, "SalesOrder")."""
    body: dict[str, Any] = unstructure(order)
    return body


def legacy_body(order: SalesOrderRequest) -> dict[str, Any]:
    """The flat body of the legacy synchronous create: ship method and address at the top,
    lines by ``ItemNumber`` / ``PartNumberType``."""
    nested = gateway_body(order)
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


def tracking_of(invoices: list[Invoice]) -> list[TrackingInfo]:
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
