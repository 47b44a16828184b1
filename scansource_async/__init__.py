"""scansource_async: the async, high-throughput client for the ScanSource Partner API.

The client runs on asyncio (``asyncio.run``, or any asyncio-based framework); it does not run
on trio.
"""

import importlib as _importlib
import typing as _typing

from ._extras import missing_extra as _missing_extra
from ._version import __version__

# Every public name is imported on first use (PEP 562), so ``import scansource_async`` and the
# command line's ``--help`` load neither httpx nor the models. The block below is what type
# checkers and editors see; ``_EXPORTS`` is the same table for the interpreter
# (tests/test_public_api.py checks that the two agree with ``__all__``).
if _typing.TYPE_CHECKING:
    from ._client import ScanSourceClient
    from ._config import (
        ClientConfig,
        Timeout,
    )
    from ._limits import (
        LimiterStats,
        LocalRateLimiter,
        RateLimiter,
    )
    from ._pagination import (
        AsyncPaginator,
        Page,
    )
    from ._price_cache import PRICE_CACHE_ENTRY_BYTES, CachedPrice, PriceCache, PriceCacheBackend

    # not in __all__: ``import *`` must work without the [redis] extra
    from ._redis_limiter import RedisLimiterStats as RedisLimiterStats
    from ._redis_limiter import RedisRateLimiter as RedisRateLimiter
    from ._redis_price_cache import RedisPriceCache as RedisPriceCache
    from ._retry import RetryPolicy
    from ._stats import ClientStats
    from ._transport import TransportStats
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BulkJobError,
        ClientClosedError,
        ConflictError,
        DeadlineExceededError,
        EventLoopMismatchError,
        InvalidResponseError,
        ItemError,
        NotAttemptedError,
        NotFoundError,
        OutcomeUnknownError,
        PermissionDeniedError,
        RateLimitError,
        RateLimiterUnavailableError,
        ResponseTooLargeError,
        ScanSourceError,
        ServerError,
        ValidationError,
    )
    from .events import (
        CacheEvent,
        CallEndEvent,
        Event,
        ProgressEvent,
        RateLimitEvent,
        RequestEvent,
        ResponseEvent,
        RetryEvent,
    )
    from .models._common import Address
    from .models.carts import (
        Cart,
        CartItem,
        CartItemRequest,
        CartRequest,
        CheckoutInfo,
    )
    from .models.cisco_dart import (
        CiscoDartDetail,
        CiscoDartLine,
        CiscoDartSummary,
    )
    from .models.custom_configs import (
        CustomConfig,
        CustomConfigComponent,
    )
    from .models.customers import (
        CreditData,
        Customer,
        PartnerProfile,
        PartnerProfileValidation,
        Payer,
    )
    from .models.invoices import (
        Invoice,
        InvoiceLine,
        InvoiceSummary,
        Shipment,
    )
    from .models.products import (
        BUSINESS_UNITS,
        Availability,
        DealInfo,
        PartNumberType,
        PricingLine,
        Product,
        ProductDetail,
        ProductSearchResult,
        Warehouse,
    )
    from .models.results import (
        AvailabilityResult,
        AvailabilitySheet,
        PriceResult,
        PriceSheet,
        ResultSheet,
    )
    from .models.rmas import (
        Rma,
        RmaLine,
        RmaLineRequest,
        RmaRequest,
        RmaStatus,
    )
    from .models.sales_orders import (
        Delivery,
        DeliveryLine,
        OrderError,
        OrderLine,
        OrderSerial,
        OrderSubmission,
        Parcel,
        SalesOrder,
        SalesOrderCancellation,
        SalesOrderLine,
        SalesOrderRequest,
        SalesOrderStatus,
        SalesOrderSummary,
        ScheduleLine,
        ShippingInfo,
        ShippingOption,
        ShipQuote,
        ShipQuoteLine,
        ShipQuoteRequest,
        TrackingInfo,
        VrdAnswer,
        VrdField,
    )
    from .models.spa import (
        SpaCreated,
        SpaDetail,
        SpaDetailRequest,
        SpaLine,
        SpaLineRequest,
        SpaRequest,
        SpaStatus,
        SpaSummary,
    )
    from .models.system_central import (
        SystemCentralLog,
        SystemCentralStatus,
    )
    from .models.vendor_orders import (
        VendorSubscription,
        VendorSubscriptionLine,
    )
    from .models.vendor_quotes import (
        VendorQuote,
        VendorQuoteLine,
        VendorQuoteStatus,
        VendorQuoteSummary,
    )
    from .models.vendor_usage import (
        VendorUsage,
        VendorUsageLine,
    )
    from .models.webhooks import (
        Webhook,
        WebhookEvent,
        WebhookRequest,
    )
    from .resources._pricing import PriceStream

__all__ = [
    "BUSINESS_UNITS",
    "PRICE_CACHE_ENTRY_BYTES",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "Address",
    "AsyncPaginator",
    "AuthenticationError",
    "Availability",
    "AvailabilityResult",
    "AvailabilitySheet",
    "BadRequestError",
    "BulkJobError",
    "CacheEvent",
    "CachedPrice",
    "CallEndEvent",
    "Cart",
    "CartItem",
    "CartItemRequest",
    "CartRequest",
    "CheckoutInfo",
    "CiscoDartDetail",
    "CiscoDartLine",
    "CiscoDartSummary",
    "ClientClosedError",
    "ClientConfig",
    "ClientStats",
    "ConflictError",
    "CreditData",
    "CustomConfig",
    "CustomConfigComponent",
    "Customer",
    "DeadlineExceededError",
    "DealInfo",
    "Delivery",
    "DeliveryLine",
    "Event",
    "EventLoopMismatchError",
    "InvalidResponseError",
    "Invoice",
    "InvoiceLine",
    "InvoiceSummary",
    "ItemError",
    "LimiterStats",
    "LocalRateLimiter",
    "NotAttemptedError",
    "NotFoundError",
    "OrderError",
    "OrderLine",
    "OrderSerial",
    "OrderSubmission",
    "OutcomeUnknownError",
    "Page",
    "Parcel",
    "PartNumberType",
    "PartnerProfile",
    "PartnerProfileValidation",
    "Payer",
    "PermissionDeniedError",
    "PriceCache",
    "PriceCacheBackend",
    "PriceResult",
    "PriceSheet",
    "PriceStream",
    "PricingLine",
    "Product",
    "ProductDetail",
    "ProductSearchResult",
    "ProgressEvent",
    "RateLimitError",
    "RateLimitEvent",
    "RateLimiter",
    "RateLimiterUnavailableError",
    "RequestEvent",
    "ResponseEvent",
    "ResponseTooLargeError",
    "ResultSheet",
    "RetryEvent",
    "RetryPolicy",
    "Rma",
    "RmaLine",
    "RmaLineRequest",
    "RmaRequest",
    "RmaStatus",
    "SalesOrder",
    "SalesOrderCancellation",
    "SalesOrderLine",
    "SalesOrderRequest",
    "SalesOrderStatus",
    "SalesOrderSummary",
    "ScanSourceClient",
    "ScanSourceError",
    "ScheduleLine",
    "ServerError",
    "ShipQuote",
    "ShipQuoteLine",
    "ShipQuoteRequest",
    "Shipment",
    "ShippingInfo",
    "ShippingOption",
    "SpaCreated",
    "SpaDetail",
    "SpaDetailRequest",
    "SpaLine",
    "SpaLineRequest",
    "SpaRequest",
    "SpaStatus",
    "SpaSummary",
    "SystemCentralLog",
    "SystemCentralStatus",
    "Timeout",
    "TrackingInfo",
    "TransportStats",
    "ValidationError",
    "VendorQuote",
    "VendorQuoteLine",
    "VendorQuoteStatus",
    "VendorQuoteSummary",
    "VendorSubscription",
    "VendorSubscriptionLine",
    "VendorUsage",
    "VendorUsageLine",
    "VrdAnswer",
    "VrdField",
    "Warehouse",
    "Webhook",
    "WebhookEvent",
    "WebhookRequest",
    "__version__",
]

#: public name -> the private module that defines it
_EXPORTS: dict[str, str] = {
    "ScanSourceClient": "._client",
    "ClientConfig": "._config",
    "Timeout": "._config",
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
    "TransportStats": "._transport",
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
_NEEDS_REDIS: dict[str, str] = {
    "RedisLimiterStats": "._redis_limiter",
    "RedisRateLimiter": "._redis_limiter",
    "RedisPriceCache": "._redis_price_cache",
}


def __getattr__(name: str) -> _typing.Any:
    if name in _NEEDS_REDIS:
        try:
            module = _importlib.import_module(_NEEDS_REDIS[name], __name__)
        except ImportError as exc:
            raise (_missing_extra(name, "redis", exc) or exc) from exc
    elif name in _EXPORTS:
        module = _importlib.import_module(_EXPORTS[name], __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
