"""The name a subscription key goes by wherever it would otherwise be stored (Redis keys, cache
keys): a truncated SHA-256, never the key itself."""

from __future__ import annotations

import hashlib

__all__ = ["subscription_key_id"]


def subscription_key_id(key: str) -> str:
    """A truncated SHA-256 of the subscription key: stable across processes, not reversible."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]
