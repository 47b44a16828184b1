"""``simulator serve --request-log FILE``: one JSON line per request the server answered.

The line is ``{"method": ..., "path": ..., "query": {...}, "status": ...}``: the path without
its leading slash (as the simulator's own request log writes it), the query's last value per
name, the status sent (0 when the connection was dropped without an answer). Written and
flushed as each request finishes, so another process (a test, ``tail -f``) can follow it.
Query values that could be credentials are replaced by ``***``; bodies are never written.
"""

from __future__ import annotations

import json
from typing import Final, TextIO
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["RequestLogApp"]

_SECRET_NAMES: Final = frozenset(
    {"client_secret", "apikey", "subscription-key", "subscription_key", "password", "token"}
)


def _query(raw: bytes) -> dict[str, str]:
    query = dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))
    for name in query:
        if name.lower() in _SECRET_NAMES:
            query[name] = "***"
    return query


class RequestLogApp:
    """ASGI middleware in front of the simulator app (outside its auth and rate checks, so
    401s and 429s are logged too), appending one line per HTTP request to ``file``."""

    def __init__(self, app: ASGIApp, file: TextIO) -> None:
        self.app = app
        self.file = file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            entry = {
                "method": scope["method"],
                "path": scope["path"][1:],
                "query": _query(scope.get("query_string", b"")),
                "status": status,
            }
            self.file.write(json.dumps(entry) + "\n")
            self.file.flush()
