"""The simulator's order-side state, for tests: ``ledger(sim)`` returns the :class:`Ledger`.

::

    from scansource_async.testing.ledger import ledger

    created = await client.sales_orders.create(order)
    invoice_number = ledger(sim).ship_order(created.order_number)   # invoiced, with tracking
    assert len(ledger(sim).orders(po_number="PO-1")) == 1
    assert await client.invoices.pdf(invoice_number) == ledger(sim).invoice_pdf(invoice_number)

See ``_ledger`` for the deterministic history, the number formats and per-key state.
"""

from __future__ import annotations

from ._ledger import HISTORY_END, HISTORY_LOGS, HISTORY_ORDERS, SHIP_METHODS, Ledger, ledger

__all__ = ["HISTORY_END", "HISTORY_LOGS", "HISTORY_ORDERS", "SHIP_METHODS", "Ledger", "ledger"]
