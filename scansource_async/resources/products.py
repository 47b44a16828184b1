"""Product: pricing and availability for any number of items, search and detail.

The pricing calls live in ``_product_pricing`` (one request, one item) and ``_bulk_pricing``
(any number of lines), availability in ``_product_availability``; the catalog is here.
"""

from __future__ import annotations

from .. import _checks as checks
from .._options import (
    NOT_GIVEN,
    DeadlineArg,
    MaxRetriesArg,
    RequestOptions,
    TimeoutArg,
)
from .._pagination import AsyncPaginator
from ..models.products import PartNumberType, ProductDetail, ProductSearchResult
from ._bulk_pricing import BulkPricing
from ._product_availability import ProductAvailability

__all__ = ["ProductsResource"]


class ProductsResource(BulkPricing, ProductAvailability):
    """``client.products``: pricing, availability, search and detail."""

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
                "itemNumber": checks.item_number(item_number),
                "partNumberType": None if part_number_type is None else int(part_number_type),
                "region": region,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
