"""scansource_async.otel against the OpenTelemetry SDK's in-memory exporters: one span per call
with the right status, a child span per attempt, the metrics, and no secret anywhere."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import pricing_records

pytest.importorskip("opentelemetry.sdk", reason="the OpenTelemetry SDK is not installed")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode

from scansource_async import NotFoundError, PriceCache, PricingLine, RetryPolicy
from scansource_async.otel import instrument
from scansource_async.testing import FaultModel, Simulator

KEY = "otel-subscription-key-77aa88bb99cc00dd"
CLIENT_ID = "otel-client"
SECRET = "otel-client-secret-1122334455667788"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


class Telemetry:
    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def calls(self) -> list[ReadableSpan]:
        return [span for span in self.finished() if span.parent is None]

    def metrics(self) -> dict[str, list[Any]]:
        data = self.reader.get_metrics_data()
        found: dict[str, list[Any]] = {}
        assert data is not None
        for resource in data.resource_metrics:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found.setdefault(metric.name, []).extend(metric.data.data_points)
        return found

    def total(self, name: str, **attributes: Any) -> float:
        points = self.metrics().get(name, [])
        return sum(
            point.value
            for point in points
            if all(point.attributes.get(key) == value for key, value in attributes.items())
        )


@pytest.fixture
def telemetry() -> Iterator[Telemetry]:
    found = Telemetry()
    yield found
    found.tracer_provider.shutdown()


@pytest.fixture
def sim() -> Simulator:
    return Simulator(
        seed=9, catalog_size=2_000, subscription_keys=(KEY,), clients={CLIENT_ID: SECRET}
    )


def items(sim: Simulator, count: int) -> list[str]:
    return list(sim.catalog.item_numbers[50 : 50 + count])


async def test_one_span_per_call_with_http_attributes(sim: Simulator, telemetry: Telemetry) -> None:
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        await client.products.pricing([PricingLine(item) for item in items(sim, 3)])
    (call,) = telemetry.calls()
    assert call.name == "scansource products.pricing"
    assert call.kind is SpanKind.CLIENT
    assert call.status.status_code is StatusCode.UNSET
    attributes = dict(call.attributes or {})
    assert attributes["http.request.method"] == "POST"
    assert attributes["http.response.status_code"] == 200
    assert attributes["server.address"] == "simulator.invalid"
    record = pricing_records(sim)[-1]
    assert attributes["url.full"] == "http://simulator.invalid/" + record.path
    assert attributes.get("scansource.layout") == getattr(client.config, "api_layout", None)
    assert attributes["scansource.operation"] == "products.pricing"
    assert attributes["scansource.attempts"] == 1
    assert attributes["scansource.items"] == 3
    assert attributes["scansource.request_id"] == record.request_id
    (attempt,) = [span for span in telemetry.finished() if span.parent is not None]
    assert attempt.parent is not None and attempt.parent.span_id == call.context.span_id
    assert attempt.name == "scansource products.pricing attempt 1"
    assert call.start_time is not None and attempt.start_time is not None
    assert call.end_time is not None and attempt.end_time is not None
    assert call.start_time <= attempt.start_time <= attempt.end_time <= call.end_time


async def test_a_late_listener_still_gives_a_call_span_enclosing_its_attempts(
    sim: Simulator, telemetry: Telemetry
) -> None:
    """A listener that runs before the instrumentation and takes its time delays the call's
    end: the call span must still start no later than its attempt."""
    async with sim.client(max_rate=100_000, retry=FAST) as client:

        def slow(event: object) -> None:
            if type(event).__name__ == "CallEndEvent":
                time.sleep(0.05)

        client.add_listener(slow)
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        await client.products.pricing([PricingLine(items(sim, 1)[0])])
    (call,) = telemetry.calls()
    (attempt,) = [span for span in telemetry.finished() if span.parent is not None]
    assert call.start_time is not None and attempt.start_time is not None
    assert call.end_time is not None and attempt.end_time is not None
    assert call.end_time - attempt.end_time >= 50_000_000
    assert call.start_time <= attempt.start_time <= attempt.end_time <= call.end_time


async def test_retried_call_has_a_child_span_per_attempt_and_retry_events(
    sim: Simulator, telemetry: Telemetry
) -> None:
    sim.set_faults({"POST product/pricing": FaultModel(error_rate=1.0, error_statuses=(503,))})
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)

        def lift(event: object) -> None:
            if type(event).__name__ == "RetryEvent" and getattr(event, "attempt", 0) == 2:
                sim.set_faults(None)

        client.add_listener(lift)
        await client.products.pricing([PricingLine(items(sim, 1)[0])])
    (call,) = telemetry.calls()
    assert call.status.status_code is StatusCode.UNSET
    assert dict(call.attributes or {})["scansource.attempts"] == 3
    attempts = sorted(
        (span for span in telemetry.finished() if span.parent is not None),
        key=lambda span: span.start_time or 0,
    )
    assert [span.name[-9:] for span in attempts] == ["attempt 1", "attempt 2", "attempt 3"]
    codes = [dict(span.attributes or {})["http.response.status_code"] for span in attempts]
    assert codes == [503, 503, 200]
    assert [span.status.status_code for span in attempts] == [
        StatusCode.ERROR,
        StatusCode.ERROR,
        StatusCode.UNSET,
    ]
    assert dict(attempts[2].attributes or {})["http.request.resend_count"] == 2
    assert [event.name for event in call.events] == ["retry", "retry"]
    assert telemetry.total("scansource.client.retries") == 2
    durations = telemetry.metrics()["http.client.request.duration"]
    assert sum(point.count for point in durations) == 3


async def test_a_failed_call_has_an_error_span(sim: Simulator, telemetry: Telemetry) -> None:
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        with pytest.raises(NotFoundError):
            await client.products.detail("NO-SUCH-ITEM-5")
    (call,) = telemetry.calls()
    assert call.name == "scansource products.detail"
    assert call.status.status_code is StatusCode.ERROR
    attributes = dict(call.attributes or {})
    assert attributes["http.response.status_code"] == 404
    assert attributes["error.type"] == "NotFoundError"
    assert attributes["http.request.method"] == "GET"


async def test_429s_are_counted_and_marked_on_the_span(
    sim: Simulator, telemetry: Telemetry
) -> None:
    sim.set_faults(
        {"POST product/pricing": FaultModel(throttle_rate=1.0, throttle_retry_after=0.01)}
    )
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)

        def lift(event: object) -> None:
            if type(event).__name__ == "RateLimitEvent":
                sim.set_faults(None)

        client.add_listener(lift)
        await client.products.pricing([PricingLine(items(sim, 1)[0])])
    (call,) = telemetry.calls()
    assert "rate_limited" in [event.name for event in call.events]
    assert telemetry.total("scansource.client.rate_limited") == 1


async def test_spans_nest_under_the_callers_span(sim: Simulator, telemetry: Telemetry) -> None:
    tracer = telemetry.tracer_provider.get_tracer("app")
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        with tracer.start_as_current_span("GET /price") as outer:
            await client.products.pricing([PricingLine(items(sim, 1)[0])])
    (call,) = [span for span in telemetry.finished() if span.name == "scansource products.pricing"]
    assert call.parent is not None
    assert call.parent.span_id == outer.get_span_context().span_id
    assert call.context.trace_id == outer.get_span_context().trace_id


async def test_items_priced_and_cache_metrics(sim: Simulator, telemetry: Telemetry) -> None:
    async with sim.client(max_rate=100_000, retry=FAST, price_cache=PriceCache()) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        catalog = items(sim, 30)
        await asyncio.gather(*(client.products.price(item) for item in catalog))
        await asyncio.gather(*(client.products.price(item) for item in catalog))
        await client.products.price_many(items(sim, 100), chunk_size=25)
    assert telemetry.total("scansource.client.items_priced") == 130
    assert telemetry.total("scansource.client.cache.misses") == 30
    assert (
        telemetry.total("scansource.client.cache.hits", **{"scansource.cache.stale": False}) == 30
    )
    # One span per request: 1 coalesced request for 30 callers, 4 chunks of the bulk job.
    assert len(telemetry.calls()) == 5


async def test_no_secret_in_any_attribute_event_or_metric(
    sim: Simulator, telemetry: Telemetry
) -> None:
    sim.set_faults({"POST product/pricing": FaultModel(error_rate=0.3, error_statuses=(503,))})
    async with sim.client(max_rate=100_000, retry=FAST, price_cache=PriceCache()) as client:
        instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        await client.products.price_many(items(sim, 200), chunk_size=10)
        with pytest.raises(NotFoundError):
            await client.products.detail("NO-SUCH-ITEM-6")
        tokens = client.pipeline._tokens
        token = tokens.current if tokens is not None else None
    assert token
    texts = []
    for span in telemetry.finished():
        texts.append(span.name)
        texts.append(repr(dict(span.attributes or {})))
        texts.extend(repr((event.name, dict(event.attributes or {}))) for event in span.events)
        texts.append(str(span.status.description))
    for points in telemetry.metrics().values():
        texts.extend(repr(dict(point.attributes)) for point in points)
    dump = "\n".join(texts)
    assert "scansource products.pricing" in dump
    for secret in (KEY, SECRET, token):
        assert secret not in dump


async def test_uninstrument_stops_recording(sim: Simulator, telemetry: Telemetry) -> None:
    async with sim.client(max_rate=100_000, retry=FAST) as client:
        instrumentation = instrument(client, telemetry.tracer_provider, telemetry.meter_provider)
        await client.products.pricing([PricingLine(items(sim, 1)[0])])
        instrumentation.uninstrument()
        await client.products.pricing([PricingLine(items(sim, 1)[0])])
    assert len(telemetry.calls()) == 1
