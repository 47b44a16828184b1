"""Product pricing of any number of lines: ``stream_prices`` and ``price_many``."""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable, Sequence
from typing import Any

import attrs

from .._batching import Batcher
from .._listeners import progress_sink
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    RequestOptions,
    TimeoutArg,
)
from ..models.products import PricingLine, Product, Warehouse
from ..models.results import PriceResult, PriceSheet
from ._base import ProgressCallback
from ._pricing import (
    Invalid,
    PriceStream,
    batch_settings,
    customer_of,
    line_source,
    make_price_result,
    match_products,
)
from ._product_pricing import LineInput, ProductPricing

__all__ = ["BulkPricing", "Lines"]

Lines = Iterable[LineInput] | AsyncIterable[LineInput]


class BulkPricing(ProductPricing):
    """The bulk pricing jobs of ``client.products``."""

    # -- any number of lines -----------------------------------------------------------

    def stream_prices(
        self,
        lines: Lines,
        *,
        warehouse: Warehouse | str | None = None,
        business_unit: str | None = None,
        deal_id: str | None = None,
        customer_number: str | None = None,
        chunk_size: int | None = None,
        max_in_flight: int | None = None,
        ordered: bool = True,
        on_progress: ProgressCallback | None = None,
        raise_on_error: bool = False,
        window: int | None = None,
        slow_start: bool = False,
        use_cache: bool = False,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> PriceStream:
        """Price any number of lines, yielding one :class:`PriceResult` per line.

        ``lines`` may be a sequence, an iterable or an async iterable of :class:`PricingLine`
        (or item numbers); it is read lazily. Results come in input order (or as finished with
        ``ordered=False``). Equal lines are priced once. A sequence is validated before anything
        is sent; a lazy input's invalid lines come back as failed results. With
        ``slow_start=True`` the first request goes alone and the rest fan out once it has
        answered: a broken setup (wrong key or URL) then costs one request, not
        ``max_in_flight``. ``use_cache=True`` reads fresh entries of the client's price cache
        and stores what it prices (bulk jobs want fresh prices, so the default is to price
        every line).

        ``deadline`` is the job's: when it passes, the lines not yet priced come back as not
        attempted. ``timeout`` and ``max_retries`` apply to each request of the job.
        """
        scope = self._scope(
            customer_number,
            warehouse,
            business_unit,
            deal_id,
            RequestOptions(timeout=timeout, max_retries=max_retries),
        )
        settings = batch_settings(
            self._client.config, chunk_size, max_in_flight, ordered, deadline, window
        )
        settings = attrs.evolve(settings, raise_on_error=raise_on_error, slow_start=slow_start)
        cached = self._cached if use_cache else None

        async def price_chunk(chunk: Sequence[PricingLine | Invalid]) -> list[Any]:
            valid = [line for line in chunk if isinstance(line, PricingLine)]
            outcomes: list[Any] = []
            if valid:
                # A chunk never mixes customers (the engine groups by customer_of).
                customer = valid[0].customer_number or scope.customer_number
                group_scope = attrs.evolve(scope, customer_number=customer)
                if cached is not None:
                    outcomes = await cached.bulk(group_scope, valid)
                else:
                    products = await self._request_prices(group_scope, valid)
                    outcomes = match_products(valid, products)
            sent = iter(outcomes)
            return [line.error if isinstance(line, Invalid) else next(sent) for line in chunk]

        batcher: Batcher[Any, Product, PriceResult] = Batcher(
            line_source(lines),
            price_chunk,
            make_price_result,
            settings,
            group=customer_of,
            on_progress=progress_sink(self._client.pipeline.listeners, on_progress),
            line_limit=self._client._line_limits.of("products.pricing"),
        )
        return PriceStream(batcher)

    async def price_many(
        self,
        lines: Lines,
        *,
        warehouse: Warehouse | str | None = None,
        business_unit: str | None = None,
        deal_id: str | None = None,
        customer_number: str | None = None,
        chunk_size: int | None = None,
        max_in_flight: int | None = None,
        ordered: bool = True,
        on_progress: ProgressCallback | None = None,
        raise_on_error: bool = False,
        use_cache: bool = False,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> PriceSheet:
        """Price any number of lines; returns a :class:`PriceSheet` with one result per line,
        in input order.

        Lines are sent in chunks of ``chunk_size`` with at most ``max_in_flight`` requests at
        once. A failed chunk fails only its lines; a line the API rejects is isolated by
        splitting its chunk. With ``deadline`` (seconds) the job ends on time and unfinished
        lines are reported as not attempted; ``timeout`` and ``max_retries`` apply to each
        request of the job. ``raise_on_error=True`` raises the first error. ``use_cache=True``
        reads and fills the client's price cache (off by default).
        """
        stream = self.stream_prices(
            lines,
            warehouse=warehouse,
            business_unit=business_unit,
            deal_id=deal_id,
            customer_number=customer_number,
            chunk_size=chunk_size,
            max_in_flight=max_in_flight,
            ordered=ordered,
            deadline=deadline,
            on_progress=on_progress,
            raise_on_error=raise_on_error,
            use_cache=use_cache,
            timeout=timeout,
            max_retries=max_retries,
        )
        async with stream:
            results = [result async for result in stream]
        if not ordered:
            results.sort(key=lambda result: result.index)
        return PriceSheet(results)
