"""The token check: one OAuth2 client-credentials request, as the client makes it.

Passes when a token comes back (its lifetime is reported); fails with the token endpoint's own
reason (``invalid_client: ...``) and what to check. The token itself is never reported.
"""

from __future__ import annotations

import time
from typing import Any, Final

import httpx

from .._auth import parse_token
from .._config import ClientConfig
from .._response import decode_body, message_from_body, request_id_from
from .._version import __version__
from ._checks import Check

__all__ = ["token_check"]

_NAME: Final = "token"
_MAX_REASON: Final = 160
_HINTS: Final = {
    400: "check SCANSOURCE_CLIENT_ID and SCANSOURCE_SCOPE",
    401: "check SCANSOURCE_CLIENT_ID and SCANSOURCE_CLIENT_SECRET",
    404: "check SCANSOURCE_TOKEN_URL",
}


def _reason(body: Any) -> str:
    """The token endpoint's own words: OAuth's ``error: error_description`` when present."""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        text = body["error"]
        if isinstance(body.get("error_description"), str):
            text += ": " + body["error_description"]
    else:
        text = message_from_body(body) or ""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


async def token_check(config: ClientConfig) -> Check:
    """The token check of ``config``'s credentials."""
    if not config.uses_oauth:
        return Check(
            name=_NAME,
            ok=False,
            detail="not configured: set SCANSOURCE_CLIENT_ID and SCANSOURCE_CLIENT_SECRET"
            " (the API wants a bearer token with the subscription key)",
        )
    form = {
        "grant_type": "client_credentials",
        "client_id": config.client_id or "",
        "client_secret": config.client_secret or "",
        "scope": config.scope,
    }
    timeout = config.timeout
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=timeout.connect, read=timeout.read, write=timeout.write, pool=timeout.pool
            ),
            headers={"User-Agent": f"scansource-async/{__version__}"},
            follow_redirects=False,
        ) as http:
            response = await http.post(config.token_url, data=form)
    except httpx.HTTPError as exc:
        latency = (time.perf_counter() - started) * 1000
        return Check(
            name=_NAME,
            ok=False,
            latency_ms=latency,
            detail=f"no answer from SCANSOURCE_TOKEN_URL: {type(exc).__name__}",
        )
    latency = (time.perf_counter() - started) * 1000
    status = response.status_code
    request_id = request_id_from(response.headers)
    try:
        body = decode_body(response.headers.get("content-type", ""), response.content)
    except ValueError:
        body = None
    if not response.is_success:
        hint = _HINTS.get(status, "check SCANSOURCE_TOKEN_URL and the client credentials")
        reason = _reason(body)
        detail = f"refused ({status}){': ' + reason if reason else ''}; {hint}"
        return Check(
            name=_NAME,
            ok=False,
            status=status,
            latency_ms=latency,
            request_id=request_id,
            detail=detail,
        )
    try:
        token = parse_token(body)
    except ValueError:
        return Check(
            name=_NAME,
            ok=False,
            status=status,
            latency_ms=latency,
            request_id=request_id,
            detail="the answer holds no access_token",
        )
    detail = f"fetched, lifetime {token.lifetime:.0f} s"
    return Check(
        name=_NAME, ok=True, status=status, latency_ms=latency, request_id=request_id, detail=detail
    )
