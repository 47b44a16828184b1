"""The deterministic order history every customer has, and the hashing the history of each
API group is drawn with.

Each customer has ``HISTORY_ORDERS`` sales orders dated over the ``HISTORY_DAYS`` ending
``HISTORY_END`` (about three in four shipped), each shipped order with one invoice carrying
shipments with tracking numbers and serial numbers, all derived from ``(seed, customer)`` only.
The other groups' history (System Central logs, custom configs, Cisco DART deals, SPAs, vendor
quotes and subscriptions) is generated next to its route, in ``routes/<group>.py``, with
:func:`stable_hash`, :func:`customer_code` and :func:`history_item` from here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final

from ._catalog_data import CatalogItem, _mix
from ._customers import SimulatedCustomer
from ._records import History, Invoice, InvoiceLine, Order, OrderLine, Shipment

if TYPE_CHECKING:
    from ._catalog import Catalog
    from ._state import SimulatorState

__all__ = [
    "HISTORY_DAYS",
    "HISTORY_END",
    "HISTORY_ORDERS",
    "SALES_ORDER_STATUSES",
    "SHIP_METHODS",
    "customer_code",
    "history_item",
    "history_start",
    "make_invoice",
    "order_history",
    "order_line",
    "stable_hash",
    "tracking_number",
]

HISTORY_END: Final = date(2025, 6, 30)
HISTORY_ORDERS: Final = 240
HISTORY_DAYS: Final = 365

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
_UNSERIALIZED: Final = frozenset({"Service Contract", "Power Supply", "Cash Drawer"})
_STREETS: Final = ("Commerce Blvd", "Industrial Way", "Market St", "Harbor Dr", "Tech Pkwy")


def stable_hash(*parts: int | str) -> int:
    """A 64-bit hash of the parts (strings hashed stably, not with ``hash()``)."""
    x = 0x243F6A8885A308D3
    for part in parts:
        if isinstance(part, str):
            for ch in part.encode():
                x = _mix(x ^ ch)
        else:
            x = _mix(x ^ (part & 0xFFFFFFFFFFFFFFFF))
    return x


def customer_code(customer: SimulatedCustomer) -> str:
    """The last four digits of the customer number: the ``cccc`` of history record numbers."""
    digits = "".join(ch for ch in customer.number if ch.isdigit())
    return f"{int(digits or '0') % 10000:04d}"


def history_item(catalog: Catalog, h: int, n: int) -> CatalogItem:
    """The ``n``-th catalog item a history record with hash ``h`` names."""
    return catalog.item_at(_mix(h + n * 0x9E3779B9) % len(catalog))


def history_start() -> datetime:
    """The first moment of the history window."""
    return datetime.combine(HISTORY_END, datetime.min.time()) - timedelta(days=HISTORY_DAYS)


def order_history(state: SimulatorState, customer: SimulatedCustomer) -> History:
    """A customer's deterministic orders and invoices (see the module docstring)."""
    seed = state.seed
    catalog = state.catalog
    code = customer_code(customer)
    start = history_start()
    step = HISTORY_DAYS * 24 * 60 // HISTORY_ORDERS  # minutes between orders
    orders: list[Order] = []
    to_invoice: list[tuple[date, int, Order, list[OrderLine], int]] = []
    for i in range(HISTORY_ORDERS):
        h = stable_hash(seed, customer.number, "order", i)
        entered = start + timedelta(minutes=step * (i + 1) + h % 480)
        lines = [
            order_line(
                n + 1,
                item := history_item(catalog, h, n),
                1 + (h >> (8 * n + 3)) % 5,
                catalog.cost_cents(item, customer, customer.warehouse),
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
            business_unit=history_item(catalog, h, 0).business_unit_for(customer.warehouse),
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
        invoice = make_invoice(number, order, shipped, day, h)
        invoice.status = "Paid" if day < HISTORY_END - timedelta(days=45) else "Open"
        order.invoice_numbers.append(number)
        invoices.append(invoice)
    return History(orders=orders, invoices=invoices)


def make_invoice(number: str, order: Order, lines: list[OrderLine], day: date, h: int) -> Invoice:
    """Invoice ``lines`` of ``order`` on ``day``: one or two packages, serial numbers for
    serialized items, freight by weight, tax by currency (``h`` draws the packages)."""
    method = order.ship_method
    _, carrier, _, base, per_lb = SHIP_METHODS.get(method, SHIP_METHODS["UPSGND"])
    packages = 1 if len(lines) == 1 else 1 + h % 2
    tracking = [tracking_number(carrier, stable_hash(number, p)) for p in range(packages)]
    invoice_lines = []
    for n, line in enumerate(lines):
        serials = (
            [
                f"S{stable_hash(number, line.line_number, u) % 10**10:010d}"
                for u in range(line.quantity)
            ]
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


def order_line(number: int, item: CatalogItem, quantity: int, unit_cents: int) -> OrderLine:
    return OrderLine(
        line_number=number,
        item_number=item.item_number,
        manufacturer_part_number=item.manufacturer_part_number,
        description=item.description,
        quantity=quantity,
        unit_cents=unit_cents,
        serialized=item.product_type not in _UNSERIALIZED,
    )


def tracking_number(carrier: str, h: int) -> str:
    if carrier == "UPS":
        alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
        body = "".join(alphabet[(h >> (5 * k)) % len(alphabet)] for k in range(6))
        return f"1Z{body}03{h % 10**8:08d}"
    if carrier == "FedEx":
        return f"{h % 10**12:012d}"
    return f"{carrier[:3].upper()}{h % 10**10:010d}"
