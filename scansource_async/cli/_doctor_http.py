"""The doctor's view of the wire: every exchange the client makes, as the API answered it.

The doctor talks to the API through a normal :class:`ScanSourceClient` (so it checks exactly
what the client sends), whose httpx transport is wrapped by :class:`RecordingTransport`: each
request is noted with its status, latency, request id and any rate-limit headers, which the
client's typed answers do not carry.
"""

from __future__ import annotations

import asyncio
import time
from typing import Final

import attrs
import httpx

from .._response import request_id_from

__all__ = ["LONGEST_WAIT", "Exchange", "Pacer", "RecordingTransport", "rate_headers"]

#: the share of the configured rate the doctor sends at: it must never be what trips a limit
PACE_FRACTION: Final = 0.8
#: the longest Retry-After the doctor waits out (a longer one ends that probe)
LONGEST_WAIT: Final = 10.0

# Headers that say something about a rate limit (APIM, IETF draft, common X- forms).
_RATE_MARKERS: Final = ("ratelimit", "rate-limit", "retry-after", "quota")


def rate_headers(headers: httpx.Headers) -> dict[str, str]:
    """The response headers that describe a rate limit or ask the client to wait."""
    return {
        name.lower(): value
        for name, value in headers.items()
        if any(marker in name.lower() for marker in _RATE_MARKERS)
    }


@attrs.frozen(kw_only=True)
class Exchange:
    """One request and what came back (``status`` None when no answer came)."""

    method: str
    path: str
    status: int | None
    latency_ms: float
    finished: float = 0.0  # time.monotonic() when the answer (or the failure) came
    request_id: str | None = None
    rate_headers: dict[str, str] = attrs.Factory(dict)
    error: str | None = None


class RecordingTransport(httpx.AsyncBaseTransport):
    """An httpx transport that notes every exchange (see the module docstring)."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        path = request.url.path.lstrip("/")
        try:
            response = await self._inner.handle_async_request(request)
        except Exception as exc:
            elapsed = (time.perf_counter() - started) * 1000
            self.exchanges.append(
                Exchange(
                    method=request.method,
                    path=path,
                    status=None,
                    latency_ms=elapsed,
                    finished=time.monotonic(),
                    error=type(exc).__name__,
                )
            )
            raise
        elapsed = (time.perf_counter() - started) * 1000
        self.exchanges.append(
            Exchange(
                method=request.method,
                path=path,
                status=response.status_code,
                latency_ms=elapsed,
                finished=time.monotonic(),
                request_id=request_id_from(response.headers),
                rate_headers=rate_headers(response.headers),
            )
        )
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class Pacer:
    """Spaces the doctor's requests evenly below ``max_rate`` (no burst, unlike the client's
    limiter): ``await pacer.wait()`` before each one."""

    def __init__(self, max_rate: float) -> None:
        self.interval = 1.0 / (max_rate * PACE_FRACTION)
        self._next = 0.0

    @property
    def rate(self) -> float:
        return 1.0 / self.interval

    async def wait(self) -> None:
        now = time.monotonic()
        if now < self._next:
            await asyncio.sleep(self._next - now)
            now = time.monotonic()
        self._next = now + self.interval

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (a server's Retry-After) before the next request."""
        await asyncio.sleep(seconds)
        self._next = max(self._next, time.monotonic())
