"""The OAuth2 client-credentials token request, sent through the request pipeline's call loop.

Not paced by the API's rate limiter and sent without the API's credentials; its answer is
checked here and turned into an :class:`~scansource_async._auth.AccessToken`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from ._auth import AccessToken, parse_token
from ._call import CallOptions, CallState, Target
from ._config import ClientConfig
from ._retry import is_retryable
from .errors import APIStatusError, AuthenticationError, InvalidResponseError

__all__ = ["TokenCall", "fetch_token"]

_FORM = "application/x-www-form-urlencoded"

# The request pipeline's call loop: (method, target, body, options, state) -> decoded body.
TokenCall = Callable[[str, Target, bytes | None, CallOptions, CallState], Awaitable[Any]]


async def fetch_token(config: ClientConfig, call: TokenCall) -> AccessToken:
    """One token request, with the retries of every other call."""
    form = urlencode(
        {
            "grant_type": "client_credentials",
            "client_id": config.client_id or "",
            "client_secret": config.client_secret or "",
            "scope": config.scope,
        }
    ).encode()
    target = Target(config.token_url, "token", _FORM, authenticate=False)
    options = CallOptions(timeout=config.timeout, retry=config.retry, operation="token")
    try:
        data = await call("POST", target, form, options, CallState())
    except APIStatusError as error:
        if isinstance(error, InvalidResponseError) or is_retryable(config.retry, error):
            raise
        raise AuthenticationError(
            f"the token request was refused: {error}",
            status_code=error.status_code,
            request_id=error.request_id,
            method="POST",
            path="token",
        ) from None
    try:
        return parse_token(data)
    except ValueError:
        raise InvalidResponseError(
            "POST token -> 200: the token response has no usable access_token",
            status_code=200,
            method="POST",
            path="token",
        ) from None
