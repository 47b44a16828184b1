"""OAuth2 token endpoint: ``POST oauth2/v2.0/token`` (client credentials, form-encoded).

Mimics Azure AD B2C: the form carries ``grant_type=client_credentials``, ``client_id``,
``client_secret`` and (optionally here) ``scope``; HTTP Basic client authentication is accepted
too. Success: ``{"token_type": "Bearer", "expires_in": N, "ext_expires_in": N, "access_token": …}``.
Errors are OAuth-style and also carry the simulator's ``statusCode``/``message``:
``400 invalid_request`` (missing parameter), ``400 unsupported_grant_type``,
``400 unauthorized_client`` (unknown client id), ``401 invalid_client`` (wrong secret).
This endpoint needs no subscription key, is not rate-limited, and gets faults only from a fault
key that names it. The request log stores the form with ``client_secret`` redacted.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Final
from urllib.parse import parse_qsl, unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .._state import REDACTED
from ._common import context_of, json_response, state_of

__all__ = ["GROUP", "ROUTES", "TOKEN_PATH"]

GROUP: Final = "OAuth2"
#: the token endpoint's path (relative, as the client's ``token_url`` joins it)
TOKEN_PATH: Final = "oauth2/v2.0/token"


def _oauth_error(status: int, error: str, code: int, description: str) -> Response:
    text = f"AADSTS{code}: {description}"
    return json_response(
        {
            "error": error,
            "error_description": text,
            "error_codes": [code],
            "statusCode": status,
            "message": text,
        },
        status,
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if sep else None


async def token(request: Request) -> Response:
    state = state_of(request)
    ctx = context_of(request)
    form = dict(parse_qsl(ctx.body.decode("utf-8", "replace"), keep_blank_values=True))
    ctx.log_body = {k: (REDACTED if k == "client_secret" else v) for k, v in form.items()}
    client_id = form.get("client_id", "")
    secret = form.get("client_secret", "")
    basic = _basic_credentials(request)
    if basic is not None and not client_id:
        client_id, secret = basic
    grant_type = form.get("grant_type")
    if not grant_type:
        return _oauth_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
        )
    if grant_type != "client_credentials":
        return _oauth_error(
            400,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type 'client_credentials' only.",
        )
    if not client_id:
        return _oauth_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        )
    expected = state.clients.get(client_id)
    if expected is None:
        return _oauth_error(
            400,
            "unauthorized_client",
            700016,
            "Application with the given identifier was not found in the directory.",
        )
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        return _oauth_error(401, "invalid_client", 7000215, "Invalid client secret provided.")
    access_token = state.tokens.issue()
    state.stats.tokens_issued += 1
    expires_in = state.tokens.expires_in
    return json_response(
        {
            "token_type": "Bearer",
            "expires_in": expires_in,
            "ext_expires_in": expires_in,
            "access_token": access_token,
        }
    )


ROUTES: Final[list[BaseRoute]] = [Route("/" + TOKEN_PATH, token, methods=["POST"])]
