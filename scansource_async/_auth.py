"""Authentication headers: the subscription key on every call, plus an OAuth2 bearer token.

The token is cached and refreshed shortly before it expires by one refresh that every waiting
request shares; a 401 invalidates exactly the token that was refused, so fifty concurrent 401s
cause one refresh, not fifty.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import anyio
import attrs

from ._checks import is_header_safe
from ._redaction import forget_secrets, register_secrets

__all__ = [
    "MAX_TOKEN_LIFETIME",
    "MIN_TOKEN_LIFETIME",
    "SUBSCRIPTION_KEY_HEADER",
    "AccessToken",
    "TokenCache",
    "parse_token",
]

SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key"
REFRESH_MARGIN = 60.0
DEFAULT_TOKEN_LIFETIME = 3600.0
# A lifetime of 0, a negative one or NaN would fetch a token for every request; a huge one
# would keep a token long after the identity provider stopped honouring it (a 401 then
# refreshes it anyway). Whatever the server says is held within these bounds.
MIN_TOKEN_LIFETIME = 1.0
MAX_TOKEN_LIFETIME = 86400.0
# Real tokens (JWTs) are a few kB; a header much larger is refused by most gateways.
MAX_TOKEN_LENGTH = 16384


@attrs.frozen
class AccessToken:
    value: str = attrs.field(repr=False)
    lifetime: float


def parse_token(data: Any) -> AccessToken:
    """The token of an OAuth2 token response; ValueError when it has none usable.

    The token must be a non-empty string of printable ASCII without spaces (RFC 6750's
    characters, loosely), so a CRLF or a control character can never reach a header. The
    lifetime (``expires_in``, seconds) is clamped to [MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME];
    NaN counts as the floor.
    """
    if not isinstance(data, dict):
        raise ValueError("the token response is not a JSON object")
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise ValueError("the token response has no access_token")
    if len(token) > MAX_TOKEN_LENGTH or not is_header_safe(token):
        # Never quoted: a broken token may still be a credential.
        raise ValueError("the access_token holds characters a header cannot carry")
    return AccessToken(token, _lifetime(data.get("expires_in", DEFAULT_TOKEN_LIFETIME)))


def _lifetime(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise ValueError("the token response's expires_in is not a number")
    try:
        seconds = float(raw)
    except (ValueError, ArithmeticError):
        raise ValueError("the token response's expires_in is not a number") from None
    if math.isnan(seconds):
        return MIN_TOKEN_LIFETIME
    return min(MAX_TOKEN_LIFETIME, max(MIN_TOKEN_LIFETIME, seconds))


class TokenCache:
    """Holds one bearer token; ``get()`` returns a valid one, fetching it at most once at a time."""

    def __init__(
        self, fetch: Callable[[], Awaitable[AccessToken]], *, margin: float = REFRESH_MARGIN
    ) -> None:
        self._fetch = fetch
        self._margin = margin
        self._token: str | None = None
        self._refresh_at = 0.0
        self._lock = anyio.Lock()
        self._attempts = 0
        self._last_error: BaseException | None = None
        self.fetches = 0

    def __repr__(self) -> str:
        return f"<TokenCache cached={self._token is not None} fetches={self.fetches}>"

    def _valid(self) -> str | None:
        if self._token is not None and anyio.current_time() < self._refresh_at:
            return self._token
        return None

    async def get(self) -> str:
        if (token := self._valid()) is not None:
            return token
        attempts_seen = self._attempts
        async with self._lock:
            if (token := self._valid()) is not None:
                return token
            # A refresh that failed while we queued fails for us too, instead of every
            # waiter hammering a broken token endpoint in turn.
            if self._attempts != attempts_seen and self._last_error is not None:
                raise self._last_error
            self._attempts += 1
            try:
                fresh = await self._fetch()
            except Exception as exc:
                self._last_error = exc
                raise
            self._last_error = None
            self.fetches += 1
            # Short-lived tokens (tests) would otherwise always look due for refresh.
            margin = min(self._margin, fresh.lifetime / 4)
            forget_secrets(self._token)
            register_secrets(fresh.value)
            self._token = fresh.value
            self._refresh_at = anyio.current_time() + fresh.lifetime - margin
            return fresh.value

    @property
    def current(self) -> str | None:
        """The cached token, if any (for redaction; not necessarily still valid)."""
        return self._token

    def forget(self) -> None:
        """Drop the cached token (the client is closing)."""
        forget_secrets(self._token)
        self._token = None

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the cached one (it was just refused)."""
        if self._token == token:
            self._token = None
