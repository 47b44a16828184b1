"""Keep secrets out of log output, ours and httpx's (which logs full URLs, query included)."""

from __future__ import annotations

import logging
import threading
from urllib.parse import quote, quote_plus

__all__ = ["REDACTED", "forget_secrets", "register_secrets", "scrub"]

REDACTED = "***"
# Shorter strings are no credentials worth the name, and scrubbing them would mangle every
# log line that happens to contain them.
MIN_SECRET_LENGTH = 8
_lock = threading.Lock()
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


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            cleaned = scrub(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()
for _name in ("httpx", "scansource_async"):
    logging.getLogger(_name).addFilter(_FILTER)
