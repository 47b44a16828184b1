"""``doctor --probe-lines``: the largest pricing request the API accepts.

A request of distinct items (found by a search) grows through :data:`GROWTH` lines until the
API refuses it (400, or 413), then the gap between the largest accepted and the smallest
refused size is halved until it closes or :data:`MAX_PRICING_REQUESTS` is spent. Requests
are paced below the configured rate, one at a time. Pricing only reads: nothing is changed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final

import attrs

from .. import (
    APIStatusError,
    BadRequestError,
    PricingLine,
    RateLimitError,
    ScanSourceClient,
    ScanSourceError,
)
from ._checks import Check
from ._doctor_http import LONGEST_WAIT, Pacer, RecordingTransport

__all__ = ["GROWTH", "MAX_PRICING_REQUESTS", "LinesProbe", "probe_lines"]

GROWTH: Final = (40, 50, 80, 100, 200, 400)
MAX_PRICING_REQUESTS: Final = 12
_SEARCH_PAGE: Final = 100
_REFUSED: Final = (400, 413)


@attrs.frozen
class LinesProbe:
    """The probe's outcome: its check, and the chunk size to suggest (None if none found)."""

    check: Check
    suggested: int | None


class _Inconclusive(Exception):
    pass


class _Prober:
    def __init__(
        self, client: ScanSourceClient, recorder: RecordingTransport, pacer: Pacer
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.pacer = pacer
        self.items: list[str] = []
        self.sent = 0
        self.refusal = ""
        self._found: AsyncIterator[str] | None = None

    async def _distinct_items(self) -> AsyncIterator[str]:
        seen: set[str] = set()
        async for found in self.client.products.search(page_size=_SEARCH_PAGE, max_pages=8):
            if found.item_number and found.item_number not in seen:
                seen.add(found.item_number)
                yield found.item_number

    async def have(self, count: int) -> int:
        """Make sure ``count`` distinct items are known (fewer if the search runs out)."""
        if self._found is None:
            self._found = self._distinct_items()
        while len(self.items) < count:  # pages come lazily, paced by the client's limiter
            try:
                self.items.append(await anext(self._found))
            except StopAsyncIteration:
                break
        return min(count, len(self.items))

    async def accepted(self, size: int) -> bool:
        """Whether a pricing request of ``size`` lines is accepted (one request, or two after
        a short 429)."""
        lines = [PricingLine(item) for item in self.items[:size]]
        for _ in range(2):
            await self.pacer.wait()
            self.sent += 1
            try:
                await self.client.products.pricing(lines)
            except RateLimitError as exc:
                wait = exc.retry_after or 1.0
                if wait > LONGEST_WAIT:
                    raise _Inconclusive(f"rate limited for {wait:.0f} s at {size} lines") from None
                await self.pacer.sleep(wait)
                continue
            except BadRequestError as exc:
                self.refusal = _short(exc)
                return False
            except APIStatusError as exc:
                if exc.status_code in _REFUSED:
                    self.refusal = _short(exc)
                    return False
                raise _Inconclusive(f"{size} lines: {_short(exc)}") from None
            except ScanSourceError as exc:
                raise _Inconclusive(f"{size} lines: {type(exc).__name__}: {exc}") from None
            return True
        raise _Inconclusive(f"still rate limited at {size} lines")


def _short(exc: APIStatusError) -> str:
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    return f"{exc.status_code} {' '.join(str(message or exc).split())[:120]}"


async def probe_lines(
    client: ScanSourceClient, recorder: RecordingTransport, pacer: Pacer
) -> LinesProbe:
    """Find the largest accepted pricing request (see the module docstring)."""
    prober = _Prober(client, recorder, pacer)
    before = len(recorder.exchanges)
    accepted, refused = 0, 0
    note = ""
    try:
        for size in GROWTH:
            size = await prober.have(size)
            if size <= accepted:
                note = f"; the search found only {size} distinct items"
                break
            if await prober.accepted(size):
                accepted = size
            else:
                refused = size
                break
        while refused and refused - accepted > 1 and prober.sent < MAX_PRICING_REQUESTS:
            middle = (accepted + refused) // 2
            if await prober.accepted(middle):
                accepted = middle
            else:
                refused = middle
    except _Inconclusive as exc:
        return LinesProbe(_check(recorder, before, ok=False, detail=f"inconclusive: {exc}"), None)
    if not accepted:
        detail = f"every size refused, down to {refused} ({prober.refusal})"
        return LinesProbe(_check(recorder, before, ok=False, detail=detail), None)
    requests = f"{prober.sent} pricing requests"
    if not refused:
        detail = f"{accepted} lines accepted, the largest tried{note} ({requests})"
    elif refused - accepted == 1:
        detail = (
            f"largest accepted: {accepted} lines; {refused} refused ({prober.refusal}); {requests}"
        )
    else:
        detail = (
            f"accepted {accepted}, refused {refused} ({prober.refusal}); the limit lies"
            f" between ({requests}, the most the probe sends)"
        )
    return LinesProbe(_check(recorder, before, ok=True, detail=detail), accepted)


def _check(recorder: RecordingTransport, before: int, *, ok: bool, detail: str) -> Check:
    pricing = [e for e in recorder.exchanges[before:] if e.path.endswith("pricing")]
    last = pricing[-1] if pricing else None
    return Check(
        name="lines per request",
        ok=ok,
        status=None if last is None else last.status,
        latency_ms=None if last is None else last.latency_ms,
        request_id=None if last is None else last.request_id,
        detail=detail,
        essential=False,
    )
