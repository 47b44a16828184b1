"""The ledger's look-ups of each group's deterministic history are what the routes serve."""

from __future__ import annotations

from scansource_async.testing import Simulator
from scansource_async.testing.ledger import HISTORY_LOGS, ledger


async def test_the_ledger_finds_what_the_api_serves() -> None:
    sim = Simulator(seed=2, catalog_size=2_000)
    book = ledger(sim)
    async with sim.client() as client:
        deals = await client.cisco_dart.summary()
        deal = book.find_deal(deals[3].deal_id)
        assert deal is not None and deal["DealName"] == deals[3].deal_name
        assert book.find_deal("nope") is None

        assert book.vendor_name(" zentrix ") == "Zentrix"
        assert book.vendor_name("Nobody") is None
        quotes = book.vendor_quotes("Zentrix")
        served = await client.vendor_quotes.list("Zentrix")
        assert [q["QuoteNumber"] for q in quotes] == [q.quote_number for q in served]
        assert book.vendor_quotes("Zentrix") is quotes  # drawn once, then kept

        found = book.subscription("sub000042")
        assert found is not None and found["SubscriptionID"] == "SUB000042"
        served_sub = await client.vendor_orders.subscription("SUB000042")
        assert served_sub.sales_order_number == found["SalesOrderNumber"]
        assert book.subscription("SUB000501") is None

        logs = [log async for log in client.system_central.summary()]
    assert len(logs) == HISTORY_LOGS
