"""The pytest plugin's fixtures (registered through the package's pytest11 entry point)."""

from __future__ import annotations

from scansource_async import PricingLine, ScanSourceClient
from scansource_async.testing import Simulator


def test_simulator_fixture(scansource_simulator: Simulator) -> None:
    assert isinstance(scansource_simulator, Simulator)
    assert len(scansource_simulator.requests) == 0


async def test_client_fixture(
    scansource_client: ScanSourceClient, scansource_simulator: Simulator
) -> None:
    number = scansource_simulator.catalog.item_numbers[0]
    (product,) = await scansource_client.products.pricing([PricingLine(number, quantity=3)])
    assert product.unit_price == scansource_simulator.product(number, quantity=3)["UnitPrice"]


def test_plugin_import_needs_no_simulator_extra() -> None:
    import subprocess
    import sys

    code = (
        "import sys, scansource_async.testing.pytest_plugin; "
        "assert 'starlette' not in sys.modules and 'uvicorn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
