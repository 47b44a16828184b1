"""scansource_async: the async, high-throughput client for the ScanSource Partner API."""

from ._client import ScanSourceClient
from ._config import ClientConfig, Timeout
from ._limits import LimiterStats, LocalRateLimiter, RateLimiter
from ._pagination import AsyncPaginator, Page
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
    ScanSourceError,
    ServerError,
    ValidationError,
)
from .events import ProgressEvent, RateLimitEvent, RetryEvent
from .models.customers import CreditData, Customer, PartnerProfile, PartnerProfileValidation, Payer
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
from .resources._pricing import PriceStream

__all__ = [
    "BUSINESS_UNITS",
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
    "ClientClosedError",
    "ClientConfig",
    "ConflictError",
    "CreditData",
    "Customer",
    "DeadlineExceededError",
    "DealInfo",
    "InvalidResponseError",
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
    "ResultSheet",
    "RetryEvent",
    "RetryPolicy",
    "ScanSourceClient",
    "ScanSourceError",
    "ServerError",
    "Timeout",
    "TransportStats",
    "ValidationError",
    "Warehouse",
    "__version__",
]
