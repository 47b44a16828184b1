"""Keep secrets out of log output, ours, httpx's (which logs full URLs, query included) and
httpcore's (which logs response headers at DEBUG), and out of what the server sends back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

__all__ = [
    "REDACTED",
    "forget_secrets",
    "install_filters",
    "register_secrets",
    "scrub",
    "scrub_value",
]

REDACTED = "***"
# Shorter strings are no credentials worth the name, and scrubbing them would mangle every
# log line that happens to contain them.
MIN_SECRET_LENGTH = 8
# Re-entrant: a client dropped without aclose() forgets its secrets from a weakref finalizer,
# which the garbage collector may run inside register_secrets/forget_secrets, on this thread.
_lock = threading.RLock()
_secrets: dict[str, int] = {}  # secret (or an encoded form) -> live registrations


def _forms(secret: str | None) -> set[str]:
    """The secret as written and as it appears URL-encoded in a logged query string."""
    if not secret or len(secret) < MIN_SECRET_LENGTH:
        return set()
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def register_secrets(*secrets: str | None) -> None:
    with _lock:
        for secret in secrets:
            for form in _forms(secret):
                _secrets[form] = _secrets.get(form, 0) + 1
    install_filters()  # loggers created since import (an HTTP backend imported late)


def forget_secrets(*secrets: str | None) -> None:
    with _lock:
        for secret in secrets:
            for form in _forms(secret):
                if form in _secrets:
                    _secrets[form] -= 1
                    if _secrets[form] <= 0:
                        del _secrets[form]


def scrub(text: str) -> str:
    """``text`` with every registered secret replaced."""
    for secret in tuple(_secrets):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def scrub_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """``value`` (a decoded body: text, bytes, dicts and lists of them) with every registered
    secret, and every one of ``secrets``, replaced; other values are returned as they are."""
    extra = tuple(secret for secret in secrets if secret)
    if not _secrets and not extra:
        return value
    return _scrub_value(value, extra)


def _scrub_text(text: str, extra: tuple[str, ...]) -> str:
    for secret in extra:
        text = text.replace(secret, REDACTED)
    return scrub(text)


def _scrub_value(value: Any, extra: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, extra)
    if isinstance(value, bytes):
        text = value.decode("utf-8", "replace")
        cleaned = _scrub_text(text, extra)
        return value if cleaned == text else cleaned.encode()
    if isinstance(value, Mapping):
        return {_scrub_value(k, extra): _scrub_value(v, extra) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_value(item, extra) for item in value]
    return value


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            cleaned = scrub(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()
# A logger's filters do not apply to its children's records, so each logger the HTTP stack
# writes to gets the filter: httpcore logs under "httpcore.<module>" (its DEBUG lines hold
# response headers, which a hostile server can fill with an echoed key).
_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "scansource_async",
)
_PREFIXES = ("httpx.", "httpcore.", "scansource_async.")


def install_filters() -> None:
    """Put the redacting filter on every logger of the HTTP stack and of this package,
    including any created since the last call (idempotent)."""
    existing = [name for name in logging.Logger.manager.loggerDict if name.startswith(_PREFIXES)]
    for name in (*_LOGGERS, *existing):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


install_filters()
