"""The :class:`Simulator`: one simulated ScanSource API, usable in-process or on loopback."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ._app import REQUEST_ID_HEADER, SimulatorApp, build_app
from ._catalog import Catalog
from ._customers import DEFAULT_CUSTOMERS, SimulatedCustomer, make_customer
from ._faults import FaultInjector, FaultsSpec
from ._serve import serve_app
from ._state import RequestLog, SimulatorState, SimulatorStats
from ._transport import SimulatorTransport
from .routes.token import TOKEN_PATH

if TYPE_CHECKING:
    from scansource_async import ScanSourceClient

__all__ = ["IN_PROCESS_BASE_URL", "Simulator"]

#: the base URL of in-process clients (``.invalid`` never resolves: nothing can leak out)
IN_PROCESS_BASE_URL = "http://simulator.invalid/"


class Simulator:
    """A simulated ScanSource Partner API.

    Args:
        seed: drives the catalog, prices, stock, deals and the fault draws.
        catalog_size: number of catalog items (1 to 1,000,000).
        max_lines: most lines per pricing request / items per availability request (400 above).
        rate_limit: requests per second per subscription key (token bucket, one second of burst);
            None for no limit. Above it: 429 with ``Retry-After`` and ``retry-after-ms``.
        faults: a :class:`FaultModel` for every API route, or a mapping of route keys to models
            (see ``_faults``); None for none. Change later with :meth:`set_faults`.
        subscription_keys: accepted ``Ocp-Apim-Subscription-Key`` values.
        clients: OAuth2 client id → secret. When empty, no bearer token is required.
        token_lifetime: seconds an issued token stays valid (``expires_in`` is this, rounded up).
        customer_number: the default customer (must be known or is added as an NA customer);
            the known ones are documented in ``_customers``.
        developer_email: the partner profile's developer email.
        max_page_size / default_page_size: search paging limits.
        request_log_size: keep only the last N request records (None: all; 0: none).
        api_layout: the URL layout served, from the client's own endpoint table:
            ``"gateway"`` (production: ``scsc/{group}/v{n}/op``, identifiers as query
            parameters) or ``"legacy"`` (the seeds' paths). The other layout's paths are 404.
        order_visibility_delay: seconds before an order placed with ``createAsync`` shows in
            the order list (the gateway creates orders asynchronously).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        catalog_size: int = 50_000,
        max_lines: int = 40,
        rate_limit: float | None = None,
        faults: FaultsSpec = None,
        subscription_keys: Sequence[str] = ("test-key",),
        clients: Mapping[str, str] | None = None,
        token_lifetime: float = 3600,
        customer_number: str = "1000001",
        developer_email: str = "developer@example.com",
        max_page_size: int = 1000,
        default_page_size: int = 100,
        request_log_size: int | None = None,
        api_layout: str = "gateway",
        order_visibility_delay: float = 0.0,
    ) -> None:
        if isinstance(subscription_keys, str):
            raise TypeError("subscription_keys must be a sequence of keys, not one string")
        customers: dict[str, SimulatedCustomer] = {c.number: c for c in DEFAULT_CUSTOMERS}
        if customer_number not in customers:
            customers[customer_number] = make_customer(customer_number)
        self._state = SimulatorState(
            seed=seed,
            catalog=Catalog.shared(seed=seed, size=catalog_size),
            customers=customers,
            default_customer=customer_number,
            max_lines=max_lines,
            max_page_size=max_page_size,
            default_page_size=default_page_size,
            subscription_keys=subscription_keys,
            clients={"test-id": "test-secret"} if clients is None else clients,
            token_lifetime=token_lifetime,
            rate_limit=rate_limit,
            faults=FaultInjector(faults, seed=seed),
            developer_email=developer_email,
            request_log_size=request_log_size,
            api_layout=api_layout,
            order_visibility_delay=order_visibility_delay,
        )
        self._app = build_app(self._state)

    def __repr__(self) -> str:
        s = self._state
        return (
            f"Simulator(seed={s.seed}, catalog_size={s.catalog.size}, max_lines={s.max_lines}, "
            f"rate_limit={None if s.limiter is None else s.limiter.rate}, "
            f"api_layout={s.api_layout!r})"
        )

    # -- wiring -------------------------------------------------------------------------------

    @property
    def app(self) -> SimulatorApp:
        """The ASGI (Starlette) app."""
        return self._app

    def transport(self) -> httpx.AsyncBaseTransport:
        """A new in-process httpx transport to this simulator (no sockets)."""
        return SimulatorTransport(app=self._app)

    @contextlib.asynccontextmanager
    async def serve(
        self, *, host: str = "127.0.0.1", port: int = 0, http: str = "auto"
    ) -> AsyncIterator[str]:
        """Serve on loopback with uvicorn in the running asyncio loop; yields the base URL
        (``http://127.0.0.1:PORT/``). ``port=0`` picks a free port. Loopback hosts only."""
        async with serve_app(self._app, host=host, port=port, http=http) as base_url:
            yield base_url

    def client(self, base_url: str | None = None, **options: Any) -> ScanSourceClient:
        """A ``ScanSourceClient`` wired to this simulator: in-process when ``base_url`` is None,
        else to ``base_url`` (from :meth:`serve`). ``options`` override any argument."""
        from scansource_async import ScanSourceClient

        base = base_url or IN_PROCESS_BASE_URL
        if not base.endswith("/"):
            base += "/"
        state = self._state
        kwargs: dict[str, Any] = {
            "subscription_key": state.subscription_keys[0],
            "customer_number": state.default_customer,
            "base_url": base,
            "transport": self.transport() if base_url is None else None,
            "api_layout": state.api_layout,
        }
        if state.clients:  # without clients the simulator wants no token: leave OAuth off
            client_id, secret = next(iter(state.clients.items()))
            kwargs.update(client_id=client_id, client_secret=secret, token_url=base + TOKEN_PATH)
        kwargs.update(options)
        return ScanSourceClient(**kwargs)

    # -- inspection ---------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The deterministic catalog, and the pricing/availability/search oracle."""
        return self._state.catalog

    @property
    def customer_number(self) -> str:
        """The default customer number."""
        return self._state.default_customer

    @property
    def customers(self) -> Mapping[str, SimulatedCustomer]:
        """Every known customer, by number."""
        return self._state.customers

    def customer(self, number: str | None = None) -> SimulatedCustomer:
        """A known customer (default: the default customer); KeyError if unknown."""
        return self._state.customers[number or self._state.default_customer]

    @property
    def subscription_keys(self) -> tuple[str, ...]:
        return self._state.subscription_keys

    @property
    def clients(self) -> Mapping[str, str]:
        return self._state.clients

    @property
    def api_layout(self) -> str:
        """The URL layout served: ``"gateway"`` or ``"legacy"``."""
        return self._state.api_layout

    @property
    def max_lines(self) -> int:
        return self._state.max_lines

    @property
    def requests(self) -> RequestLog:
        """The request log (``.clear()`` to empty it)."""
        return self._state.requests

    @property
    def stats(self) -> SimulatorStats:
        """Counters: requests, in_flight, peak_in_flight, tokens_issued, status and fault counts."""
        return self._state.stats

    @property
    def peak_in_flight(self) -> int:
        return self._state.stats.peak_in_flight

    @property
    def tokens_issued(self) -> int:
        return self._state.stats.tokens_issued

    @property
    def state(self) -> SimulatorState:
        """Shared mutable state (for route modules and advanced tests)."""
        return self._state

    request_id_header = REQUEST_ID_HEADER

    def product(
        self,
        item_number: str,
        *,
        customer_number: str | None = None,
        quantity: int = 1,
        warehouse: str | None = None,
        part_number_type: int = 0,
        deal_ids: Sequence[str] = (),
    ) -> dict[str, Any]:
        """The pricing oracle: exactly the ``Product`` the pricing endpoint answers for this line
        (money as ``Decimal``). ``deal_ids``: the line's ``DealIDs`` plus the request's
        ``DealID1``. Same as ``sim.catalog.product(..., customer_number=number)``."""
        return self.catalog.product(
            item_number,
            customer_number=self.customer(customer_number),
            quantity=quantity,
            warehouse=warehouse,
            part_number_type=part_number_type,
            deal_ids=deal_ids,
        )

    def availability(
        self, item_number: str, warehouse: str, *, part_number_type: int = 0
    ) -> dict[str, Any]:
        """The availability oracle: one entry of the availability answer."""
        return self.catalog.availability(item_number, warehouse, part_number_type=part_number_type)

    # -- control ------------------------------------------------------------------------------

    def set_faults(self, faults: FaultsSpec, *, seed: int | None = None) -> None:
        """Replace the fault configuration at runtime (optionally re-seeding the draws)."""
        self._state.faults.set(faults, seed=seed)

    def set_rate_limit(self, rate: float | None, *, burst: float | None = None) -> None:
        """Change the per-key rate limit (requests/second; None: off). Buckets start full."""
        self._state.set_rate_limit(rate, burst)

    def throttle(self, seconds: float) -> None:
        """Answer every API request with 429 for the next ``seconds`` (a 429 burst, with
        ``Retry-After`` counting down), e.g. to test a client's shared pause."""
        import time

        self._state.throttled_until = time.monotonic() + seconds

    def expire_tokens(self) -> None:
        """Invalidate every issued bearer token now (the next API call gets 401)."""
        self._state.tokens.expire_all()

    def reset(self) -> None:
        """Clear the request log and the statistics."""
        self._state.requests.clear()
        self._state.stats.reset()
