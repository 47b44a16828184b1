"""Small, fast JSON helpers for the simulator's hot path.

Money is kept as integer cents everywhere inside the simulator and written as a JSON number
with exactly two decimals (``12.30``), so a client parsing with ``parse_float=Decimal`` gets
``Decimal("12.30")`` back. Going through ``float`` would lose that, hence the hand-written text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

__all__ = [
    "ERROR_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "dumps",
    "encode_str",
    "error_body",
    "money_decimal",
    "money_json",
    "optional_str",
]

JSON_CONTENT_TYPE = b"application/json; charset=utf-8"
ERROR_CONTENT_TYPE = JSON_CONTENT_TYPE  # errors are JSON too

# The C-accelerated escaper json.dumps uses for str; ASCII-only output keeps the bytes trivial.
encode_str: Any = json.encoder.encode_basestring_ascii


def money_json(cents: int) -> str:
    """``1230`` → ``"12.30"`` (non-negative amounts only, which is all the simulator emits)."""
    return f"{cents // 100}.{cents % 100:02d}"


def money_decimal(cents: int) -> Decimal:
    """``1230`` → ``Decimal("12.30")``: the same value and exponent :func:`money_json` writes."""
    return Decimal(cents).scaleb(-2)


def optional_str(value: str | None) -> str:
    """A JSON string, or ``null``."""
    return "null" if value is None else str(encode_str(value))


def error_body(status: int, message: str, **extra: Any) -> bytes:
    """The APIM-style error body every simulator error uses: ``{"statusCode": …, "message": …}``."""
    body: dict[str, Any] = {"statusCode": status, "message": message}
    body.update(extra)
    return json.dumps(body, separators=(",", ":")).encode()


def dumps(value: Any) -> bytes:
    """Compact JSON like ``json.dumps``, but ``Decimal`` is written as a number with its exact
    digits (``Decimal("12.30")`` → ``12.30``). For the routes that are not on the hot path."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode()


def _encode(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(encode_str(value))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(format(value, "f"))
    elif isinstance(value, float):
        out.append(json.dumps(value))
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not first:
                out.append(",")
            first = False
            out.append(encode_str(str(key)))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for n, item in enumerate(value):
            if n:
                out.append(",")
            _encode(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")
