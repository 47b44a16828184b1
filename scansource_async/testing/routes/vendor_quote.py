"""VendorQuote group: ``GET vendorquote/{vendor}/{quoteNumber}``, ``GET vendorquote/list/{vendor}``.

Vendors are the catalog's manufacturers (``Zentrix``, ``Aldora`` …, case-insensitive); each has
30 deterministic quotes ``Q<prefix>00001`` … (``prefix`` is the manufacturer's MPN prefix, e.g.
``QZX00001``) with deal IDs ``D<prefix>00001`` … (the ``bid`` of vendor usage).

* list → a JSON array of ``{Vendor, QuoteNumber, QuoteName, DealID, DealName, Status ("Open" |
  "Ordered" | "Expired"), EndUser, CreatedDate, ExpirationDate, CurrencyCode, Total}``, oldest
  first; filters ``dealId`` (exact), ``dealName``/``quoteName`` (case-insensitive substring),
  ``status`` (case-insensitive), ``fromDate``/``toDate`` (on ``CreatedDate``).
* get → the same object plus ``Lines: [{LineNumber, ItemNumber, ManufacturerPartNumber,
  Description, Quantity, UnitPrice, ExtendedPrice}]``.

Unknown vendor or quote → 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._catalog_data import MANUFACTURERS
from .._history import HISTORY_END, history_item, stable_hash
from .._json import money_decimal
from .._ledger import Ledger
from .._state import SimulatorState
from ._common import ApiError, json_response
from ._helpers import iso, ledger, query_date
from ._router import Handler

__all__ = ["GROUP", "HANDLERS", "quotes_of", "vendor_name", "vendor_quotes"]

GROUP: Final = "VendorQuote"
_QUOTES_PER_VENDOR: Final = 30
_SITES: Final = ("retail", "warehouse", "clinic")


def vendor_name(vendor: str) -> str | None:
    """The manufacturer a vendor path segment names (case-insensitive), or None."""
    wanted = vendor.strip().lower()
    return next((name for name, _ in MANUFACTURERS if name.lower() == wanted), None)


def _draw_quotes(state: SimulatorState, vendor: str) -> list[dict[str, Any]]:
    """The quotes of a known vendor (see :func:`vendor_name`), oldest first."""
    prefix = dict(MANUFACTURERS)[vendor]
    quotes = []
    for n in range(1, _QUOTES_PER_VENDOR + 1):
        h = stable_hash(state.seed, vendor, "quote", n)
        created = HISTORY_END - timedelta(days=(_QUOTES_PER_VENDOR - n) * 11 + h % 5)
        lines: list[dict[str, Any]] = []
        for k in range(1 + h % 3):
            item = history_item(state.catalog, h, k)
            unit = item.msrp_usd_cents * (70 + (h >> k) % 20) // 100
            quantity = 1 + (h >> (4 * k)) % 25
            lines.append(
                {
                    "LineNumber": k + 1,
                    "ItemNumber": item.item_number,
                    "ManufacturerPartNumber": item.manufacturer_part_number,
                    "Description": item.description,
                    "Quantity": quantity,
                    "UnitPrice": money_decimal(unit),
                    "ExtendedPrice": money_decimal(unit * quantity),
                }
            )
        quotes.append(
            {
                "Vendor": vendor,
                "QuoteNumber": f"Q{prefix}{n:05d}",
                "QuoteName": f"{vendor} quote {n} for {_SITES[h % 3]}",
                "DealID": f"D{prefix}{n:05d}",
                "DealName": f"{vendor} deal {n}",
                "Status": ("Open", "Ordered", "Expired")[(h >> 3) % 3],
                "EndUser": f"End user {(h >> 8) % 1000:03d}",
                "CreatedDate": created,
                "ExpirationDate": created + timedelta(days=90),
                "CurrencyCode": "USD",
                "Total": money_decimal(sum(int(line["ExtendedPrice"] * 100) for line in lines)),
                "Lines": lines,
            }
        )
    return quotes


def vendor_quotes(book: Ledger, vendor: str) -> list[dict[str, Any]]:
    """The quotes of a known vendor (see :func:`vendor_name`), oldest first (drawn once)."""
    return book.generated("quotes", vendor, lambda: _draw_quotes(book.state, vendor))


def quotes_of(book: Ledger, vendor: str) -> list[dict[str, Any]]:
    """The quotes of the vendor a path names; 404 for an unknown vendor."""
    name = vendor_name(vendor)
    if name is None:
        raise ApiError(404, f"Vendor '{vendor}' not found")
    return vendor_quotes(book, name)


def _summary(quote: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in quote.items() if k != "Lines"}
    row["CreatedDate"] = iso(quote["CreatedDate"])
    row["ExpirationDate"] = iso(quote["ExpirationDate"])
    return row


async def get_quote(request: Request) -> Response:
    number = request.path_params["quoteNumber"]
    quotes = quotes_of(ledger(request), request.path_params["vendor"])
    quote = next((q for q in quotes if q["QuoteNumber"].lower() == number.lower()), None)
    if quote is None:
        raise ApiError(404, f"Quote '{number}' not found")
    return json_response({**_summary(quote), "Lines": quote["Lines"]})


async def list_quotes(request: Request) -> Response:
    quotes = quotes_of(ledger(request), request.path_params["vendor"])
    params = request.query_params
    deal_id = params.get("dealId") or None
    deal_name = (params.get("dealName") or "").lower()
    quote_name = (params.get("quoteName") or "").lower()
    status = (params.get("status") or "").lower() or None
    low, high = query_date(request, "fromDate"), query_date(request, "toDate")
    return json_response(
        [
            _summary(q)
            for q in quotes
            if (deal_id is None or q["DealID"] == deal_id)
            and deal_name in q["DealName"].lower()
            and quote_name in q["QuoteName"].lower()
            and (status is None or q["Status"].lower() == status)
            and (low is None or q["CreatedDate"] >= low)
            and (high is None or q["CreatedDate"] <= high)
        ]
    )


HANDLERS: Final[Mapping[str, Handler]] = {
    "vendor_quotes.get": get_quote,
    "vendor_quotes.list": list_quotes,
}
