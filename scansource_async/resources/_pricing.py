"""Pricing helpers: input lines, matching products to lines, and the streaming job handle."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Sequence
from typing import Any

import attrs

from .._batching import Batcher
from ..errors import InvalidResponseError, ItemError, ScanSourceError, ValidationError
from ..events import Event
from ..models.products import PricingLine, Product
from ..models.results import PriceResult

__all__ = [
    "Invalid",
    "PriceStream",
    "RequestOptions",
    "as_line",
    "lazy_lines",
    "line_or_invalid",
    "match_products",
]


@attrs.frozen
class RequestOptions:
    """What every line of one pricing request shares."""

    customer_number: str
    warehouse: str | None = None
    business_unit: str | None = None
    deal_id: str | None = None


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


def match_products(lines: Sequence[PricingLine], products: Sequence[Product]) -> list[Any]:
    """Pair each requested line with its product (by position, else by item number)."""
    if len(products) == len(lines):
        paired: Sequence[Product | None] = products
    else:
        by_item = {(p.item_number or "").strip().upper(): p for p in products}
        paired = [by_item.get(line.item_number.strip().upper()) for line in lines]
    outcomes: list[Product | ScanSourceError] = []
    for line, product in zip(lines, paired, strict=True):
        if product is None:
            outcomes.append(
                InvalidResponseError(
                    f"the pricing response has no product for {line.item_number!r}",
                    status_code=200,
                )
            )
        elif product.pricing_error:
            outcomes.append(
                ItemError(
                    product.pricing_error_desc or "pricing error", item_number=line.item_number
                )
            )
        else:
            outcomes.append(product)
    return outcomes


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
