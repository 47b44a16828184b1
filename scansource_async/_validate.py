"""attrs validators that raise our typed ValidationError (shared by config and request models)."""

from __future__ import annotations

import math
from typing import Any

import attrs

from .errors import ValidationError

__all__ = [
    "check_credential",
    "check_non_empty",
    "check_non_negative",
    "check_optional_non_empty",
    "check_optional_positive",
    "check_positive",
    "check_positive_int",
    "check_status_codes",
    "is_header_safe",
]


def _number(attribute: attrs.Attribute[Any], value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{attribute.name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise ValidationError(f"{attribute.name} must be finite, got {value!r}")
    return float(value)


def check_positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if _number(attribute, value) <= 0:
        raise ValidationError(f"{attribute.name} must be greater than 0, got {value!r}")


def check_optional_positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_positive(instance, attribute, value)


def check_non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if _number(attribute, value) < 0:
        raise ValidationError(f"{attribute.name} must not be negative, got {value!r}")


def check_positive_int(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{attribute.name} must be an integer, not {type(value).__name__}")
    if value < 1:
        raise ValidationError(f"{attribute.name} must be at least 1, got {value!r}")


def check_non_empty(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ValidationError(f"{attribute.name} must not be empty")


def check_optional_non_empty(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_non_empty(instance, attribute, value)


def is_header_safe(value: str) -> bool:
    """Printable ASCII without spaces: what a credential in a header may hold (nothing an
    HTTP library would refuse, quote in its error, or split into a second header)."""
    return bool(value) and all("!" <= char <= "~" for char in value)


def check_credential(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A subscription key, client id or secret: printable ASCII, no whitespace. The message
    never quotes the value (it is a secret, or a secret mistyped)."""
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, not {type(value).__name__}")
    if not value:
        raise ValidationError(f"{attribute.name} must not be empty")
    if not is_header_safe(value):
        raise ValidationError(
            f"{attribute.name} must be printable ASCII without spaces or control characters"
        )


def check_status_codes(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A set of HTTP status codes (integers from 100 to 599)."""
    if not isinstance(value, frozenset):
        raise ValidationError(
            f"{attribute.name} must be a set of HTTP status codes, not {type(value).__name__}"
        )
    for code in value:
        if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
            raise ValidationError(f"{attribute.name} holds {code!r}, not an HTTP status code")
