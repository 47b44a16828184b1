"""Per-call options: one "not given" sentinel and one options object for every call.

Every public resource method, ``client.request()`` and ``client.with_options()`` take
``timeout``, ``deadline`` and ``max_retries`` defaulting to :data:`NOT_GIVEN`: not given means
the client's setting, while ``None`` is a value of its own (no timeout, no deadline). The
values given are gathered in one :class:`RequestOptions`, checked when it is built (so before
anything is sent), and resolved against the client's settings into the transport's
``CallOptions`` by :meth:`RequestOptions.resolve`.
"""

from __future__ import annotations

from typing import Any, Final, Literal, TypeAlias, final

import attrs

from . import _checks as checks
from ._config import ClientConfig, Timeout
from ._retry import RetryPolicy
from .errors import ValidationError

__all__ = [
    "NOT_GIVEN",
    "DeadlineArg",
    "MaxRetriesArg",
    "NotGiven",
    "RequestOptions",
    "TimeoutArg",
]


@final
class NotGiven:
    """The type of :data:`NOT_GIVEN`: an argument left out, as opposed to ``None``.

    ``client.products.detail("X", timeout=None)`` waits without a timeout, while leaving
    ``timeout`` out (``NOT_GIVEN``) keeps the client's timeout.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One instance, so `is NOT_GIVEN` holds even for a copy or an unpickled value.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


#: the default of every per-call option: "use the client's setting"
NOT_GIVEN: Final = NotGiven()

#: ``timeout=``: seconds for every phase, a :class:`Timeout`, or None for no timeout
TimeoutArg: TypeAlias = float | Timeout | NotGiven | None
#: ``deadline=``: seconds, or None for no deadline
DeadlineArg: TypeAlias = float | NotGiven | None
#: ``max_retries=``: retries after a failed attempt (0 for none)
MaxRetriesArg: TypeAlias = int | NotGiven


def _check_timeout(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None or isinstance(value, NotGiven | Timeout):
        return
    if not checks.is_seconds(value):
        raise ValidationError(
            f"timeout must be a positive number of seconds, a Timeout or None,"
            f" got {checks.shown(value)}"
        )


def _check_deadline(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, NotGiven):
        checks.seconds(value, attribute.name)


def _check_max_retries(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, NotGiven):
        checks.non_negative_int(value, attribute.name)


@attrs.frozen(kw_only=True)
class RequestOptions:
    """The per-call options of one call, as the caller gave them (checked on creation).

    ``timeout`` bounds each attempt, ``deadline`` the whole call (every attempt and wait),
    ``max_retries`` the retries after a failed attempt; each left :data:`NOT_GIVEN` takes
    the client's setting. A call that creates something is never retried once it may have
    reached the server, whatever ``max_retries`` says.
    """

    timeout: TimeoutArg = attrs.field(default=NOT_GIVEN, validator=_check_timeout)
    deadline: DeadlineArg = attrs.field(default=NOT_GIVEN, validator=_check_deadline)
    max_retries: MaxRetriesArg = attrs.field(default=NOT_GIVEN, validator=_check_max_retries)

    def resolve_timeout(self, config: ClientConfig) -> Timeout:
        """The per-attempt timeout: this call's, or the client's."""
        if isinstance(self.timeout, NotGiven):
            return config.timeout
        return Timeout.of(self.timeout)

    def resolve_deadline(self, config: ClientConfig) -> float | None:
        """The whole call's deadline in seconds (None: none): this call's, or the client's."""
        if isinstance(self.deadline, NotGiven):
            return config.deadline
        return None if self.deadline is None else float(self.deadline)

    def resolve_retry(self, config: ClientConfig) -> RetryPolicy:
        """The client's retry policy, with this call's ``max_retries`` if given."""
        if isinstance(self.max_retries, NotGiven):
            return config.retry
        return attrs.evolve(config.retry, max_retries=self.max_retries)


#: no per-call options: every setting is the client's
DEFAULT_OPTIONS: Final = RequestOptions()
