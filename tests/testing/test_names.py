"""One meaning per name in ``scansource_async.testing``: the simulator's customer account is
``SimulatedCustomer``, not a second ``Customer`` beside the client's model; the old spelling
still works."""

from __future__ import annotations

import scansource_async
import scansource_async.testing as testing
from scansource_async.testing import SimulatedCustomer, Simulator


def test_the_simulated_customer_is_not_the_clients_customer_model() -> None:
    assert SimulatedCustomer is not scansource_async.Customer
    assert "SimulatedCustomer" in testing.__all__
    assert "Customer" not in testing.__all__
    assert "Customer" not in dir(testing)


def test_the_old_name_is_the_same_class() -> None:
    assert testing.Customer is SimulatedCustomer
    from scansource_async.testing import Customer

    assert Customer is SimulatedCustomer


async def test_the_simulator_prices_for_a_simulated_customer_as_for_its_number() -> None:
    sim = Simulator(seed=4, catalog_size=2_000)
    account = sim.customer("1000003")
    assert isinstance(account, SimulatedCustomer)
    assert account.warehouse == "2510"
    item = sim.catalog.item_numbers[7]
    expected = sim.catalog.product(item, customer_number=account, quantity=3)
    assert expected == sim.catalog.product(item, customer_number="1000003", quantity=3)
    async with sim.client(customer_number="1000003") as client:
        (priced,) = await client.products.pricing([scansource_async.PricingLine(item, quantity=3)])
    assert priced.item_number == item
    assert priced.unit_price == expected["UnitPrice"]
    assert priced.extended_total == expected["ExtendedTotal"]
