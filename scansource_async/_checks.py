"""Plain-value checks: one place for "a positive number", "an item number" and the like.

Each check takes the value and the name to blame, returns the value as the caller stores it
(``float`` for seconds, the string itself for an item number) and raises
:class:`~scansource_async.errors.ValidationError` naming the argument and the bad value.
attrs validators (:mod:`._validate`), resources, the client, the caches and the limiters all
call these, so a rule and its message are written once.

A message quotes a number, or the start of a short string (never more than
``SHOWN_LENGTH`` characters); anything else by its type only. Credentials pass through
here: :func:`credential` and :func:`http_url` never quote their value (a key, a secret, or
a URL that may carry ``user:password@``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .errors import ValidationError

__all__ = [
    "MAX_ITEM_NUMBER_LENGTH",
    "MAX_QUANTITY",
    "SHOWN_LENGTH",
    "credential",
    "http_url",
    "integer",
    "is_header_safe",
    "is_real",
    "is_seconds",
    "item_number",
    "non_empty_str",
    "non_negative_int",
    "non_negative_number",
    "optional",
    "positive_int",
    "positive_number",
    "quantity",
    "required",
    "seconds",
    "shown",
    "strings",
]

MAX_QUANTITY = 2**31 - 1  # the API's quantities are 32-bit integers
MAX_ITEM_NUMBER_LENGTH = 100
SHOWN_LENGTH = 40

T = TypeVar("T")


def shown(value: object) -> str:
    """``value`` as a message may quote it: numbers whole, strings cut short, else the type."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float | Decimal):
        text = repr(value)
        return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "..."
    if isinstance(value, str):
        if len(value) <= SHOWN_LENGTH:
            return repr(value)
        return repr(value[:SHOWN_LENGTH]) + f"... ({len(value)} characters)"
    return f"a {type(value).__name__}"


def is_real(value: object) -> bool:
    """A finite int, float or Decimal (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    return isinstance(value, int) or math.isfinite(value)


def is_seconds(value: object) -> bool:
    """A positive, finite number: what a timeout, deadline or interval may be."""
    return is_real(value) and value > 0  # type: ignore[operator]


def _require(ok: bool, name: str, rule: str, value: Any) -> None:
    if not ok:
        raise ValidationError(f"{name} {rule}, got {shown(value)}")


def _number(value: Any, name: str) -> float:
    _require(is_real(value), name, "must be a finite number", value)
    return float(value)


def positive_number(value: Any, name: str) -> float:
    """A finite number greater than 0."""
    number = _number(value, name)
    _require(number > 0, name, "must be greater than 0", value)
    return number


def non_negative_number(value: Any, name: str) -> float:
    """A finite number of at least 0."""
    number = _number(value, name)
    _require(number >= 0, name, "must not be negative", value)
    return number


def seconds(value: Any, name: str) -> float:
    """A positive, finite number of seconds (a timeout, a deadline, an interval)."""
    _require(is_seconds(value), name, "must be a positive number of seconds", value)
    return float(value)


def integer(value: Any, name: str) -> int:
    """An int (a bool is not a count)."""
    _require(
        isinstance(value, int) and not isinstance(value, bool), name, "must be an integer", value
    )
    return int(value)


def positive_int(value: Any, name: str) -> int:
    """An integer of at least 1."""
    number = integer(value, name)
    _require(number >= 1, name, "must be at least 1", value)
    return number


def non_negative_int(value: Any, name: str) -> int:
    """An integer of at least 0."""
    number = integer(value, name)
    _require(number >= 0, name, "must not be negative", value)
    return number


def quantity(value: Any, name: str = "quantity") -> int:
    """A quantity the API takes: an integer from 1 to ``MAX_QUANTITY``."""
    number = integer(value, name)
    _require(1 <= number <= MAX_QUANTITY, name, f"must be between 1 and {MAX_QUANTITY}", value)
    return number


def non_empty_str(value: Any, name: str) -> str:
    """A string that is not blank."""
    _require(isinstance(value, str), name, "must be a string", value)
    _require(bool(value.strip()), name, "must not be empty", value)
    return str(value)


def item_number(value: Any, name: str = "item_number") -> str:
    """A non-blank item number of at most ``MAX_ITEM_NUMBER_LENGTH`` characters, without
    control characters."""
    text = non_empty_str(value, name)
    longest = MAX_ITEM_NUMBER_LENGTH
    _require(len(text) <= longest, name, f"is longer than {longest} characters", value)
    _require(
        all(ord(char) >= 32 for char in text), name, "must not contain control characters", value
    )
    return text


def strings(value: Any, name: str) -> tuple[str, ...]:
    """A tuple of non-blank strings (each checked under ``name[index]``)."""
    for index, item in enumerate(value):
        non_empty_str(item, f"{name}[{index}]")
    return tuple(value)


def required(value: T | None, name: str) -> T:
    """Anything but None."""
    if value is None:
        raise ValidationError(f"{name} is required")
    return value


def is_header_safe(value: str) -> bool:
    """Printable ASCII without spaces: what a credential in a header may hold (nothing an
    HTTP library would refuse, quote in its error, or split into a second header)."""
    return bool(value) and all("!" <= char <= "~" for char in value)


def credential(value: Any, name: str) -> str:
    """A subscription key, client id or secret: printable ASCII, no whitespace. The message
    never quotes the value (it is a secret, or a secret mistyped)."""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, not {type(value).__name__}")
    if not value:
        raise ValidationError(f"{name} must not be empty")
    if not is_header_safe(value):
        raise ValidationError(
            f"{name} must be printable ASCII without spaces or control characters"
        )
    return value


def http_url(value: Any, name: str) -> str:
    """An absolute http(s) URL with a host. The message never quotes the value: a URL may
    carry credentials (``user:password@host``, a token in the query)."""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a URL string, not {type(value).__name__}")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"{name} must be an absolute http(s) URL with a host")
    return value


def optional(check: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    """``check`` that lets None through."""

    def check_optional(value: Any, name: str) -> T | None:
        return None if value is None else check(value, name)

    check_optional.__doc__ = f"None, or {check.__doc__}"
    return check_optional
