"""In-process httpx transport for the simulator (no sockets)."""

from __future__ import annotations

import httpx

from ._middleware import ConnectionDropped

__all__ = ["SimulatorTransport"]


class SimulatorTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` that turns a simulated dropped connection into the exception
    httpx raises when a real server disconnects without answering.

    Note that ``ASGITransport`` buffers whole responses, so a slow body shows up in-process as
    added time before the response, not as a trickle.
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
