"""The simulator's order-side state: sales orders, invoices, carts, RMAs, SPAs, webhooks, and the
deterministic history (orders, invoices, System Central logs, custom configs, Cisco deals,
vendor quotes and subscriptions) the read-only endpoints serve.

Two kinds of data:

* **History**, per customer, derived from ``(seed, customer)`` only, so every run sees the same
  records: ``HISTORY_ORDERS`` sales orders dated over the year ending ``HISTORY_END`` (about
  three in four shipped, each shipped order with one invoice carrying shipments with tracking
  numbers and serial numbers), ``HISTORY_LOGS`` System Central logs, custom configs, Cisco DART
  deals and SPAs. Vendor quotes exist per vendor (the catalog's manufacturers), vendor
  subscriptions ``SUB000001`` … ``SUB000500``.
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
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from ._catalog_data import MANUFACTURERS, CatalogItem, _mix
from ._customers import Customer
from ._json import money_decimal
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
    "HISTORY_LOGS",
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

HISTORY_END: Final = date(2025, 6, 30)
HISTORY_ORDERS: Final = 240
HISTORY_LOGS: Final = 130
_HISTORY_DAYS: Final = 365
_CONFIGS: Final = 5
_DEALS: Final = 7
_SPAS: Final = 8
_QUOTES_PER_VENDOR: Final = 30
SUBSCRIPTIONS: Final = 500

#: ship method code → (description, carrier, transit days, base freight cents, cents per lb)
SHIP_METHODS: Final[dict[str, tuple[str, str, int, int, int]]] = {
    "UPSGND": ("UPS Ground", "UPS", 5, 1295, 85),
    "UPS2DA": ("UPS 2nd Day Air", "UPS", 2, 2495, 190),
    "UPSNDA": ("UPS Next Day Air", "UPS", 1, 4595, 360),
    "FDXGND": ("FedEx Ground", "FedEx", 5, 1250, 90),
    "FDX2D": ("FedEx 2Day", "FedEx", 2, 2395, 185),
    "LTL": ("LTL Freight", "Estes", 4, 9500, 40),
}
SALES_ORDER_STATUSES: Final = (
    "Open",
    "On Hold",
    "Partially Shipped",
    "Completely Shipped",
    "Cancelled",
    "Quotation/Sales",
)
SYSTEM_CENTRAL_STATUSES: Final = ("Open", "In Progress", "On Hold", "Completed", "Cancelled")
_UNSERIALIZED: Final = frozenset({"Service Contract", "Power Supply", "Cash Drawer"})
_SITES: Final = ("retail", "warehouse", "clinic")
_STREETS: Final = ("Commerce Blvd", "Industrial Way", "Market St", "Harbor Dr", "Tech Pkwy")


def _h(*parts: int | str) -> int:
    """A 64-bit hash of the parts (strings hashed stably, not with ``hash()``)."""
    x = 0x243F6A8885A308D3
    for part in parts:
        if isinstance(part, str):
            for ch in part.encode():
                x = _mix(x ^ ch)
        else:
            x = _mix(x ^ (part & 0xFFFFFFFFFFFFFFFF))
    return x


def _code(customer: Customer) -> str:
    digits = "".join(ch for ch in customer.number if ch.isdigit())
    return f"{int(digits or '0') % 10000:04d}"


# -- the ledger ------------------------------------------------------------------------------


class Ledger:
    """The order-side state of one simulator. See the module docstring."""

    def __init__(self, state: SimulatorState) -> None:
        self._state = state
        self._tenants: dict[str, Tenant] = {}
        self._history: dict[str, History] = {}
        self._quotes: dict[str, list[dict[str, Any]]] = {}
        self._ids = {
            name: itertools.count(1)
            for name in ("order", "invoice", "cart", "item", "rma", "spa", "webhook", "address")
        }

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

    def customer(self, number: str | None = None) -> Customer:
        """A known customer (default: the simulator's default customer)."""
        return self._state.customers[number or self._state.default_customer]

    # -- views over history + created --------------------------------------------------------

    def orders_for(self, tenant: Tenant, customer: Customer) -> list[Order]:
        """The customer's orders as this tenant sees them, newest first."""
        created = [o for o in tenant.orders.values() if o.customer_number == customer.number]
        return created[::-1] + self.history(customer).orders[::-1]

    def order_status(self, tenant: Tenant, order: Order) -> str:
        """An order's status as a tenant sees it (history orders it cancelled are Cancelled)."""
        return "Cancelled" if order.number in tenant.cancelled else order.status

    def find_order(self, tenant: Tenant, customer: Customer, number: str) -> Order | None:
        """One of the customer's orders visible to the tenant, or None."""
        order = tenant.orders.get(number)
        if order is None:
            order = next((o for o in self.history(customer).orders if o.number == number), None)
        return order if order is not None and order.customer_number == customer.number else None

    def invoices_for(self, tenant: Tenant, customer: Customer) -> list[Invoice]:
        """The customer's invoices as this tenant sees them, newest first."""
        created = [
            i for i in tenant.invoices.values() if i.order.customer_number == customer.number
        ]
        return created[::-1] + self.history(customer).invoices[::-1]

    def find_invoice(self, tenant: Tenant, customer: Customer, number: str) -> Invoice | None:
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
        invoice = self._invoice(number, order, pending, today, _h(self._state.seed, number))
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

    # -- creating orders -----------------------------------------------------------------------

    def create_order(
        self,
        tenant: Tenant,
        customer: Customer,
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
                _order_line(n, item, quantity, unit)
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

    def history(self, customer: Customer) -> History:
        """The customer's deterministic records (built on first use, then cached)."""
        found = self._history.get(customer.number)
        if found is None:
            found = self._history[customer.number] = self._make_history(customer)
        return found

    def _make_history(self, customer: Customer) -> History:
        seed = self._state.seed
        code = _code(customer)
        start = datetime.combine(HISTORY_END, datetime.min.time()) - timedelta(days=_HISTORY_DAYS)
        step = _HISTORY_DAYS * 24 * 60 // HISTORY_ORDERS  # minutes between orders
        orders: list[Order] = []
        to_invoice: list[tuple[date, int, Order, list[OrderLine], int]] = []
        for i in range(HISTORY_ORDERS):
            h = _h(seed, customer.number, "order", i)
            entered = start + timedelta(minutes=step * (i + 1) + h % 480)
            lines = [
                _order_line(
                    n + 1,
                    item := self._item(h, n),
                    1 + (h >> (8 * n + 3)) % 5,
                    self._state.catalog.cost_cents(item, customer, customer.warehouse),
                )
                for n in range(1 + (h >> 40) % 3)
            ]
            roll = (h >> 48) % 100
            status = (
                "Completely Shipped" if roll < 72
                else "Partially Shipped" if roll < 80
                else "Open" if roll < 89
                else "On Hold" if roll < 95
                else "Cancelled" if roll < 98
                else "Quotation/Sales"
            )  # fmt: skip
            payer = customer.payers[0] if customer.payers else None
            order = Order(
                number=f"5{code}{i:05d}",
                customer_number=customer.number,
                po_number=f"PO-{code}-{i:05d}",
                end_user_po=f"EU-{code}-{i:05d}" if i % 3 == 0 else None,
                business_unit=self._item(h, 0).business_unit_for(customer.warehouse),
                ship_method=tuple(SHIP_METHODS)[h % len(SHIP_METHODS)],
                address={
                    "Name": customer.name,
                    "Attn": None,
                    "Street1": f"{100 + h % 900} {_STREETS[(h >> 12) % len(_STREETS)]}",
                    "Street2": None,
                    "City": payer.city if payer else "Greenville",
                    "State": payer.state_province if payer else "SC",
                    "PostalCode": f"{10000 + (h >> 20) % 89999}",
                    "Country": payer.country_code if payer else "US",
                },
                lines=lines,
                status=status,
                entered=entered,
                changed=entered + timedelta(days=1 + (h >> 30) % 4),
                currency=customer.currency,
                doc_type="Quotation" if status == "Quotation/Sales" else "Order",
                reference_number=f"REF{(h >> 24) % 10**6:06d}" if i % 4 == 0 else None,
            )
            orders.append(order)
            if status in ("Completely Shipped", "Partially Shipped"):
                shipped = lines if status == "Completely Shipped" else lines[:1]
                for line in shipped:
                    line.quantity_shipped = line.quantity
                day = entered.date() + timedelta(days=1 + (h >> 36) % 3)
                to_invoice.append((day, i, order, shipped, h))
        # Invoices are numbered in date order (an invoice follows its order by 1-3 days).
        invoices: list[Invoice] = []
        for day, _, order, shipped, h in sorted(to_invoice, key=lambda entry: entry[:2]):
            number = f"9{code}{len(invoices):05d}"
            invoice = self._invoice(number, order, shipped, day, h)
            invoice.status = "Paid" if day < HISTORY_END - timedelta(days=45) else "Open"
            order.invoice_numbers.append(number)
            invoices.append(invoice)
        return History(
            orders=orders,
            invoices=invoices,
            logs=self._logs(customer, orders),
            configs=self._configs(customer),
            deals=self._deals(customer),
            spas=self._spas(customer),
        )

    def _item(self, h: int, n: int) -> CatalogItem:
        catalog = self._state.catalog
        return catalog.item_at(_mix(h + n * 0x9E3779B9) % len(catalog))

    def _invoice(
        self, number: str, order: Order, lines: list[OrderLine], day: date, h: int
    ) -> Invoice:
        method = order.ship_method
        _, carrier, _, base, per_lb = SHIP_METHODS.get(method, SHIP_METHODS["UPSGND"])
        packages = 1 if len(lines) == 1 else 1 + h % 2
        tracking = [_tracking_number(carrier, _h(number, p)) for p in range(packages)]
        invoice_lines = []
        for n, line in enumerate(lines):
            serials = (
                [f"S{_h(number, line.line_number, u) % 10**10:010d}" for u in range(line.quantity)]
                if line.serialized
                else []
            )
            shipment = Shipment(
                carrier=carrier,
                ship_method=SHIP_METHODS.get(method, SHIP_METHODS["UPSGND"])[0],
                ship_date=day,
                tracking_number=tracking[n % packages],
                quantity=line.quantity,
            )
            invoice_lines.append(InvoiceLine(line, line.quantity, [shipment], serials))
        sub_total = sum(line.unit_cents * line.quantity for line in lines)
        freight = base + per_lb * sum(line.quantity for line in lines)
        tax = sub_total * 7 // 100 if order.currency == "USD" else sub_total * 19 // 100
        return Invoice(number, order, day, invoice_lines, freight, tax)

    def _logs(self, customer: Customer, orders: list[Order]) -> list[dict[str, Any]]:
        code = _code(customer)
        start = datetime.combine(HISTORY_END, datetime.min.time()) - timedelta(days=_HISTORY_DAYS)
        step = _HISTORY_DAYS * 24 * 60 // HISTORY_LOGS  # minutes between logs
        logs = []
        for i in range(HISTORY_LOGS):
            h = _h(self._state.seed, customer.number, "log", i)
            order = orders[(i * 7) % len(orders)]
            created = start + timedelta(minutes=step * (i + 1) + h % 600)
            logs.append(
                {
                    "LogNumber": f"SC{code}{i:05d}",
                    "PONumber": order.po_number,
                    "SalesOrderNumber": order.number,
                    "Status": SYSTEM_CENTRAL_STATUSES[h % len(SYSTEM_CENTRAL_STATUSES)],
                    "Description": f"Staging and configuration of {1 + h % 40} units",
                    "Quantity": 1 + h % 40,
                    "CreatedDate": created,
                    "LastUpdatedDate": created + timedelta(hours=1 + (h >> 10) % 96),
                    "EstimatedCompletionDate": (created + timedelta(days=3 + h % 10)).date(),
                }
            )
        return logs

    def _configs(self, customer: Customer) -> list[dict[str, Any]]:
        code = _code(customer)
        configs = []
        for n in range(1, _CONFIGS + 1):
            h = _h(self._state.seed, customer.number, "config", n)
            parts = [self._item(h, k) for k in range(3 + h % 3)]
            components: list[dict[str, Any]] = [
                {"ItemNumber": item.item_number, "Description": item.description,
                 "Quantity": 1 + (h >> (4 * k)) % 3}
                for k, item in enumerate(parts)
            ]  # fmt: skip
            price = sum(
                self._state.catalog.cost_cents(item, customer, customer.warehouse) * c["Quantity"]
                for item, c in zip(parts, components, strict=True)
            )
            configs.append(
                {
                    "ConfigNumber": f"CC{code}{n:03d}",
                    "Name": f"{parts[0].product_type} bundle {n}",
                    "Description": f"{parts[0].description} with {len(parts) - 1} accessories",
                    "BaseItemNumber": parts[0].item_number,
                    "Price": money_decimal(price),
                    "CurrencyCode": customer.currency,
                    "CreatedDate": datetime(2024, 1 + n, 1 + h % 27, 9, 0),
                    "Components": components,
                }
            )
        return configs

    def _deals(self, customer: Customer) -> list[dict[str, Any]]:
        code = _code(customer)
        deals = []
        for n in range(1, _DEALS + 1):
            h = _h(self._state.seed, customer.number, "dart", n)
            created = HISTORY_END - timedelta(days=10 + h % 300)
            lines: list[dict[str, Any]] = []
            for k in range(1 + h % 4):
                item = self._item(h, k)
                list_cents = item.msrp_usd_cents
                discount = 20 + (h >> (5 * k)) % 40
                lines.append(
                    {
                        "LineNumber": k + 1,
                        "ItemNumber": item.item_number,
                        "Description": item.description,
                        "Quantity": 1 + (h >> (3 * k)) % 20,
                        "ListPrice": money_decimal(list_cents),
                        "DiscountPercent": Decimal(discount),
                        "NetPrice": money_decimal(list_cents * (100 - discount) // 100),
                    }
                )
            deals.append(
                {
                    "DealID": f"4{code}{n:03d}",
                    "DealName": f"{customer.name} refresh {n}",
                    "EndCustomer": f"End customer {(h >> 8) % 1000:03d}",
                    "Status": ("Approved", "Pending", "Expired")[h % 3],
                    "CreatedDate": created,
                    "ExpirationDate": created + timedelta(days=180),
                    "CurrencyCode": "USD",
                    "Lines": lines,
                }
            )
        return deals

    def find_deal(self, deal_id: str) -> dict[str, Any] | None:
        """A Cisco DART deal of any known customer, or None."""
        for customer in self._state.customers.values():
            for deal in self.history(customer).deals:
                if deal["DealID"] == deal_id:
                    return deal
        return None

    def _spas(self, customer: Customer) -> list[dict[str, Any]]:
        code = _code(customer)
        spas = []
        for n in range(1, _SPAS + 1):
            h = _h(self._state.seed, customer.number, "spa", n)
            valid_from = HISTORY_END - timedelta(days=30 + h % 300)
            items = [self._item(h, k) for k in range(1 + h % 3)]
            mfg = items[0].manufacturer_part_number[:2]
            spas.append(
                {
                    "AgreementNumber": f"A{code}{n:05d}",
                    "DealID": f"SPA-{code}-{n:03d}",
                    "ControlNumber": f"CN{(h >> 16) % 10**6:06d}",
                    "CustomerNumber": customer.number,
                    "Description": f"{items[0].manufacturer} special pricing {n}",
                    "AgreementType": ("Standard", "Competitive", "Volume")[h % 3],
                    "Status": "Active" if n % 4 else "Expired",
                    "SalesOrg": customer.warehouse,
                    "MfgCode": mfg,
                    "EndUser": f"End user {(h >> 8) % 1000:03d}",
                    "ValidFrom": valid_from,
                    "ValidTo": valid_from + timedelta(days=365 if n % 4 else 20),
                    "CurrencyCode": customer.currency,
                    "Lines": [
                        {
                            "ItemNumber": item.item_number,
                            "ManufacturerPartNumber": item.manufacturer_part_number,
                            "Description": item.description,
                            "Price": money_decimal(item.msrp_usd_cents * 70 // 100),
                            "MinQuantity": 1,
                            "MaxQuantity": 100 + k * 50,
                        }
                        for k, item in enumerate(items)
                    ],
                }
            )
        return spas

    # -- vendors -------------------------------------------------------------------------------

    @staticmethod
    def vendor_name(vendor: str) -> str | None:
        """The manufacturer a vendor path segment names (case-insensitive), or None."""
        wanted = vendor.strip().lower()
        return next((name for name, _ in MANUFACTURERS if name.lower() == wanted), None)

    def vendor_quotes(self, vendor: str) -> list[dict[str, Any]]:
        """The quotes of a known vendor (see :meth:`vendor_name`), oldest first."""
        found = self._quotes.get(vendor)
        if found is not None:
            return found
        prefix = dict(MANUFACTURERS)[vendor]
        quotes = []
        for n in range(1, _QUOTES_PER_VENDOR + 1):
            h = _h(self._state.seed, vendor, "quote", n)
            created = HISTORY_END - timedelta(days=(_QUOTES_PER_VENDOR - n) * 11 + h % 5)
            lines: list[dict[str, Any]] = []
            for k in range(1 + h % 3):
                item = self._item(h, k)
                unit = item.msrp_usd_cents * (70 + (h >> k) % 20) // 100
                quantity = 1 + (h >> (4 * k)) % 25
                lines.append(
                    {
                        "LineNumber": k + 1,
                        "ItemNumber": item.item_number,
                        "ManufacturerPartNumber": item.manufacturer_part_number,
                        "Description": item.description,
                        "Quantity": quantity,
                        "UnitPrice": money_decimal(unit),
                        "ExtendedPrice": money_decimal(unit * quantity),
                    }
                )
            quotes.append(
                {
                    "Vendor": vendor,
                    "QuoteNumber": f"Q{prefix}{n:05d}",
                    "QuoteName": f"{vendor} quote {n} for {_SITES[h % 3]}",
                    "DealID": f"D{prefix}{n:05d}",
                    "DealName": f"{vendor} deal {n}",
                    "Status": ("Open", "Ordered", "Expired")[(h >> 3) % 3],
                    "EndUser": f"End user {(h >> 8) % 1000:03d}",
                    "CreatedDate": created,
                    "ExpirationDate": created + timedelta(days=90),
                    "CurrencyCode": "USD",
                    "Total": money_decimal(sum(int(line["ExtendedPrice"] * 100) for line in lines)),
                    "Lines": lines,
                }
            )
        self._quotes[vendor] = quotes
        return quotes

    def subscription(self, subscription_id: str) -> dict[str, Any] | None:
        """Vendor subscription ``SUB000001`` … ``SUB000500`` (None for any other id)."""
        sid = subscription_id.strip().upper()
        if len(sid) != 9 or not sid.startswith("SUB") or not sid[3:].isdigit():
            return None
        n = int(sid[3:])
        if not 1 <= n <= SUBSCRIPTIONS:
            return None
        h = _h(self._state.seed, "subscription", n)
        customers = sorted(self._state.customers)
        customer = self._state.customers[customers[h % len(customers)]]
        vendor = MANUFACTURERS[(h >> 8) % len(MANUFACTURERS)][0]
        start = HISTORY_END - timedelta(days=h % 700)
        item = self._item(h, 0)
        return {
            "SubscriptionID": sid,
            "Vendor": vendor,
            "Status": "Active" if start + timedelta(days=365) > HISTORY_END else "Expired",
            "CustomerNumber": customer.number,
            "EndUser": f"End user {(h >> 16) % 1000:03d}",
            "SalesOrderNumber": self.history(customer).orders[h % HISTORY_ORDERS].number,
            "StartDate": start,
            "EndDate": start + timedelta(days=365),
            "AutoRenew": bool(h & 1),
            "CurrencyCode": customer.currency,
            "Lines": [
                {
                    "ItemNumber": item.item_number,
                    "Description": f"{item.description} - annual subscription",
                    "Quantity": 1 + (h >> 20) % 50,
                    "UnitPrice": money_decimal(item.msrp_usd_cents // 12),
                }
            ],
        }


def _order_line(number: int, item: CatalogItem, quantity: int, unit_cents: int) -> OrderLine:
    return OrderLine(
        line_number=number,
        item_number=item.item_number,
        manufacturer_part_number=item.manufacturer_part_number,
        description=item.description,
        quantity=quantity,
        unit_cents=unit_cents,
        serialized=item.product_type not in _UNSERIALIZED,
    )


def _tracking_number(carrier: str, h: int) -> str:
    if carrier == "UPS":
        alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
        body = "".join(alphabet[(h >> (5 * k)) % len(alphabet)] for k in range(6))
        return f"1Z{body}03{h % 10**8:08d}"
    if carrier == "FedEx":
        return f"{h % 10**12:012d}"
    return f"{carrier[:3].upper()}{h % 10**10:010d}"


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
