"""The one pattern every resource follows: look up the endpoint, send, structure the result."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from .. import _checks as checks
from .._convert import structure, unstructure
from .._options import DEFAULT_OPTIONS, RequestOptions
from .._pagination import AsyncPaginator
from .._urls import clean_params
from .._validate import validate_arguments
from ..errors import InvalidResponseError, NotFoundError, ValidationError
from ..events import Event
from ._endpoints import ENDPOINTS, Route, resolve

if TYPE_CHECKING:
    from .._client import ScanSourceClient

__all__ = ["ProgressCallback", "Resource", "check_many", "page_items"]

# Query values never echoed into an error message (the partner profile takes the key).
_SECRET_QUERY = frozenset({"APIKey", "apikey", "subscription-key", "client_secret"})

T = TypeVar("T")

#: a bulk job's ``on_progress``: called with every event of the job
ProgressCallback = Callable[[Event], None]

_ITEM_KEYS = ("Items", "items", "Results", "results", "Data", "data")
_TOTAL_KEYS = ("TotalCount", "totalCount", "Total", "total", "TotalRecords")


def check_many(values: Any, name: str) -> None:
    """A collection of lines or items; a lone string (which would iterate as its characters)
    or a non-iterable is refused before anything is sent."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(f"{name} must be a sequence, not {type(values).__name__}")


def page_items(data: Any) -> tuple[Sequence[Any], int | None]:
    """The items and total count of one page, whether the API sent a bare list or an envelope."""
    if isinstance(data, list):
        return data, None
    if isinstance(data, Mapping):
        total = next((data[key] for key in _TOTAL_KEYS if key in data), None)
        for key in _ITEM_KEYS:
            items = data.get(key)
            if isinstance(items, list):
                return items, total if isinstance(total, int) else None
        if not data:
            return [], None
    raise InvalidResponseError(
        "a page of results must be a list or an object holding one", status_code=200, body=None
    )


class Resource:
    """Base of the API groups: holds the client and sends calls by endpoint name.

    Every public method of a subclass has its arguments checked against its annotations
    before it runs (one rule for all: see ``_validate.validate_arguments``).
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(member):
                setattr(cls, name, validate_arguments(member))

    def __init__(self, client: ScanSourceClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _customer_number(self, customer_number: str | None) -> str:
        """The per-call customer number, or the client's default."""
        checks.optional(checks.non_empty_str)(customer_number, "customer_number")
        number = customer_number or self._client.customer_number
        if not number:
            raise ValidationError(
                "customer_number is required: pass it to the call or to the client"
            )
        return number

    @staticmethod
    def _checked(request: T, cls: type[T]) -> T:
        """The request model itself, or ValidationError if it is something else (a dict would
        skip the model's own validation)."""
        if not isinstance(request, cls):
            raise ValidationError(f"expected a {cls.__name__}, got {type(request).__name__}")
        return request

    @staticmethod
    def _required(value: str, name: str) -> str:
        """A required string argument sent as a query parameter: must not be blank."""
        return checks.non_empty_str(value, name)

    async def _call(
        self,
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        reference: str | None = None,
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> Any:
        spec = ENDPOINTS[endpoint]
        route = self._route(endpoint)
        path, query = route.build(path_params)
        if params:
            query.update(params)
        # Plain dicts are already the API's JSON (the pricing hot path builds them directly).
        body = json if json is None or isinstance(json, dict) else unstructure(json)
        try:
            return await self._client._send(
                route.method,
                path,
                params=query,
                json=body,
                retry_safe=spec.retry_safe,
                options=options,
                operation=spec.name,
                reference=reference,
            )
        except NotFoundError as error:
            raise _name_the_url(error, self._client, path, query) from None

    def _route(self, endpoint: str) -> Route:
        """The route of ``endpoint`` in the client's layout (or its ``routes=`` override)."""
        config = self._client.config
        route = resolve(endpoint, config.api_layout, config.routes.get(endpoint))
        if route is None:
            raise ValidationError(f"{endpoint} has no route in the {config.api_layout} layout")
        return route

    def _has_route(self, endpoint: str) -> bool:
        config = self._client.config
        return resolve(endpoint, config.api_layout, config.routes.get(endpoint)) is not None

    async def _call_as(
        self,
        cls: type[T] | Any,
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        reference: str | None = None,
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> T:
        """Like ``_call``, structuring the answer as ``cls``."""
        data = await self._call(
            endpoint,
            path_params=path_params,
            params=params,
            json=json,
            reference=reference,
            options=options,
        )
        result: T = structure(data, cls, what=f"{endpoint} response")
        return result

    async def _call_list(
        self,
        cls: type[T],
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> list[T]:
        """Like ``_call``, structuring a JSON array as a list of ``cls`` (``null`` as [])."""
        items: tuple[T, ...] = await self._call_as(
            tuple[cls, ...],  # type: ignore[valid-type]
            endpoint,
            path_params=path_params,
            params=params,
            json=json,
            options=options,
        )
        return list(items)

    def _paginate(
        self,
        item_type: type[T],
        endpoint: str,
        *,
        path_params: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> AsyncPaginator[T]:
        """A lazy paginator over a paged endpoint (``page`` and ``pageSize`` query parameters);
        ``options`` apply to each page's request."""
        size = page_size or self._client.config.page_size
        base = dict(params or {})

        async def fetch_page(number: int, size: int) -> tuple[Sequence[T], int | None]:
            data = await self._call(
                endpoint,
                path_params=path_params,
                params={**base, "page": number, "pageSize": size},
                options=options,
            )
            raw, total = page_items(data)
            items: tuple[T, ...] = structure(raw, tuple[item_type, ...], what=f"{endpoint} page")  # type: ignore[valid-type]
            return items, total

        return AsyncPaginator(fetch_page, page_size=size, max_pages=max_pages)


def _name_the_url(
    error: NotFoundError, client: ScanSourceClient, path: str, query: Mapping[str, Any]
) -> NotFoundError:
    """The same 404, its message naming the full URL that was called and the layout, so a
    layout mismatch (a legacy path on the gateway, or the reverse) is easy to see."""
    config = client.config
    shown = {
        name: "***" if name in _SECRET_QUERY else value
        for name, value in clean_params(query).items()
    }
    url = config.base_url + path + (f"?{urlencode(shown, doseq=True)}" if shown else "")
    for secret in (config.subscription_key, config.client_secret):
        if secret:
            url = url.replace(secret, "***")
    error.url = url
    error.args = (
        f"{error.args[0] if error.args else 'not found'} [URL {url}; api_layout="
        f"{config.api_layout!r}: a 404 on every call usually means the other layout]",
    )
    return error
