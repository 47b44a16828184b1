"""scansource_async: the async, high-throughput client for the ScanSource Partner API."""

import importlib as _importlib
import typing as _typing

from ._client import ScanSourceClient
from ._config import ClientConfig, Timeout
from ._limits import LimiterStats, LocalRateLimiter, RateLimiter
from ._pagination import AsyncPaginator, Page
from ._price_cache import PRICE_CACHE_ENTRY_BYTES, CachedPrice, PriceCache, PriceCacheBackend
from ._retry import RetryPolicy
from ._transport import TransportStats
from ._version import __version__
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
    InvalidResponseError,
    ItemError,
    NotAttemptedError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    RateLimiterUnavailableError,
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
from .models._common import (
    ShippingAddress,
)
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
from .models.customers import CreditData, Customer, PartnerProfile, PartnerProfileValidation, Payer
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
    SalesOrder,
    SalesOrderCancellation,
    SalesOrderCreated,
    SalesOrderLine,
    SalesOrderLineRequest,
    SalesOrderRequest,
    SalesOrderStatus,
    SalesOrderSummary,
    ShippingOption,
    ShipQuoteLine,
    ShipQuoteRequest,
    TrackingInfo,
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
    "ConflictError",
    "CreditData",
    "CustomConfig",
    "CustomConfigComponent",
    "Customer",
    "DeadlineExceededError",
    "DealInfo",
    "Event",
    "InvalidResponseError",
    "Invoice",
    "InvoiceLine",
    "InvoiceSummary",
    "ItemError",
    "LimiterStats",
    "LocalRateLimiter",
    "NotAttemptedError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
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
    "SalesOrderCreated",
    "SalesOrderLine",
    "SalesOrderLineRequest",
    "SalesOrderRequest",
    "SalesOrderStatus",
    "SalesOrderSummary",
    "ScanSourceClient",
    "ScanSourceError",
    "ServerError",
    "ShipQuoteLine",
    "ShipQuoteRequest",
    "Shipment",
    "ShippingAddress",
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
    "Warehouse",
    "Webhook",
    "WebhookEvent",
    "WebhookRequest",
    "__version__",
]

# The Redis limiter and cache need the [redis] extra, so they are imported only when asked for:
# ``import scansource_async`` works without redis installed.
if _typing.TYPE_CHECKING:
    from ._redis_limiter import RedisLimiterStats as RedisLimiterStats
    from ._redis_limiter import RedisRateLimiter as RedisRateLimiter
    from ._redis_price_cache import RedisPriceCache as RedisPriceCache

_LAZY = {
    "RedisLimiterStats": "_redis_limiter",
    "RedisRateLimiter": "_redis_limiter",
    "RedisPriceCache": "_redis_price_cache",
}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        try:
            module = _importlib.import_module(f".{_LAZY[name]}", __name__)
        except ImportError as exc:
            raise ImportError(
                f"{name} needs the [redis] extra: pip install 'scansource-async[redis]' ({exc})"
            ) from exc
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
