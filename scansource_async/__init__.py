"""scansource_async: the async, high-throughput client for the ScanSource Partner API."""

from ._client import ScanSourceClient
from ._config import ClientConfig, Timeout
from ._limits import LimiterStats, LocalRateLimiter, RateLimiter
from ._retry import RetryPolicy
from ._transport import TransportStats
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    DeadlineExceededError,
    InvalidResponseError,
    ItemError,
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

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientConfig",
    "ConflictError",
    "CreditData",
    "Customer",
    "DeadlineExceededError",
    "InvalidResponseError",
    "ItemError",
    "LimiterStats",
    "LocalRateLimiter",
    "NotFoundError",
    "OutcomeUnknownError",
    "PartnerProfile",
    "PartnerProfileValidation",
    "Payer",
    "PermissionDeniedError",
    "ProgressEvent",
    "RateLimitError",
    "RateLimitEvent",
    "RateLimiter",
    "RetryEvent",
    "RetryPolicy",
    "ScanSourceClient",
    "ScanSourceError",
    "ServerError",
    "Timeout",
    "TransportStats",
    "ValidationError",
    "__version__",
]
