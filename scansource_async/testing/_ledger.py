"""The simulator's order-side state: sales orders, invoices, carts, RMAs, SPAs, webhooks and
addresses, created per subscription key, over each customer's deterministic history.

Two kinds of data:

* **History**, derived from ``(seed, customer)`` only, so every run sees the same records: the
  orders and invoices of ``_history`` (``HISTORY_ORDERS`` sales orders dated over the year ending
  ``HISTORY_END``, shipped ones invoiced with tracking and serial numbers), and each other
  group's records (System Central logs, custom configs, Cisco DART deals, SPAs, vendor quotes and
  subscriptions), drawn by the group's route module and kept here (:meth:`Ledger.generated`).
* **Created** records (carts, orders and their invoices, RMAs, SPAs, webhooks) live in memory
  **per subscription key** (a :class:`Tenant`), dated with the wall clock. A created order is
  ``Open`` with no invoice until a test ships it with :meth:`Ledger.ship_order`, which invoices
  it (all lines, or only the first with ``partial=True``) with deterministic tracking numbers.

Number formats (``cccc`` = the customer number's last four digits): history orders
``5cccc00000``, invoices ``9cccc00000``, PO numbers ``PO-cccc-00000``; created orders
``6000000001`` …, their invoices ``8000000001`` …; carts ``CART-000001``, items
``ITEM-000001``, RMAs ``RMA0000001``, SPAs ``A000000001`` (deal ``SPA-000001``), webhooks
``WH-000001``.

Get the ledger of a simulator with :func:`ledger` (public in ``scansource_async.testing.ledger``):
``ledger(sim).ship_order(number)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from ._catalog_data import CatalogItem
from ._customers import SimulatedCustomer
from ._history import (
    HISTORY_END,
    HISTORY_ORDERS,
    SHIP_METHODS,
    make_invoice,
    order_history,
    order_line,
    stable_hash,
)
from ._pdf import invoice_pdf
from ._records import (
    Cart,
    CartCollection,
    CartItem,
    History,
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Shipment,
    Tenant,
)
from ._state import SimulatorState, key_fingerprint

if TYPE_CHECKING:
    from ._simulator import Simulator

__all__ = [
    "HISTORY_END",
    "HISTORY_ORDERS",
    "SHIP_METHODS",
    "Cart",
    "CartCollection",
    "CartItem",
    "Invoice",
    "InvoiceLine",
    "Ledger",
    "Order",
    "OrderLine",
    "Shipment",
    "Tenant",
    "ledger",
    "ledger_of",
]

T = TypeVar("T")
_MISSING: Final = object()


class Ledger:
    """The order-side state of one simulator. See the module docstring."""

    def __init__(self, state: SimulatorState) -> None:
        self._state = state
        self._tenants: dict[str, Tenant] = {}
        self._history: dict[str, History] = {}
        self._generated: dict[tuple[str, str], Any] = {}
        self._ids = {
            name: itertools.count(1)
            for name in ("order", "invoice", "cart", "item", "rma", "spa", "webhook", "address")
        }

    @property
    def state(self) -> SimulatorState:
        """The simulator state this ledger belongs to (seed, catalog, customers)."""
        return self._state

    # -- ids, clock, tenants -----------------------------------------------------------------

    def next_id(self, kind: str) -> str:
        """A new id of a created record (see the module docstring for the formats)."""
        n = next(self._ids[kind])
        return {
            "order": f"6{n:09d}",
            "invoice": f"8{n:09d}",
            "cart": f"CART-{n:06d}",
            "item": f"ITEM-{n:06d}",
            "rma": f"RMA{n:07d}",
            "spa": f"A{n:09d}",
            "webhook": f"WH-{n:06d}",
            "address": f"ADDR-{n:06d}",
        }[kind]

    @staticmethod
    def now() -> datetime:
        """The timestamp of created records (wall clock, whole seconds)."""
        return datetime.now().replace(microsecond=0)

    def tenant(self, fingerprint: str) -> Tenant:
        """The state of the subscription key with this fingerprint (created empty)."""
        found = self._tenants.get(fingerprint)
        if found is None:
            found = self._tenants[fingerprint] = Tenant()
        return found

    def tenant_of_key(self, subscription_key: str | None = None) -> Tenant:
        """The state of a subscription key (default: the simulator's first key)."""
        return self.tenant(key_fingerprint(subscription_key or self._state.subscription_keys[0]))

    def customer(self, number: str | None = None) -> SimulatedCustomer:
        """A known customer (default: the simulator's default customer)."""
        return self._state.customers[number or self._state.default_customer]

    # -- views over history + created --------------------------------------------------------

    def orders_for(self, tenant: Tenant, customer: SimulatedCustomer) -> list[Order]:
        """The customer's orders as this tenant sees them, newest first."""
        created = [o for o in tenant.orders.values() if o.customer_number == customer.number]
        return created[::-1] + self.history(customer).orders[::-1]

    def order_status(self, tenant: Tenant, order: Order) -> str:
        """An order's status as a tenant sees it (history orders it cancelled are Cancelled)."""
        return "Cancelled" if order.number in tenant.cancelled else order.status

    def find_order(self, tenant: Tenant, customer: SimulatedCustomer, number: str) -> Order | None:
        """One of the customer's orders visible to the tenant, or None."""
        order = tenant.orders.get(number)
        if order is None:
            order = next((o for o in self.history(customer).orders if o.number == number), None)
        return order if order is not None and order.customer_number == customer.number else None

    def invoices_for(self, tenant: Tenant, customer: SimulatedCustomer) -> list[Invoice]:
        """The customer's invoices as this tenant sees them, newest first."""
        created = [
            i for i in tenant.invoices.values() if i.order.customer_number == customer.number
        ]
        return created[::-1] + self.history(customer).invoices[::-1]

    def find_invoice(
        self, tenant: Tenant, customer: SimulatedCustomer, number: str
    ) -> Invoice | None:
        """One of the customer's invoices visible to the tenant, or None."""
        invoice = tenant.invoices.get(number)
        if invoice is None:
            invoice = next((i for i in self.history(customer).invoices if i.number == number), None)
        if invoice is None or invoice.order.customer_number != customer.number:
            return None
        return invoice

    def find_any_invoice(self, tenant: Tenant, number: str) -> Invoice | None:
        """An invoice of any customer (for vendor usage, whose path names no customer)."""
        for customer in self._state.customers.values():
            found = self.find_invoice(tenant, customer, number)
            if found is not None:
                return found
        return None

    # -- test helpers --------------------------------------------------------------------------

    def orders(
        self, subscription_key: str | None = None, *, po_number: str | None = None
    ) -> list[Order]:
        """The orders a subscription key created (oldest first), optionally by PO number."""
        orders = list(self.tenant_of_key(subscription_key).orders.values())
        return [o for o in orders if po_number is None or o.po_number == po_number]

    def ship_order(
        self, order_number: str, *, subscription_key: str | None = None, partial: bool = False
    ) -> str:
        """Ship and invoice a created order now: every line not yet shipped (or only the first
        of them with ``partial=True``). Returns the new invoice's number. The invoice has one or
        two packages with deterministic tracking numbers and serial numbers for serialized items.
        """
        tenant = self.tenant_of_key(subscription_key)
        order = tenant.orders.get(order_number)
        if order is None:
            raise KeyError(f"no created order {order_number!r} for this subscription key")
        if order.status == "Cancelled" or order.number in tenant.cancelled:
            raise ValueError(f"order {order_number} is cancelled")
        pending = [line for line in order.lines if line.quantity_shipped < line.quantity]
        if not pending:
            raise ValueError(f"order {order_number} has shipped completely")
        if partial:
            pending = pending[:1]
        number = self.next_id("invoice")
        today = self.now().date()
        invoice = make_invoice(number, order, pending, today, stable_hash(self._state.seed, number))
        for line in pending:
            line.quantity_shipped = line.quantity
        done = all(line.quantity_shipped >= line.quantity for line in order.lines)
        order.status = "Completely Shipped" if done else "Partially Shipped"
        order.changed = self.now()
        order.invoice_numbers.append(number)
        tenant.invoices[number] = invoice
        return number

    def invoice_pdf(self, invoice_number: str, customer_number: str | None = None,
                    subscription_key: str | None = None) -> bytes:  # fmt: skip
        """The exact bytes ``GET invoice/pdf/{customer}/{invoice}`` serves."""
        customer = self.customer(customer_number)
        invoice = self.find_invoice(self.tenant_of_key(subscription_key), customer, invoice_number)
        if invoice is None:
            raise KeyError(f"no invoice {invoice_number!r} for customer {customer.number}")
        return invoice_pdf(invoice, customer)

    def cart_collection(
        self, key: str, subscription_key: str | None = None
    ) -> CartCollection | None:
        """A cart collection as stored (None if it does not exist)."""
        return self.tenant_of_key(subscription_key).carts.get(key)

    # Each group's history is drawn by its route module (which imports this one, hence the
    # imports inside these methods).

    def find_deal(self, deal_id: str) -> dict[str, Any] | None:
        """A Cisco DART deal of any known customer, or None."""
        from .routes.cisco_dart import find_deal

        return find_deal(self, deal_id)

    @staticmethod
    def vendor_name(vendor: str) -> str | None:
        """The manufacturer a vendor path segment names (case-insensitive), or None."""
        from .routes.vendor_quote import vendor_name

        return vendor_name(vendor)

    def vendor_quotes(self, vendor: str) -> list[dict[str, Any]]:
        """The quotes of a known vendor (see :meth:`vendor_name`), oldest first."""
        from .routes.vendor_quote import vendor_quotes

        return vendor_quotes(self, vendor)

    def subscription(self, subscription_id: str) -> dict[str, Any] | None:
        """Vendor subscription ``SUB000001`` … ``SUB000500`` (None for any other id)."""
        from .routes.vendor_order import draw_subscription

        return draw_subscription(self._state, subscription_id)

    # -- creating orders -----------------------------------------------------------------------

    def create_order(
        self,
        tenant: Tenant,
        customer: SimulatedCustomer,
        *,
        po_number: str | None,
        end_user_po: str | None,
        business_unit: str,
        ship_method: str,
        address: dict[str, Any],
        lines: list[tuple[CatalogItem, int, int]],
        reference_number: str | None = None,
        memo: str | None = None,
        entered_by_email: str | None = None,
        visible_at: float = 0.0,
    ) -> Order:
        """Record a new ``Open`` order; ``lines`` are (item, quantity, unit price in cents)."""
        now = self.now()
        order = Order(
            number=self.next_id("order"),
            customer_number=customer.number,
            po_number=po_number,
            end_user_po=end_user_po,
            business_unit=business_unit,
            ship_method=ship_method,
            address=address,
            lines=[
                order_line(n, item, quantity, unit)
                for n, (item, quantity, unit) in enumerate(lines, 1)
            ],
            status="Open",
            entered=now,
            changed=now,
            currency=customer.currency,
            reference_number=reference_number,
            memo=memo,
            entered_by_email=entered_by_email,
            visible_at=visible_at,
        )
        tenant.orders[order.number] = order
        return order

    # -- history -------------------------------------------------------------------------------

    def history(self, customer: SimulatedCustomer) -> History:
        """The customer's deterministic orders and invoices (built on first use, then cached)."""
        found = self._history.get(customer.number)
        if found is None:
            found = self._history[customer.number] = order_history(self._state, customer)
        return found

    def generated(self, group: str, key: str, make: Callable[[], T]) -> T:
        """The deterministic records ``make`` draws for one group and key (a customer number, a
        vendor …): built on first use, then the same objects on every call."""
        found = self._generated.get((group, key), _MISSING)
        if found is _MISSING:
            found = self._generated[(group, key)] = make()
        return cast("T", found)


# -- access ----------------------------------------------------------------------------------


def ledger_of(state: SimulatorState) -> Ledger:
    """The ledger of a simulator state (created on first use)."""
    found = state.groups.get("ledger")
    if found is None:
        found = state.groups["ledger"] = Ledger(state)
    assert isinstance(found, Ledger)
    return found


def ledger(simulator: Simulator) -> Ledger:
    """The order-side state of a simulator: ``ledger(sim).ship_order(order_number)``,
    ``ledger(sim).orders(po_number=...)``, ``ledger(sim).invoice_pdf(number)`` …"""
    return ledger_of(simulator.state)
