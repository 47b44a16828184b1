"""JSON request bodies with exact money: Decimal goes out as a JSON number, never rounded."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .errors import ValidationError

__all__ = ["dumps"]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(f"money must be a finite number, got {value}")
        # A float whose shortest repr equals the Decimal writes the same digits on the wire;
        # refuse anything a float cannot carry rather than send a different amount.
        as_float = float(value)
        if Decimal(repr(as_float)) != value:
            raise ValidationError(f"{value} has more digits than the API can receive exactly")
        return as_float
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(data: Any) -> bytes:
    """Encode a request body; NaN and infinities are refused (the API cannot read them)."""
    try:
        return json.dumps(
            data, default=_default, separators=(",", ":"), allow_nan=False, ensure_ascii=False
        ).encode("utf-8")
    except (ValueError, TypeError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"request body cannot be sent as JSON: {exc}") from None
