"""The package's lazy export table: each public name and the private module that defines it.

``scansource_async/__init__.py`` imports a name from here on its first use (PEP 562), so
``import scansource_async`` and the command line's ``--help`` load neither httpx nor the
models. Type checkers see the same names in that file's ``TYPE_CHECKING`` imports
(tests/test_public_api.py checks that both agree with ``__all__``).
"""

from __future__ import annotations

import importlib
from typing import Any

from ._extras import missing_extra

__all__ = ["EXPORTS", "NEEDS_REDIS", "load"]

#: public name -> the private module that defines it
EXPORTS: dict[str, str] = {
    "ScanSourceClient": "._client",
    "ClientConfig": "._config",
    "Timeout": "._config",
    "NOT_GIVEN": "._options",
    "NotGiven": "._options",
    "RequestOptions": "._options",
    "LimiterStats": "._limits",
    "LocalRateLimiter": "._limits",
    "RateLimiter": "._limits",
    "AsyncPaginator": "._pagination",
    "Page": "._pagination",
    "PRICE_CACHE_ENTRY_BYTES": "._price_cache",
    "CachedPrice": "._price_cache",
    "PriceCache": "._price_cache",
    "PriceCacheBackend": "._price_cache",
    "RetryPolicy": "._retry",
    "PipelineStats": "._transport",
    "TransportStats": "._call",
    "ClientStats": "._stats",
    "APIConnectionError": ".errors",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "AuthenticationError": ".errors",
    "BadRequestError": ".errors",
    "BulkJobError": ".errors",
    "ClientClosedError": ".errors",
    "ConflictError": ".errors",
    "DeadlineExceededError": ".errors",
    "EventLoopMismatchError": ".errors",
    "InvalidResponseError": ".errors",
    "ItemError": ".errors",
    "NotAttemptedError": ".errors",
    "NotFoundError": ".errors",
    "OutcomeUnknownError": ".errors",
    "PermissionDeniedError": ".errors",
    "RateLimitError": ".errors",
    "RateLimiterUnavailableError": ".errors",
    "ResponseTooLargeError": ".errors",
    "ScanSourceError": ".errors",
    "ServerError": ".errors",
    "ValidationError": ".errors",
    "CacheEvent": ".events",
    "CallEndEvent": ".events",
    "Event": ".events",
    "ProgressEvent": ".events",
    "RateLimitEvent": ".events",
    "RequestEvent": ".events",
    "ResponseEvent": ".events",
    "RetryEvent": ".events",
    "Address": ".models._common",
    "Delivery": ".models.sales_orders",
    "DeliveryLine": ".models.sales_orders",
    "OrderError": ".models.sales_orders",
    "OrderLine": ".models.sales_orders",
    "OrderSerial": ".models.sales_orders",
    "OrderSubmission": ".models.sales_orders",
    "Parcel": ".models.sales_orders",
    "SalesOrder": ".models.sales_orders",
    "SalesOrderCancellation": ".models.sales_orders",
    "SalesOrderLine": ".models.sales_orders",
    "SalesOrderRequest": ".models.sales_orders",
    "SalesOrderStatus": ".models.sales_orders",
    "SalesOrderSummary": ".models.sales_orders",
    "ScheduleLine": ".models.sales_orders",
    "ShipQuote": ".models.sales_orders",
    "ShipQuoteLine": ".models.sales_orders",
    "ShipQuoteRequest": ".models.sales_orders",
    "ShippingInfo": ".models.sales_orders",
    "ShippingOption": ".models.sales_orders",
    "TrackingInfo": ".models.sales_orders",
    "VrdAnswer": ".models.sales_orders",
    "VrdField": ".models.sales_orders",
    "Cart": ".models.carts",
    "CartItem": ".models.carts",
    "CartItemRequest": ".models.carts",
    "CartRequest": ".models.carts",
    "CheckoutInfo": ".models.carts",
    "CiscoDartDetail": ".models.cisco_dart",
    "CiscoDartLine": ".models.cisco_dart",
    "CiscoDartSummary": ".models.cisco_dart",
    "CustomConfig": ".models.custom_configs",
    "CustomConfigComponent": ".models.custom_configs",
    "CreditData": ".models.customers",
    "Customer": ".models.customers",
    "PartnerProfile": ".models.customers",
    "PartnerProfileValidation": ".models.customers",
    "Payer": ".models.customers",
    "Invoice": ".models.invoices",
    "InvoiceLine": ".models.invoices",
    "InvoiceSummary": ".models.invoices",
    "Shipment": ".models.invoices",
    "BUSINESS_UNITS": ".models.products",
    "Availability": ".models.products",
    "DealInfo": ".models.products",
    "PartNumberType": ".models.products",
    "PricingLine": ".models.products",
    "Product": ".models.products",
    "ProductDetail": ".models.products",
    "ProductSearchResult": ".models.products",
    "Warehouse": ".models.products",
    "AvailabilityResult": ".models.results",
    "AvailabilitySheet": ".models.results",
    "PriceResult": ".models.results",
    "PriceSheet": ".models.results",
    "ResultSheet": ".models.results",
    "Rma": ".models.rmas",
    "RmaLine": ".models.rmas",
    "RmaLineRequest": ".models.rmas",
    "RmaRequest": ".models.rmas",
    "RmaStatus": ".models.rmas",
    "SpaCreated": ".models.spa",
    "SpaDetail": ".models.spa",
    "SpaDetailRequest": ".models.spa",
    "SpaLine": ".models.spa",
    "SpaLineRequest": ".models.spa",
    "SpaRequest": ".models.spa",
    "SpaStatus": ".models.spa",
    "SpaSummary": ".models.spa",
    "SystemCentralLog": ".models.system_central",
    "SystemCentralStatus": ".models.system_central",
    "VendorSubscription": ".models.vendor_orders",
    "VendorSubscriptionLine": ".models.vendor_orders",
    "VendorQuote": ".models.vendor_quotes",
    "VendorQuoteLine": ".models.vendor_quotes",
    "VendorQuoteStatus": ".models.vendor_quotes",
    "VendorQuoteSummary": ".models.vendor_quotes",
    "VendorUsage": ".models.vendor_usage",
    "VendorUsageLine": ".models.vendor_usage",
    "Webhook": ".models.webhooks",
    "WebhookEvent": ".models.webhooks",
    "WebhookRequest": ".models.webhooks",
    "PriceStream": ".resources._pricing",
}
# The Redis limiter needs the [redis] extra: importing it without redis installed says so.
NEEDS_REDIS: dict[str, str] = {
    "RedisLimiterStats": "._redis_limiter",
    "RedisRateLimiter": "._redis_limiter",
    "RedisPriceCache": "._redis_price_cache",
}


def load(name: str, package: str) -> Any:
    """The value of the public name ``name`` of ``package``, importing its module.

    Raises AttributeError for a name that is not exported, and ModuleNotFoundError naming
    the extra to install for a Redis name without the ``[redis]`` extra.
    """
    if name in NEEDS_REDIS:
        try:
            module = importlib.import_module(NEEDS_REDIS[name], package)
        except ImportError as exc:
            raise (missing_extra(name, "redis", exc) or exc) from exc
    elif name in EXPORTS:
        module = importlib.import_module(EXPORTS[name], package)
    else:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return getattr(module, name)
