"""Assembly of the simulator's Starlette app: the routes of the API layout, the error handlers,
and :class:`SimulatorMiddleware` (``_middleware``) in front of everything.

Every error is JSON with at least ``{"statusCode": …, "message": …}`` (APIM's shape); unknown
paths are 404, wrong methods 405.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from ._json import JSON_CONTENT_TYPE, error_body
from ._middleware import REQUEST_ID_HEADER, ConnectionDropped, SimulatorMiddleware
from ._state import SimulatorState
from .routes import api_names, api_prefixes, build_router, build_routes
from .routes._common import ApiError

__all__ = [
    "REQUEST_ID_HEADER",
    "ConnectionDropped",
    "SimulatorApp",
    "SimulatorMiddleware",
    "build_app",
]

_MEDIA_TYPE: Final = JSON_CONTENT_TYPE.decode()


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return Response(
        error_body(exc.status, exc.message, **exc.extra),
        status_code=exc.status,
        headers=exc.headers,
        media_type=_MEDIA_TYPE,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: "Resource not found", 405: "Method not allowed"}.get(
        exc.status_code, exc.detail
    )
    return Response(
        error_body(exc.status_code, message),
        status_code=exc.status_code,
        headers=exc.headers,
        media_type=_MEDIA_TYPE,
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    return Response(
        error_body(500, "Internal server error"), status_code=500, media_type=_MEDIA_TYPE
    )


class SimulatorApp(Starlette):
    """The Starlette app, with :class:`SimulatorMiddleware` outside even Starlette's own error
    middleware (so it gets the server's ``receive``, needed to drop connections)."""

    def __init__(self, state: SimulatorState) -> None:
        handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _server_error,
        }
        super().__init__(routes=build_routes(state.router), exception_handlers=handlers)
        self.router.redirect_slashes = False
        self.simulator_state = state
        self.state.simulator = state

    def build_middleware_stack(self) -> ASGIApp:
        return SimulatorMiddleware(super().build_middleware_stack(), self.simulator_state)


def build_app(state: SimulatorState) -> SimulatorApp:
    """The ASGI app for one simulator state."""
    state.router = build_router(state.api_layout)
    state.groups["_api_names"] = tuple(api_names())
    state.groups["_api_prefixes"] = frozenset(api_prefixes())
    return SimulatorApp(state)
