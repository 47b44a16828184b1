"""Every endpoint the client calls, in one table: method, path template, and retry safety.

Retry safety is decided here per operation, not per HTTP method. Reads and idempotent updates
retry; creates never retry once the request may have reached the server, and an ambiguous
failure raises OutcomeUnknownError instead. ``verified=False`` marks paths that are not in the
API's published endpoint list (see README, "Coverage").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["ENDPOINTS", "Endpoint"]


@attrs.frozen
class Endpoint:
    name: str
    method: str
    path: str
    retry_safe: bool = True
    verified: bool = True


def _table(*endpoints: Endpoint) -> Mapping[str, Endpoint]:
    table = {endpoint.name: endpoint for endpoint in endpoints}
    assert len(table) == len(endpoints), "duplicate endpoint name"
    return table


ENDPOINTS: Final[Mapping[str, Endpoint]] = _table(
    # Product (pricing and availability are read-only POSTs: safe to retry)
    Endpoint("products.pricing", "POST", "product/pricing"),
    Endpoint("products.availability", "POST", "product/availability"),
    Endpoint("products.search", "GET", "product/search"),
    Endpoint("products.detail", "GET", "product/detail"),
    # Customer
    Endpoint("customers.get", "GET", "customer/{customer_number}"),
    Endpoint("customers.credit_data", "GET", "customer/creditdata/{customer_number}/{region}"),
    Endpoint("customers.payers", "GET", "customer/payers/{customer_number}/{business_unit}"),
    # PartnerProfile
    Endpoint("partner_profile.get", "GET", "partnerprofile"),
    Endpoint("partner_profile.validate", "GET", "partnerprofile/validate"),
    # CustomConfig
    Endpoint("custom_configs.list", "GET", "customconfig/list"),
    # Rma
    Endpoint("rmas.create", "POST", "rma", retry_safe=False),
    # VendorOrder
    Endpoint("vendor_orders.subscription", "GET", "vendororder/subscription/{subscription_id}"),
    # Spa (spa/detail is a read-only POST: safe to retry)
    Endpoint("spa.create", "POST", "spa", retry_safe=False),
    Endpoint("spa.summary", "GET", "spa/summary"),
    Endpoint("spa.detail", "POST", "spa/detail"),
    # Invoice
    Endpoint("invoices.summary", "GET", "invoice/summary/{customer_number}"),
    Endpoint("invoices.list", "GET", "invoice/list/{customer_number}"),
    Endpoint("invoices.detail", "GET", "invoice/detail/{customer_number}/{invoice_number}"),
    Endpoint("invoices.pdf", "GET", "invoice/pdf/{customer_number}/{invoice_number}"),
    # SystemCentral
    Endpoint("system_central.summary", "GET", "systemcentral/summary/{customer_number}"),
    # Cart (creates never retry; PUT/DELETE and the checkout-info upsert are idempotent)
    Endpoint("carts.get", "GET", "cart/{key}"),
    Endpoint("carts.exists", "GET", "cart/exists/{key}"),
    Endpoint("carts.create", "POST", "cart/{key}", retry_safe=False),
    Endpoint("carts.update", "PUT", "cart/{key}"),
    Endpoint("carts.copy", "POST", "cart/copy/{key}/{cart_id}", retry_safe=False),
    Endpoint("carts.delete", "DELETE", "cart/{key}"),
    Endpoint("carts.list", "GET", "cart/list/{key}"),
    Endpoint("carts.add_item", "POST", "cart/item/{key}", retry_safe=False),
    Endpoint("carts.update_item", "PUT", "cart/item/{key}/{cart_id}"),
    Endpoint("carts.delete_item", "DELETE", "cart/item/{key}/{item_id}"),
    Endpoint("carts.clear", "DELETE", "cart/clear/{key}"),
    Endpoint("carts.has_current", "GET", "cart/hascurrent/{key}"),
    Endpoint("carts.switch", "PUT", "cart/switch/{key}/{cart_id}"),
    Endpoint(
        "carts.move",
        "POST",
        "cart/move/{source_key}/{destination_key}/{cart_id}",
        retry_safe=False,
    ),
    Endpoint("carts.set_checkout_info", "POST", "cart/checkoutinfo/{key}"),
    Endpoint("carts.get_checkout_info", "GET", "cart/checkoutinfo/{key}"),
    # CiscoDart
    Endpoint("cisco_dart.summary", "GET", "ciscodart/summary"),
    Endpoint("cisco_dart.detail", "GET", "ciscodart/detail"),
    # SalesOrder: not in the seeds' endpoint table; paths from the older help pages
    # (api-notes.md). Create and cancel are guesses. All configurable via path_prefixes.
    Endpoint("sales_orders.create", "POST", "salesorder/create", retry_safe=False, verified=False),
    Endpoint("sales_orders.list", "GET", "salesorder/list/{customer_number}", verified=False),
    Endpoint("sales_orders.detail", "GET", "salesorder/detail", verified=False),
    Endpoint("sales_orders.ship_quote", "POST", "salesorder/shipquote", verified=False),
    Endpoint("sales_orders.cancel", "POST", "salesorder/cancel", verified=False),
    # WebHook (POST api/WebHook is listed without documentation: not implemented)
    Endpoint("webhooks.list", "GET", "webhooks"),
    Endpoint("webhooks.subscribe", "POST", "webhooks", retry_safe=False),
    Endpoint("webhooks.delete", "DELETE", "webhooks/{webhook_id}"),
    # VendorQuote
    Endpoint("vendor_quotes.get", "GET", "vendorquote/{vendor}/{quote_number}"),
    Endpoint("vendor_quotes.list", "GET", "vendorquote/list/{vendor}"),
    # VendorUsage
    Endpoint("vendor_usage.get", "GET", "vendorusage/{vendor}/{bid}/{invoice_number}"),
)
