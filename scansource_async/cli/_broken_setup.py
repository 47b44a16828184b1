"""Telling a broken setup from a partial failure.

When the very first answer of a job is a refusal that no later request can escape (wrong
credentials, no permission, an unknown route, an unreachable host), the job stops there
instead of filling a failures file with thousands of identical rows; the command exits with
:data:`EXIT_BROKEN_SETUP` and one line naming the cause. Any other first answer (a price, an
item the API does not know, a bad line) proves the setup works: what fails later is a
partial failure, reported row by row.
"""

from __future__ import annotations

from typing import Final

from .. import (
    APIConnectionError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    PriceResult,
)

__all__ = ["EXIT_BROKEN_SETUP", "BrokenSetupError", "SetupWatch", "setup_cause"]

#: the exit status of a command that could not do anything because of its setup
EXIT_BROKEN_SETUP: Final = 3
_DOCTOR: Final = "run `scansource-async doctor` to check the setup"
_MAX_DETAIL: Final = 200

# Most specific first: an APITimeoutError is an APIConnectionError.
_CAUSES: Final = (
    (AuthenticationError, "authentication failed (401): check SCANSOURCE_SUBSCRIPTION_KEY"
     " and SCANSOURCE_CLIENT_ID/SECRET"),
    (PermissionDeniedError, "permission denied (403): these credentials may not use pricing"),
    (NotFoundError, "unknown route (404): check SCANSOURCE_BASE_URL and SCANSOURCE_API_LAYOUT"),
    (APIConnectionError, "the API host is unreachable: check SCANSOURCE_BASE_URL and the network"),
)  # fmt: skip


def setup_cause(error: BaseException | None) -> str | None:
    """What ``error`` says about the setup, or None when it is not a setup problem."""
    for kind, cause in _CAUSES:
        if isinstance(error, kind):
            return cause
    return None


class BrokenSetupError(Exception):
    """Nothing could be done because of the setup; the message is one line."""

    def __init__(self, cause: str, error: BaseException) -> None:
        detail = " ".join(str(error).split())
        if len(detail) > _MAX_DETAIL:
            detail = detail[: _MAX_DETAIL - 3] + "..."
        super().__init__(f"nothing was priced: {cause} [{detail}]; {_DOCTOR}")
        self.cause = cause


class SetupWatch:
    """Looks at a job's first result: :meth:`broken_by` is True when it shows a broken setup."""

    def __init__(self) -> None:
        self._decided = False
        self.error: BrokenSetupError | None = None

    def broken_by(self, result: PriceResult) -> bool:
        """Whether the job should stop here (only ever for its first result)."""
        if self._decided:
            return False
        self._decided = True
        cause = setup_cause(result.error)
        if cause is None or result.error is None:
            return False
        self.error = BrokenSetupError(cause, result.error)
        return True

    def raise_if_broken(self) -> None:
        if self.error is not None:
            raise self.error
