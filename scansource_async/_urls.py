"""Building request paths and query strings safely from user values."""

from __future__ import annotations

import enum
import functools
import math
import string
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from .errors import ValidationError

__all__ = [
    "build_path",
    "check_relative_path",
    "clean_params",
    "encode_segment",
    "request_url",
]

_FORMATTER = string.Formatter()
# Characters kept as they are when a path is made safe for the request line: the reserved
# ones a path may use, and "%" so that segments encoded by build_path stay as they are.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%?"
# Only as written: a percent-encoded dot ("%2E") is how encode_segment keeps a path parameter
# of "." or ".." a literal segment, on this same host.
_DOT_SEGMENTS = frozenset({".", ".."})


def encode_segment(value: object, name: str = "path parameter") -> str:
    """One path segment, percent-encoded so no value can change the path's shape.

    ``/``, ``?``, ``#`` and ``%`` are escaped; a segment of only dots is escaped too,
    since URL normalisation would otherwise resolve ``..`` against the path.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(f"{name} must be a string or an integer, not {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise ValidationError(f"{name} must not be empty")
    if "\x00" in text:
        raise ValidationError(f"{name} must not contain NUL characters")
    _check_encodable(text, name)
    encoded = quote(text, safe="")
    if set(encoded) == {"."}:
        encoded = encoded.replace(".", "%2E")
    return encoded


def _check_encodable(text: str, name: str) -> None:
    """URLs carry UTF-8: a lone surrogate (``"\\ud800"``) cannot be sent, so refuse it here
    rather than let the encoder fail with a UnicodeEncodeError mid-request."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{name} is not valid Unicode text (a lone surrogate)") from None


def check_relative_path(path: object, name: str = "path") -> str:
    """``path`` if it stays under the base URL, else ValidationError.

    Refused: anything with a scheme (``http:``, ``HTTPS:``), a scheme-relative ``//host``, a
    backslash (some servers read it as ``/``), a ``.``/``..`` segment,
    a fragment, and control characters. The base URL carries the credentials' destination, so
    no path may point a request (and its subscription key and token) anywhere else.
    """
    if not isinstance(path, str):
        raise ValidationError(f"{name} must be a string, not {type(path).__name__}")
    if path.startswith("//") or "\\" in path:
        raise ValidationError(f"{name} must be relative to the base URL, not a URL of another host")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise ValidationError(f"{name} must not contain control characters")
    route = path.split("?", 1)[0]
    if "#" in path:
        raise ValidationError(f"{name} must not contain a fragment (#)")
    # A colon in the first segment makes it a scheme ("http:", "HTTPS:", "javascript:"); a
    # relative path may not have one there (RFC 3986, 4.2).
    if ":" in route.lstrip("/").split("/", 1)[0]:
        raise ValidationError(f"{name} must be relative to the base URL, not an absolute URL")
    if any(segment in _DOT_SEGMENTS for segment in route.split("/")):
        raise ValidationError(f"{name} must not contain '.' or '..' segments")
    return path


@functools.lru_cache(maxsize=1024)  # a client sends the same few templates again and again
def _template(template: str) -> tuple[str, tuple[str, ...]]:
    """A checked template: its path without the leading ``/``, and its placeholders."""
    check_relative_path(template)
    names = tuple(field for _, field, _, _ in _FORMATTER.parse(template) if field is not None)
    return template.lstrip("/"), names


def build_path(template: str, path_params: Mapping[str, object] | None = None) -> str:
    """Fill ``{name}`` placeholders with encoded segments."""
    if not isinstance(template, str):
        check_relative_path(template)  # refuses it
    path, names = _template(template)
    params = path_params or {}
    missing = [name for name in names if name not in params]
    if missing:
        raise ValidationError(f"missing path parameter(s): {', '.join(missing)}")
    unused = set(params) - set(names)
    if unused:
        raise ValidationError(f"unknown path parameter(s): {', '.join(sorted(unused))}")
    if names:
        path = path.format_map({name: encode_segment(params[name], name) for name in names})
    return path


def _query_value(value: object, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _query_value(value.value, name)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValidationError(f"query parameter {name} must be a finite number, got {value!r}")
    if not isinstance(value, str | int | float | Decimal):
        # bytes would be sent as "b'...'", an object as its repr: never what was meant.
        raise ValidationError(
            f"query parameter {name} must be a string, number, bool, enum or date,"
            f" not {type(value).__name__}"
        )
    text = str(value)
    _check_encodable(text, f"query parameter {name}")
    return text


def clean_params(params: Mapping[str, Any] | None) -> dict[str, str | list[str]]:
    """Query parameters with None dropped and values in the API's spelling (true/false, ISO dates).

    A list or tuple value repeats the parameter once per element.
    """
    if not params:
        return {}
    cleaned: dict[str, str | list[str]] = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise ValidationError(
                f"query parameter names must be strings, not {type(key).__name__}"
            )
        if value is None:
            continue
        if isinstance(value, list | tuple):
            cleaned[key] = [_query_value(v, key) for v in value if v is not None]
        else:
            cleaned[key] = _query_value(value, key)
    return cleaned


def request_url(base_url: str, path: str, params: Mapping[str, str | list[str]] | None) -> str:
    """The URL of one request: the base URL, the path made safe, and the query string."""
    url = base_url + quote(path, safe=_PATH_SAFE)
    if params:
        url += ("&" if "?" in path else "?") + urlencode(params, doseq=True)
    return url
