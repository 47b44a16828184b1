"""The Simulator object: construction, the wired client, runtime controls."""

from __future__ import annotations

import pytest

from scansource_async import PricingLine
from scansource_async.testing import IN_PROCESS_BASE_URL, FaultModel, Simulator


def test_construction_checks_arguments() -> None:
    with pytest.raises(ValueError, match="max_lines"):
        Simulator(api_layout="legacy", max_lines=0)
    with pytest.raises(ValueError, match="rate_limit"):
        Simulator(api_layout="legacy", rate_limit=0)
    with pytest.raises(ValueError, match="token_lifetime"):
        Simulator(api_layout="legacy", token_lifetime=0)
    with pytest.raises(TypeError):
        Simulator(api_layout="legacy", subscription_keys="one-key")
    with pytest.raises(TypeError):
        Simulator(api_layout="legacy", faults=0.5)  # type: ignore[arg-type]


def test_customers() -> None:
    sim = Simulator(api_layout="legacy")
    assert sim.customer_number == "1000001"
    assert set(sim.customers) == {"1000001", "1000002", "1000003", "1000004"}
    extra = Simulator(api_layout="legacy", customer_number="777")
    assert extra.customer().number == "777"
    assert extra.product(extra.catalog.item_numbers[0])["UnitPriceCurrencyCode"] == "USD"
    assert "seed=0" in repr(sim)


@pytest.mark.parametrize(
    "mode", ["in-process", pytest.param("loopback", marks=pytest.mark.loopback)]
)
async def test_client_is_wired_to_the_simulator(mode: str) -> None:
    sim = Simulator(api_layout="legacy", seed=4)
    number = sim.catalog.item_numbers[5]
    expected = sim.product(number, quantity=2)
    if mode == "in-process":
        async with sim.client() as client:
            (product,) = await client.products.pricing([PricingLine(number, quantity=2)])
    else:
        async with sim.serve() as url, sim.client(url) as client:
            (product,) = await client.products.pricing([PricingLine(number, quantity=2)])
    assert product.unit_price == expected["UnitPrice"]
    assert product.extended_total == expected["ExtendedTotal"]
    assert sim.tokens_issued == 1
    (_, priced) = sim.requests
    assert priced.path == "product/pricing"
    assert priced.query["customerNumber"] == "1000001"


async def test_client_options_override_the_defaults() -> None:
    sim = Simulator(api_layout="legacy")
    async with sim.client(customer_number="1000003") as client:
        (product,) = await client.products.pricing([PricingLine(sim.catalog.item_numbers[0])])
    assert product.unit_price_currency_code == "EUR"


async def test_client_without_oauth_clients() -> None:
    sim = Simulator(api_layout="legacy", clients={})
    async with sim.client() as client:
        await client.products.pricing([PricingLine(sim.catalog.item_numbers[0])])
    assert sim.tokens_issued == 0


def test_in_process_base_url_never_resolves() -> None:
    assert IN_PROCESS_BASE_URL.endswith(".invalid/")


async def test_runtime_controls() -> None:
    sim = Simulator(api_layout="legacy")
    sim.set_rate_limit(1)
    sim.set_faults({"product": FaultModel(error_rate=1.0)}, seed=3)
    sim.set_rate_limit(None)
    sim.throttle(0)
    sim.expire_tokens()
    sim.reset()
    assert sim.stats.requests == 0
