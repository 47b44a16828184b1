"""Product pricing of one request (``pricing``) and of one item (``price``, coalesced with
concurrent calls and read through the client's price cache)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence, Sized
from functools import cached_property
from typing import Any

from .. import _checks as checks
from .._coalesce import Coalescer
from .._convert import structure
from .._listeners import call_items
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    RequestOptions,
    TimeoutArg,
)
from ..errors import ValidationError
from ..models.products import (
    PartNumberType,
    PricingLine,
    Product,
    Warehouse,
    check_business_unit,
    check_warehouse,
)
from ._base import Resource, check_many
from ._cached_pricing import CachedPricing
from ._pricing import PricingScope, as_line, match_products

__all__ = ["LineInput", "ProductPricing"]

LineInput = PricingLine | str


class ProductPricing(Resource):
    """The pricing calls of ``client.products`` that send one request."""

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
        check_many(lines, "lines")
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
        # An answered request proves the API takes this many lines: a bulk job then starts
        # with every chunk in flight instead of one (see ``_line_limit``).
        self._client._line_limits.of("products.pricing").answered(len(lines))
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
        checks.optional(checks.non_empty_str)(deal_id, "deal_id")
        return PricingScope(
            customer_number=self._customer_number(customer_number),
            warehouse=check_warehouse(warehouse),
            business_unit=check_business_unit(business_unit),
            deal_id=deal_id,
            options=options,
        )

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
