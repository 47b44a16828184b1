"""Product availability: ``availability`` (one request) and ``availability_many`` (any
number of items)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterable, Iterable, Sequence, Sized
from typing import Any

from .. import _checks as checks
from .._batching import Batcher
from .._listeners import call_items, progress_sink
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    RequestOptions,
    TimeoutArg,
)
from ..errors import ValidationError
from ..models.products import Availability, PartNumberType, Warehouse
from ..models.results import AvailabilityResult, AvailabilitySheet
from ._availability import (
    availability_body,
    check_warehouses,
    make_result,
    match_rows,
    read_rows,
)
from ._base import ProgressCallback, Resource, check_many
from ._pricing import batch_settings

__all__ = ["ProductAvailability"]


class ProductAvailability(Resource):
    """The availability calls of ``client.products``."""

    # -- availability ------------------------------------------------------------------

    async def availability(
        self,
        item_numbers: Sequence[str],
        warehouses: Sequence[Warehouse | str] = (Warehouse.NORTH_AMERICA,),
        *,
        part_number_type: PartNumberType | int = PartNumberType.UNKNOWN,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[Availability]:
        """Stock of up to ``chunk_size`` items in the given warehouses (one entry per item and
        warehouse), in one request."""
        check_many(item_numbers, "item_numbers")
        limit = self._client.config.chunk_size
        count = len(item_numbers) if isinstance(item_numbers, Sized) else None
        if count is None or count <= limit:
            items = [checks.item_number(item) for item in item_numbers]
            count = len(items)
        if not count:
            raise ValidationError("availability needs at least one item number")
        if count > limit:
            raise ValidationError(
                f"{count} items exceed the {limit} allowed per request; use availability_many()"
            )
        body = availability_body(
            items,
            check_warehouses(warehouses),
            int(PartNumberType(part_number_type)),
            self._customer_number(customer_number),
        )
        return await self._request_availability(
            body, RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries)
        )

    async def _request_availability(
        self, body: dict[str, Any], options: RequestOptions
    ) -> list[Availability]:
        params = {"customerNumber": body["CustomerNumber"]}
        with call_items(len(body["ItemNumbers"])):
            data = await self._call(
                "products.availability", params=params, json=body, options=options
            )
        self._client._line_limits.of("products.availability").answered(len(body["ItemNumbers"]))
        return read_rows(data)

    async def availability_many(
        self,
        item_numbers: Iterable[str] | AsyncIterable[str],
        warehouses: Sequence[Warehouse | str] = (Warehouse.NORTH_AMERICA,),
        *,
        part_number_type: PartNumberType | int = PartNumberType.UNKNOWN,
        customer_number: str | None = None,
        chunk_size: int | None = None,
        max_in_flight: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AvailabilitySheet:
        """Stock of any number of items: one :class:`AvailabilityResult` per item, in order.

        ``deadline`` is the job's (items not checked by then come back as not attempted);
        ``timeout`` and ``max_retries`` apply to each request of the job.
        """
        options = RequestOptions(timeout=timeout, max_retries=max_retries)
        codes = check_warehouses(warehouses)
        kind = int(PartNumberType(part_number_type))
        customer = self._customer_number(customer_number)
        settings = batch_settings(
            self._client.config, chunk_size, max_in_flight, True, deadline, None
        )
        if isinstance(item_numbers, Sequence) and not isinstance(item_numbers, str):
            item_numbers = [checks.item_number(item) for item in item_numbers]

        async def check_chunk(chunk: Sequence[str]) -> list[Any]:
            body = availability_body(chunk, codes, kind, customer)
            return match_rows(chunk, await self._request_availability(body, options))

        batcher: Batcher[str, tuple[Availability, ...], AvailabilityResult] = Batcher(
            item_numbers,
            check_chunk,
            make_result,
            settings,
            on_progress=progress_sink(self._client.pipeline.listeners, on_progress),
            line_limit=self._client._line_limits.of("products.availability"),
        )
        async with contextlib.aclosing(batcher):
            return AvailabilitySheet([result async for result in batcher])
