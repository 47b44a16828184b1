"""Pricing helpers: input lines, matching products to lines, and the streaming job handle."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Hashable, Iterable, Sequence
from typing import Any

import attrs

from .. import _checks as checks
from .._batching import Batcher, BatchSettings
from .._config import ClientConfig
from .._options import DEFAULT_OPTIONS, DeadlineArg, NotGiven, RequestOptions
from ..errors import InvalidResponseError, ItemError, ScanSourceError, ValidationError
from ..events import Event
from ..models.products import PricingLine, Product
from ..models.results import PriceResult

__all__ = [
    "Invalid",
    "PriceStream",
    "PricingScope",
    "as_line",
    "batch_settings",
    "customer_of",
    "lazy_lines",
    "line_or_invalid",
    "line_source",
    "make_price_result",
    "match_products",
    "outcome_of",
    "pair_products",
]


@attrs.frozen
class PricingScope:
    """What every line of one pricing request shares: the customer, warehouse, business unit
    and deal it is priced for, and the per-call options it is sent with (requests with other
    options are never coalesced with it)."""

    customer_number: str
    warehouse: str | None = None
    business_unit: str | None = None
    deal_id: str | None = None
    options: RequestOptions = DEFAULT_OPTIONS


@attrs.frozen
class Invalid:
    """An input line that failed validation: reported as that line's error, never sent."""

    raw: Any
    error: ValidationError


def as_line(value: Any) -> PricingLine:
    if isinstance(value, PricingLine):
        return value
    if isinstance(value, str):
        return PricingLine(value)
    raise ValidationError(f"a pricing line must be a PricingLine or an item number, got {value!r}")


def line_or_invalid(value: Any) -> PricingLine | Invalid:
    try:
        return as_line(value)
    except ValidationError as exc:
        return Invalid(value, exc)


async def lazy_lines(lines: AsyncIterable[Any]) -> AsyncIterator[PricingLine | Invalid]:
    async for value in lines:
        yield line_or_invalid(value)


def pair_products(
    lines: Sequence[PricingLine], products: Sequence[Product]
) -> list[Product | None]:
    """Each requested line's product (by position, else by item number), None if missing."""
    if len(products) == len(lines):
        return list(products)
    by_item = {(p.item_number or "").strip().upper(): p for p in products}
    return [by_item.get(line.item_number.strip().upper()) for line in lines]


def outcome_of(line: PricingLine, product: Product | None) -> Product | ScanSourceError:
    """A line's result: its product, or the error of a missing or unpriceable product."""
    if product is None:
        return InvalidResponseError(
            f"the pricing response has no product for {line.item_number!r}", status_code=200
        )
    if product.pricing_error:
        return ItemError(
            product.pricing_error_desc or "pricing error", item_number=line.item_number
        )
    return product


def match_products(lines: Sequence[PricingLine], products: Sequence[Product]) -> list[Any]:
    """Pair each requested line with its product (by position, else by item number)."""
    return [
        outcome_of(line, product)
        for line, product in zip(lines, pair_products(lines, products), strict=True)
    ]


class PriceStream:
    """Results of a streaming pricing job: ``async for result in stream``.

    Memory stays bounded by the job's window whatever the input size. Use ``async with`` (or
    ``aclose()``) to stop early and release chunks in flight; ``stop()`` ends the job and reports
    the remaining lines as not attempted.
    """

    def __init__(self, batcher: Batcher[Any, Any, PriceResult]) -> None:
        self._batcher = batcher

    def __aiter__(self) -> AsyncIterator[PriceResult]:
        return self._batcher.__aiter__()

    def __repr__(self) -> str:
        return f"<PriceStream {self._batcher!r}>"

    async def __aenter__(self) -> PriceStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def stop(self, reason: str = "the job was stopped") -> None:
        """End the job: lines not yet priced come back as not attempted."""
        self._batcher.stop(reason)

    async def aclose(self) -> None:
        """Stop the job and release everything it holds."""
        await self._batcher.aclose()

    @property
    def progress(self) -> Event:
        """The job's counts so far."""
        return self._batcher.progress


def line_source(
    lines: Iterable[Any] | AsyncIterable[Any],
) -> Iterable[PricingLine | Invalid] | AsyncIterable[PricingLine | Invalid]:
    """The job's input: a sequence is checked whole before anything is sent; a lazy input
    line by line, an invalid line becoming that line's failed result."""
    if isinstance(lines, Sequence) and not isinstance(lines, str):
        return [as_line(line) for line in lines]
    if isinstance(lines, AsyncIterable):
        return lazy_lines(lines)
    if isinstance(lines, Iterable) and not isinstance(lines, str):
        return map(line_or_invalid, lines)
    raise ValidationError("lines must be a sequence, iterable or async iterable of lines")


def customer_of(item: PricingLine | Invalid) -> Hashable:
    """The engine's grouping key: lines of different customers never share a request."""
    return item.customer_number if isinstance(item, PricingLine) else None


def make_price_result(
    index: int, item: PricingLine | Invalid, product: Product | None, error: BaseException | None
) -> PriceResult:
    if isinstance(item, Invalid):
        line = item.raw if isinstance(item.raw, PricingLine) else PricingLine("<invalid>")
        return PriceResult(index=index, line=line, error=item.error)
    return PriceResult(index=index, line=item, product=product, error=error)


def batch_settings(
    config: ClientConfig,
    chunk_size: int | None,
    max_in_flight: int | None,
    ordered: bool,
    deadline: DeadlineArg,
    window: int | None,
) -> BatchSettings:
    """A bulk job's settings from the call's options and the client's defaults, checked.

    ``deadline`` is the job's; not given, the job has none (each request keeps the client's).
    """
    if isinstance(deadline, NotGiven):
        deadline = None
    size = config.chunk_size if chunk_size is None else chunk_size
    flight = config.max_in_flight if max_in_flight is None else max_in_flight
    checks.positive_int(size, "chunk_size")
    checks.positive_int(flight, "max_in_flight")
    if size > config.chunk_size:
        raise ValidationError(f"chunk_size {size} exceeds the client's maximum {config.chunk_size}")
    checks.optional(checks.seconds)(deadline, "deadline")
    # A window below 1 would never read an item: the job would wait forever.
    checks.optional(checks.positive_int)(window, "window")
    return BatchSettings(
        chunk_size=size, max_in_flight=flight, ordered=ordered, deadline=deadline, window=window
    )
