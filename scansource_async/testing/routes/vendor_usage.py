"""VendorUsage group: ``GET vendorusage/{vendor}/{bid}/{invoiceNumber}``.

Usage exists for a known vendor (see ``vendor_quote``), a ``bid`` that is one of that vendor's
quote deal IDs (``DZX00001`` …) and an invoice the caller can see (any customer's). Answer,
deterministic per (vendor, bid, invoice): ``{Vendor, Bid, InvoiceNumber, CustomerNumber,
CurrencyCode, Total, Lines: [{ItemNumber, Description, Quantity, UsageDate, UnitPrice,
Amount}]}``. Anything unknown → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog_data import _mix
from .._history import stable_hash
from .._json import money_decimal
from ._common import ApiError, json_response
from ._helpers import iso, ledger, tenant
from ._router import Handler
from .vendor_quote import quotes_of

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "VendorUsage"


async def usage(request: Request) -> Response:
    book = ledger(request)
    vendor, bid = request.path_params["vendor"], request.path_params["bid"]
    number = request.path_params["invoiceNumber"]
    quote = next((q for q in quotes_of(book, vendor) if q["DealID"] == bid), None)
    if quote is None:
        raise ApiError(404, f"Bid '{bid}' not found for vendor '{vendor}'")
    invoice = book.find_any_invoice(tenant(request), number)
    if invoice is None:
        raise ApiError(404, f"Invoice '{number}' not found")
    h = stable_hash(vendor.lower(), bid, number)
    lines = []
    for k, quoted in enumerate(quote["Lines"]):
        quantity = 1 + _mix(h + k) % 12
        unit = int(quoted["UnitPrice"] * 100) // 10
        lines.append(
            {
                "ItemNumber": quoted["ItemNumber"],
                "Description": f"{quoted['Description']} - usage",
                "Quantity": quantity,
                "UsageDate": iso(invoice.invoice_date - timedelta(days=1 + (h >> k) % 27)),
                "UnitPrice": money_decimal(unit),
                "Amount": money_decimal(unit * quantity),
            }
        )
    return json_response(
        {
            "Vendor": quote["Vendor"],
            "Bid": bid,
            "InvoiceNumber": invoice.number,
            "CustomerNumber": invoice.order.customer_number,
            "CurrencyCode": quote["CurrencyCode"],
            "Total": sum((line["Amount"] for line in lines), money_decimal(0)),
            "Lines": lines,
        }
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "vendor_usage.get": usage,
}
