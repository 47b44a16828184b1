"""Keep secrets out of log output, ours and httpx's (which logs full URLs, query included)."""

from __future__ import annotations

import logging
import threading

__all__ = ["REDACTED", "forget_secrets", "register_secrets", "scrub"]

REDACTED = "***"
_lock = threading.Lock()
_secrets: dict[str, int] = {}  # secret -> number of live clients using it


def register_secrets(*secrets: str | None) -> None:
    with _lock:
        for secret in secrets:
            if secret:
                _secrets[secret] = _secrets.get(secret, 0) + 1


def forget_secrets(*secrets: str | None) -> None:
    with _lock:
        for secret in secrets:
            if secret and secret in _secrets:
                _secrets[secret] -= 1
                if _secrets[secret] <= 0:
                    del _secrets[secret]


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
