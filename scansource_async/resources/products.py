"""Product: pricing and availability for any number of items, search and detail."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterable, Callable, Hashable, Iterable, Sequence, Sized
from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs

from .._batching import Batcher
from .._coalesce import Coalescer
from .._convert import structure
from .._listeners import call_items, progress_sink
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    NotGiven,
    RequestOptions,
    TimeoutArg,
)
from .._pagination import AsyncPaginator
from ..errors import ValidationError
from ..events import Event
from ..models.products import (
    Availability,
    PartNumberType,
    PricingLine,
    Product,
    ProductDetail,
    ProductSearchResult,
    Warehouse,
    check_business_unit,
    check_warehouse,
)
from ..models.results import AvailabilityResult, AvailabilitySheet, PriceResult, PriceSheet
from ._availability import (
    availability_body,
    check_warehouses,
    make_result,
    match_rows,
    read_rows,
)
from ._base import Resource
from ._cached_pricing import CachedPricing
from ._pricing import (
    Invalid,
    PriceStream,
    PricingScope,
    as_line,
    batch_settings,
    check_item_number,
    customer_of,
    line_source,
    make_price_result,
    match_products,
)

if TYPE_CHECKING:
    from .._client import ScanSourceClient

__all__ = ["Products"]

LineInput = PricingLine | str
Lines = Iterable[LineInput] | AsyncIterable[LineInput]
ProgressCallback = Callable[[Event], None]


class Products(Resource):
    """``client.products``: pricing, availability, search and detail."""

    def __init__(self, client: ScanSourceClient) -> None:
        super().__init__(client)

    # -- one request -------------------------------------------------------------------

    async def pricing(
        self,
        lines: Sequence[LineInput],
        *,
        warehouse: Warehouse | str | None = None,
        business_unit: str | None = None,
        deal_id: str | None = None,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[Product]:
        """Price up to ``chunk_size`` lines in one request; products come back in line order.

        Items the API cannot price come back with ``pricing_error`` set (no exception).
        """
        _check_many(lines, "lines")
        limit = self._client.config.chunk_size
        # Counted before each line is checked: a huge list is refused at once, not after
        # building a model per line.
        count = len(lines) if isinstance(lines, Sized) else None
        checked = [as_line(line) for line in lines] if count is None or count <= limit else []
        count = len(checked) if count is None else count
        if not count:
            raise ValidationError("pricing needs at least one line")
        if count > limit:
            raise ValidationError(
                f"{count} lines exceed the {limit} allowed per request; use price_many()"
            )
        scope = self._scope(
            customer_number,
            warehouse,
            business_unit,
            deal_id,
            RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
        for line in checked:
            if line.customer_number not in (None, scope.customer_number):
                raise ValidationError("one pricing request prices for one customer")
        if self._cached is not None:
            return await self._cached.pricing(scope, checked)
        return await self._request_prices(scope, checked)

    async def _request_prices(
        self, scope: PricingScope, lines: Sequence[PricingLine]
    ) -> list[Product]:
        body: dict[str, Any] = {
            "CustomerNumber": scope.customer_number,
            "Lines": [line.to_json() for line in lines],
        }
        if scope.warehouse is not None:
            body["Warehouse"] = scope.warehouse
        if scope.business_unit is not None:
            body["BusinessUnit"] = scope.business_unit
        if scope.deal_id is not None:
            body["DealID1"] = scope.deal_id
        with call_items(len(lines)):
            data = await self._call(
                "products.pricing",
                params={"customerNumber": scope.customer_number},
                json=body,
                options=scope.options,
            )
        products: tuple[Product, ...] = structure(
            data, tuple[Product, ...], what="pricing response"
        )
        return list(products)

    def _scope(
        self,
        customer_number: str | None,
        warehouse: Warehouse | str | None,
        business_unit: str | None,
        deal_id: str | None,
        options: RequestOptions,
    ) -> PricingScope:
        if deal_id is not None and (not isinstance(deal_id, str) or not deal_id.strip()):
            raise ValidationError("deal_id must be a non-empty string")
        return PricingScope(
            customer_number=self._customer_number(customer_number),
            warehouse=check_warehouse(warehouse),
            business_unit=check_business_unit(business_unit),
            deal_id=deal_id,
            options=options,
        )

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
            self._client.config, chunk_size, max_in_flight, ordered, _job(deadline), window
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
            on_progress=progress_sink(self._client.transport.listeners, on_progress),
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

    # -- one item, shared with concurrent callers --------------------------------------

    async def price(
        self,
        item_number: str,
        quantity: int = 1,
        *,
        part_number_type: PartNumberType | int = PartNumberType.UNKNOWN,
        warehouse: Warehouse | str | None = None,
        business_unit: str | None = None,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Product:
        """Price one item. Concurrent calls are gathered for a few milliseconds into one request,
        and read through the client's price cache when it has one.

        Only calls with the same options share a request.

        Raises :class:`ItemError` when the API cannot price the item.
        """
        line = PricingLine(item_number, quantity=quantity, part_number_type=part_number_type)
        scope = self._scope(
            customer_number,
            warehouse,
            business_unit,
            None,
            RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
        if self._cached is not None:
            return await self._cached.price(scope, line)
        product: Product = await self._coalescer.submit(scope, line)
        return product

    @cached_property
    def _coalescer(self) -> Coalescer[PricingLine, Product]:
        async def send(group: Hashable, lines: Sequence[PricingLine]) -> list[Any]:
            assert isinstance(group, PricingScope)
            products = await self._request_prices(group, lines)
            if self._cached is not None:
                await self._cached.store(group, lines, products)
            return match_products(lines, products)

        return Coalescer(send, max_batch=self._client.config.chunk_size)

    async def _close(self) -> None:
        cached = self.__dict__.get("_cached")
        if cached is not None:
            await cached.aclose()

    @cached_property
    def _cached(self) -> CachedPricing | None:
        cache = self._client.price_cache
        if cache is None:
            return None
        return CachedPricing(self._client, cache, self._request_prices, self._coalescer.submit)

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
        _check_many(item_numbers, "item_numbers")
        limit = self._client.config.chunk_size
        count = len(item_numbers) if isinstance(item_numbers, Sized) else None
        if count is None or count <= limit:
            items = [check_item_number(item) for item in item_numbers]
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
            self._client.config, chunk_size, max_in_flight, True, _job(deadline), None
        )
        if isinstance(item_numbers, Sequence) and not isinstance(item_numbers, str):
            item_numbers = [check_item_number(item) for item in item_numbers]

        async def check_chunk(chunk: Sequence[str]) -> list[Any]:
            body = availability_body(chunk, codes, kind, customer)
            return match_rows(chunk, await self._request_availability(body, options))

        batcher: Batcher[str, tuple[Availability, ...], AvailabilityResult] = Batcher(
            item_numbers,
            check_chunk,
            make_result,
            settings,
            on_progress=progress_sink(self._client.transport.listeners, on_progress),
            line_limit=self._client._line_limits.of("products.availability"),
        )
        async with contextlib.aclosing(batcher):
            return AvailabilitySheet([result async for result in batcher])

    # -- catalog -----------------------------------------------------------------------

    def search(
        self,
        *,
        search_text: str | None = None,
        item_number: str | None = None,
        part_number_type: PartNumberType | int | None = None,
        manufacturer: str | None = None,
        catalog_name: str | None = None,
        category_path: str | None = None,
        include_obsolete: bool | None = None,
        use_and_operator: bool | None = None,
        region: str | None = None,
        customer_number: str | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[ProductSearchResult]:
        """Search the catalog; ``async for`` over the results pages through them lazily (the
        options apply to each page's request)."""
        params = {
            "customerNumber": self._customer_number(customer_number),
            "itemNumber": item_number,
            "partNumberType": None if part_number_type is None else int(part_number_type),
            "manufacturer": manufacturer,
            "catalogName": catalog_name,
            "categoryPath": category_path,
            "includeObsolete": include_obsolete,
            "searchText": search_text,
            "useAndOperator": use_and_operator,
            "region": region,
        }
        return self._paginate(
            ProductSearchResult,
            "products.search",
            params=params,
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def detail(
        self,
        item_number: str,
        *,
        part_number_type: PartNumberType | int | None = None,
        region: str | None = None,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> ProductDetail:
        """An item's catalog detail (NotFoundError for an unknown item)."""
        return await self._call_as(
            ProductDetail,
            "products.detail",
            params={
                "customerNumber": self._customer_number(customer_number),
                "itemNumber": check_item_number(item_number),
                "partNumberType": None if part_number_type is None else int(part_number_type),
                "region": region,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )


def _job(deadline: DeadlineArg) -> float | None:
    """A bulk job's deadline: not given is none (each request keeps the client's)."""
    return None if isinstance(deadline, NotGiven) else deadline


def _check_many(values: Any, name: str) -> None:
    """A collection of lines or items; a lone string (which would iterate as its characters)
    or a non-iterable is refused before anything is sent."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(f"{name} must be a sequence, not {type(values).__name__}")
