"""The exception tree: every error the client raises derives from :class:`ScanSourceError`.

::

    ScanSourceError
    ├── ValidationError           bad input, raised before any I/O (also a ValueError)
    ├── ClientClosedError
    ├── EventLoopMismatchError    a client used from an event loop other than its own
    ├── APIConnectionError        network failure
    │   └── APITimeoutError
    ├── DeadlineExceededError
    ├── OutcomeUnknownError       a create may or may not have happened
    ├── ItemError                 one item failed inside a successful response
    ├── NotAttemptedError         a bulk job stopped before this item was sent
    ├── RateLimiterUnavailableError  the shared (Redis) rate limiter could not be reached
    ├── BulkJobError              some items of a bulk job failed (raise_for_errors)
    └── APIStatusError            .status_code .request_id .body
        ├── BadRequestError 400   ├── AuthenticationError 401  ├── PermissionDeniedError 403
        ├── NotFoundError 404     ├── ConflictError 409        ├── RateLimitError 429
        ├── ServerError 5xx
        └── InvalidResponseError  a success status whose body could not be read
            └── ResponseTooLargeError  the body passed ``max_response_bytes``
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._redaction import scrub, scrub_value

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkJobError",
    "ClientClosedError",
    "ConflictError",
    "DeadlineExceededError",
    "EventLoopMismatchError",
    "InvalidResponseError",
    "ItemError",
    "NotAttemptedError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiterUnavailableError",
    "ResponseTooLargeError",
    "ScanSourceError",
    "ServerError",
    "ValidationError",
]


class ScanSourceError(Exception):
    """Base class of every error raised by scansource_async."""


class ValidationError(ScanSourceError, ValueError):
    """Input was rejected before anything was sent."""


class ClientClosedError(ScanSourceError, RuntimeError):
    """The client was used after it was closed (or before it was opened)."""


class EventLoopMismatchError(ScanSourceError, RuntimeError):
    """The client was used from an event loop other than the one it first ran in.

    One client belongs to one event loop: its connections, limiter and locks live there.
    Create a client inside each ``asyncio.run()`` (or thread) that needs one.
    """


class APIConnectionError(ScanSourceError):
    """The request failed on the network: no HTTP response was received.

    ``sent`` tells whether the request may have reached the server (False only when the
    connection could not be made, so the server cannot have acted).
    """

    def __init__(self, message: str, *, method: str = "", path: str = "", sent: bool = True):
        super().__init__(message)
        self.method = method
        self.path = path
        self.sent = sent


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection)."""


class DeadlineExceededError(ScanSourceError, TimeoutError):
    """The call's overall ``deadline`` passed before it could complete."""


class OutcomeUnknownError(ScanSourceError):
    """A request that creates something failed after it may have reached the server.

    It is not retried, because a retry could create a duplicate. Check whether the
    operation took effect (for a sales order: ``sales_orders.list(po_number=...)``)
    before trying again. ``reference`` holds what identifies the request to the caller
    (the PO number for a sales order), when there is one; for a sales order,
    ``reference_number`` holds its reference number too (``sales_orders.find`` takes either).
    """

    reference_number: str | None = None

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        reference: str | None = None,
        cause: BaseException | None = None,
    ):
        super().__init__(message)
        self.operation = operation
        self.reference = reference
        self.cause = cause

    @property
    def po_number(self) -> str | None:
        """The PO number of a sales order whose creation is in doubt."""
        return self.reference


class ItemError(ScanSourceError):
    """One item failed inside a successful response (``PricingError`` / ``ErrorFlag``).

    The message is the server's text, with any secret of a live client redacted (a server
    may echo the request, credentials included).
    """

    def __init__(self, message: str, *, item_number: str | None = None):
        super().__init__(scrub(message))
        self.item_number = item_number


class NotAttemptedError(ScanSourceError):
    """A bulk job ended (deadline, stop, cancellation) before this item could be sent.

    Nothing is known to have happened for the item: it is safe to send again.
    """


class RateLimiterUnavailableError(ScanSourceError):
    """The shared rate limiter (Redis) could not be reached within its ``max_wait``.

    Raised by a limiter whose ``fail_mode`` is ``"closed"``: the request was not sent, so it
    is safe to send again once the limiter's store is back.
    """


class BulkJobError(ScanSourceError):
    """Some items of a bulk job failed or were not attempted.

    ``results`` holds the result of every item that did not succeed (each has ``.error``).
    """

    def __init__(self, message: str, *, results: Sequence[Any]):
        super().__init__(message)
        self.results = results


class APIStatusError(ScanSourceError):
    """The API answered with an error status.

    The message, ``body`` and ``request_id`` come from the server: any secret of a live
    client they echo is redacted.
    """

    status_code: int = 0

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        request_id: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
    ):
        super().__init__(scrub(message))
        self.status_code = status_code
        self.request_id: str | None = scrub_value(request_id)
        self.body: Any = scrub_value(body)
        self.method = method
        self.path = path


class BadRequestError(APIStatusError):
    """400: the API rejected the request."""


class AuthenticationError(APIStatusError):
    """401: the subscription key or token was refused."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials may not use this operation."""


class NotFoundError(APIStatusError):
    """404: no such resource.

    Raised by a resource method, its message and ``url`` name the full URL that was called
    (secrets masked) and the client's ``api_layout``: a 404 on every call is the sign of a
    client speaking the other URL layout.
    """

    url: str | None = None


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class RateLimitError(APIStatusError):
    """429: rate limited, and retrying was not allowed or would wait too long.

    ``retry_after`` is the wait the API asked for, in seconds (None if it gave none).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx: the API failed."""


class InvalidResponseError(APIStatusError):
    """The API answered with a success status, but the body was not what was expected
    (not JSON, truncated, or of the wrong shape)."""


class ResponseTooLargeError(InvalidResponseError):
    """The response body grew past the client's ``max_response_bytes`` (counted after
    decompression); reading stopped there and the attempt is not retried.

    ``limit`` is the cap in bytes.
    """

    def __init__(self, message: str, *, limit: int, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.limit = limit
