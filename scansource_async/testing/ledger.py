"""The simulator's order-side state, for tests: ``ledger(sim)`` returns the :class:`Ledger`.

::

    from scansource_async.testing.ledger import ledger

    created = await client.sales_orders.create(order)
    invoice_number = ledger(sim).ship_order(created.order_number)   # invoiced, with tracking
    assert len(ledger(sim).orders(po_number="PO-1")) == 1
    assert await client.invoices.pdf(invoice_number) == ledger(sim).invoice_pdf(invoice_number)

See ``_ledger`` for the number formats and per-key state, ``_history`` for the deterministic
history.
"""

from __future__ import annotations

from ._history import HISTORY_END, HISTORY_ORDERS, SHIP_METHODS
from ._ledger import Ledger, ledger
from .routes.system_central import HISTORY_LOGS

__all__ = ["HISTORY_END", "HISTORY_LOGS", "HISTORY_ORDERS", "SHIP_METHODS", "Ledger", "ledger"]
