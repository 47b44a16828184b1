"""scansource_async: the async, high-throughput client for the ScanSource Partner API.

The client runs on asyncio (``asyncio.run``, or any asyncio-based framework); it does not run
on trio.
"""

import typing as _typing

from ._exports import load as _load
from ._version import __version__

# Every public name is imported on first use (PEP 562), so ``import scansource_async`` and the
# command line's ``--help`` load neither httpx nor the models. The block below is what type
# checkers and editors see; ``_exports.EXPORTS`` is the same table for the interpreter
# (tests/test_public_api.py checks that the two agree with ``__all__``).
if _typing.TYPE_CHECKING:
    from ._call import TransportStats
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
    from ._options import NOT_GIVEN, NotGiven, RequestOptions
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
    from ._transport import PipelineStats
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
    "NOT_GIVEN",
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
    "NotGiven",
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
    "PipelineStats",
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
    "RequestOptions",
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


def __getattr__(name: str) -> _typing.Any:
    value = _load(name, __name__)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
