"""OpenTelemetry for a client (the ``[otel]`` extra): spans and metrics built on its listeners.

::

    from scansource_async.otel import instrument

    client = ScanSourceClient.from_env()
    instrument(client)   # the global tracer and meter providers, or pass your own

Traces: one span per call, named ``scansource <operation>`` (``scansource products.pricing``),
kind CLIENT, a child of whatever span is current where the call was made (your web framework's
request span). Its attributes follow the HTTP client semantic conventions
(``http.request.method``, ``http.response.status_code``, ``server.address``, ``server.port``,
``url.full`` without the query, ``error.type``) plus ``scansource.operation``,
``scansource.attempts``, ``scansource.items`` (pricing lines or availability items) and
``scansource.layout``. Each attempt is a child span ``scansource <operation> attempt N`` with its
own status code, ``http.request.resend_count`` and the API's ``scansource.request_id``; retries
and 429 pauses are events on the call span. A failed call's span has status ERROR.

Metrics (meter ``scansource_async``):

- ``http.client.request.duration`` (histogram, seconds): each attempt's time on the wire;
- ``scansource.client.rate_limited`` (counter): 429 answers;
- ``scansource.client.retries`` (counter): attempts retried;
- ``scansource.client.items_priced`` (counter): pricing lines answered by successful calls;
- ``scansource.client.cache.hits`` / ``scansource.client.cache.misses`` (counters): price-cache
  lookups per line (hits carry ``scansource.cache.stale``).

Spans are recorded when the call ends, with the start and end times the events measured, so
nothing is left open if a call is cancelled. No attribute carries a secret: events hold none.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import attrs

from ._extras import missing_extra

try:
    from opentelemetry import metrics, trace
    from opentelemetry.trace import SpanKind, Status, StatusCode
except ImportError as exc:  # one line naming the extra to install
    raise (missing_extra("scansource_async.otel", "otel", exc) or exc) from exc

from ._version import __version__
from .events import (
    CacheEvent,
    CallEndEvent,
    Event,
    RateLimitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
)

if TYPE_CHECKING:
    from ._client import ScanSourceClient

__all__ = ["Instrumentation", "instrument"]

_SCOPE: Final = "scansource_async"
# Calls whose end never came (cannot happen short of a crash) stop being tracked past this.
_MAX_OPEN_CALLS: Final = 10_000


@attrs.define
class _Attempt:
    number: int
    started_ns: int
    ended_ns: int | None = None
    status_code: int | None = None
    request_id: str | None = None
    error: str | None = None


@attrs.define
class _Call:
    attempts: list[_Attempt] = attrs.Factory(list)
    notes: list[tuple[str, int, dict[str, Any]]] = attrs.Factory(list)


class Instrumentation:
    """The listener :func:`instrument` added to a client; ``uninstrument()`` removes it."""

    def __init__(
        self,
        client: ScanSourceClient,
        tracer_provider: trace.TracerProvider | None,
        meter_provider: metrics.MeterProvider | None,
    ) -> None:
        self._client = client
        self._tracer = trace.get_tracer(_SCOPE, __version__, tracer_provider=tracer_provider)
        meter = metrics.get_meter(_SCOPE, __version__, meter_provider=meter_provider)
        self._duration = meter.create_histogram(
            "http.client.request.duration", unit="s", description="Time of each attempt"
        )
        self._rate_limited = meter.create_counter(
            "scansource.client.rate_limited", unit="{response}", description="429 answers"
        )
        self._retries = meter.create_counter(
            "scansource.client.retries", unit="{attempt}", description="Attempts retried"
        )
        self._items = meter.create_counter(
            "scansource.client.items_priced", unit="{item}", description="Pricing lines answered"
        )
        self._hits = meter.create_counter(
            "scansource.client.cache.hits", unit="{item}", description="Price-cache hits"
        )
        self._misses = meter.create_counter(
            "scansource.client.cache.misses", unit="{item}", description="Price-cache misses"
        )
        config = client.config
        base = urlsplit(config.base_url)
        self._base_url = config.base_url
        self._server: dict[str, Any] = {"server.address": base.hostname or ""}
        if base.port is not None or base.scheme in ("http", "https"):
            self._server["server.port"] = base.port or (443 if base.scheme == "https" else 80)
        layout = getattr(config, "api_layout", None)
        self._layout = None if layout is None else str(getattr(layout, "value", layout))
        self._calls: dict[int, _Call] = {}
        client.add_listener(self)

    def uninstrument(self) -> None:
        """Stop recording this client's calls."""
        self._client.remove_listener(self)

    def __call__(self, event: Event) -> None:
        if isinstance(event, RequestEvent):
            self._call(event.call_id).attempts.append(_Attempt(event.attempt, time.time_ns()))
        elif isinstance(event, ResponseEvent):
            self._response(event)
        elif isinstance(event, RetryEvent):
            self._retries.add(1, self._common(event.method, event.operation))
            if event.call_id is not None and event.call_id in self._calls:
                note = {"scansource.attempt": event.attempt, "scansource.wait": event.wait}
                self._calls[event.call_id].notes.append(("retry", time.time_ns(), note))
        elif isinstance(event, RateLimitEvent):
            if event.call_id is not None and event.call_id in self._calls:
                note = {"scansource.wait": event.wait}
                self._calls[event.call_id].notes.append(("rate_limited", time.time_ns(), note))
        elif isinstance(event, CallEndEvent):
            self._end(event)
        elif isinstance(event, CacheEvent):
            attributes = {"scansource.operation": event.operation}
            if event.hits:
                self._hits.add(event.hits, {**attributes, "scansource.cache.stale": False})
            if event.stale_hits:
                self._hits.add(event.stale_hits, {**attributes, "scansource.cache.stale": True})
            if event.misses:
                self._misses.add(event.misses, attributes)

    # -- steps -------------------------------------------------------------------------------

    def _call(self, call_id: int) -> _Call:
        call = self._calls.get(call_id)
        if call is None:
            if len(self._calls) >= _MAX_OPEN_CALLS:
                self._calls.pop(next(iter(self._calls)))
            call = self._calls[call_id] = _Call()
        return call

    def _common(self, method: str, operation: str | None) -> dict[str, Any]:
        attributes: dict[str, Any] = {"http.request.method": method, **self._server}
        if operation is not None:
            attributes["scansource.operation"] = operation
        return attributes

    def _response(self, event: ResponseEvent) -> None:
        attributes = self._common(event.method, event.operation)
        if event.status_code is not None:
            attributes["http.response.status_code"] = event.status_code
        if event.error is not None or (event.status_code or 0) >= 400:
            attributes["error.type"] = event.error or str(event.status_code)
        self._duration.record(event.latency, attributes)
        if event.status_code == 429:
            self._rate_limited.add(1, self._common(event.method, event.operation))
        call = self._calls.get(event.call_id)
        if call is not None and call.attempts and call.attempts[-1].number == event.attempt:
            attempt = call.attempts[-1]
            attempt.ended_ns = time.time_ns()
            attempt.status_code = event.status_code
            attempt.request_id = event.request_id
            attempt.error = event.error

    def _end(self, event: CallEndEvent) -> None:
        ended = time.time_ns()
        call = self._calls.pop(event.call_id, None) or _Call()
        name = f"scansource {event.operation or event.method}"
        attributes = self._common(event.method, event.operation)
        attributes["url.full"] = self._base_url + event.path
        attributes["scansource.attempts"] = event.attempts
        if event.status_code is not None:
            attributes["http.response.status_code"] = event.status_code
        if event.items is not None:
            attributes["scansource.items"] = event.items
        if self._layout is not None:
            attributes["scansource.layout"] = self._layout
        if event.request_id is not None:
            attributes["scansource.request_id"] = event.request_id
        if event.error is not None:
            attributes["error.type"] = event.error
        # The call's duration is measured on the monotonic clock and the listener may run
        # late, so the span also starts no later than its first attempt and first note.
        started = min(
            [ended - int(event.duration * 1e9)]
            + [attempt.started_ns for attempt in call.attempts]
            + [at for _, at, _ in call.notes]
        )
        span = self._tracer.start_span(
            name, kind=SpanKind.CLIENT, attributes=attributes, start_time=started
        )
        if event.error is not None:
            span.set_status(Status(StatusCode.ERROR, event.error))
        context = trace.set_span_in_context(span)
        for attempt in call.attempts:
            self._attempt_span(name, event, attempt, context, ended)
        for note, at, details in call.notes:
            span.add_event(note, details, timestamp=at)
        span.end(end_time=ended)
        if (
            event.error is None
            and event.operation == "products.pricing"
            and event.items is not None
        ):
            self._items.add(event.items, self._common(event.method, event.operation))

    def _attempt_span(
        self,
        name: str,
        event: CallEndEvent,
        attempt: _Attempt,
        context: Any,
        call_ended: int,
    ) -> None:
        attributes = self._common(event.method, event.operation)
        attributes["url.full"] = self._base_url + event.path
        if attempt.number > 1:
            attributes["http.request.resend_count"] = attempt.number - 1
        if attempt.status_code is not None:
            attributes["http.response.status_code"] = attempt.status_code
        if attempt.request_id is not None:
            attributes["scansource.request_id"] = attempt.request_id
        failed = attempt.error is not None or (attempt.status_code or 0) >= 400
        if attempt.ended_ns is None:  # cut short: cancelled, or refused before sending
            failed = True
            attributes["error.type"] = event.error or "cancelled"
        elif failed:
            attributes["error.type"] = attempt.error or str(attempt.status_code)
        span = self._tracer.start_span(
            f"{name} attempt {attempt.number}",
            context=context,
            kind=SpanKind.CLIENT,
            attributes=attributes,
            start_time=attempt.started_ns,
        )
        if failed:
            span.set_status(Status(StatusCode.ERROR, attributes["error.type"]))
        span.end(end_time=attempt.ended_ns or call_ended)


def instrument(
    client: ScanSourceClient,
    tracer_provider: trace.TracerProvider | None = None,
    meter_provider: metrics.MeterProvider | None = None,
) -> Instrumentation:
    """Record ``client``'s calls as OpenTelemetry spans and metrics (see the module docs).

    Uses the global providers unless given others. Instrument each client once (its
    ``with_options`` copies share the instrumentation); ``uninstrument()`` on the returned
    object stops it.
    """
    return Instrumentation(client, tracer_provider, meter_provider)
