"""One end-to-end call per API group against a simulator serving the legacy layout: the client
sends the seeds' paths unchanged and the simulator answers them; each group's gateway path is a
404 there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from scansource_async import (
    Address,
    CartRequest,
    NotFoundError,
    PricingLine,
    RmaLineRequest,
    RmaRequest,
    ScanSourceClient,
)
from scansource_async.testing import Simulator

from .helpers import client_of

Check = Callable[[ScanSourceClient, Simulator], Awaitable[str]]


async def _product(c: ScanSourceClient, sim: Simulator) -> str:
    [product] = await c.products.pricing([PricingLine(sim.catalog.item_numbers[3])])
    assert product.item_number == sim.catalog.item_numbers[3]
    return "product/pricing"


async def _customer(c: ScanSourceClient, sim: Simulator) -> str:
    assert (await c.customers.get()).customer_number == sim.customer_number
    return f"customer/{sim.customer_number}"


async def _partner_profile(c: ScanSourceClient, sim: Simulator) -> str:
    assert (await c.partner_profile.get("developer@example.com")).developer_email
    return "partnerprofile"


async def _custom_config(c: ScanSourceClient, sim: Simulator) -> str:
    await c.custom_configs.list()
    return "customconfig/list"


async def _address(c: ScanSourceClient, sim: Simulator) -> str:
    stored = await c.addresses.create("book/1", Address(name="A", street1="1 Main", city="X",
                                                        country="US"))  # fmt: skip
    assert stored.address_id
    assert (await c.addresses.get("book/1", stored.address_id)) == stored
    return f"address/book%2F1/{stored.address_id}"


async def _rma(c: ScanSourceClient, sim: Simulator) -> str:
    number = (await c.invoices.summary(page_size=1, max_pages=1).to_list())[0].invoice_number
    invoice = await c.invoices.detail(number or "")
    line = invoice.invoice_lines[0]
    request = RmaRequest(
        invoice_number=number or "",
        reason="Defective",
        lines=[RmaLineRequest(item_number=line.item_number or "")],
    )
    assert (await c.rmas.create(request)).rma_number
    return "rma"


async def _vendor_order(c: ScanSourceClient, sim: Simulator) -> str:
    assert (await c.vendor_orders.subscription("SUB000042")).subscription_id == "SUB000042"
    return "vendororder/subscription/SUB000042"


async def _spa(c: ScanSourceClient, sim: Simulator) -> str:
    await c.spa.summary()
    return "spa/summary"


async def _invoice(c: ScanSourceClient, sim: Simulator) -> str:
    number = (await c.invoices.summary(page_size=1, max_pages=1).to_list())[0].invoice_number
    assert (await c.invoices.detail(number or "")).invoice_number == number
    return f"invoice/detail/{sim.customer_number}/{number}"


async def _system_central(c: ScanSourceClient, sim: Simulator) -> str:
    assert await c.system_central.summary(page_size=5, max_pages=1).to_list()
    return f"systemcentral/summary/{sim.customer_number}"


async def _cart(c: ScanSourceClient, sim: Simulator) -> str:
    cart = await c.carts.create("user/7", CartRequest(name="legacy"))
    assert (await c.carts.get("user/7")).cart_id == cart.cart_id
    return "cart/user%2F7"


async def _cisco_dart(c: ScanSourceClient, sim: Simulator) -> str:
    await c.cisco_dart.summary()
    return "ciscodart/summary"


async def _webhook(c: ScanSourceClient, sim: Simulator) -> str:
    await c.webhooks.list()
    return "webhooks"


async def _vendor_quote(c: ScanSourceClient, sim: Simulator) -> str:
    assert await c.vendor_quotes.list("Zentrix")
    return "vendorquote/list/Zentrix"


async def _vendor_usage(c: ScanSourceClient, sim: Simulator) -> str:
    bid = (await c.vendor_quotes.list("Aldora"))[0].deal_id or ""
    invoice = (await c.invoices.summary(page_size=1, max_pages=1).to_list())[0]
    await c.vendor_usage.get("Aldora", bid, invoice.invoice_number or "")
    return f"vendorusage/Aldora/{bid}/{invoice.invoice_number}"


GROUPS: dict[str, Check] = {
    "Product": _product,
    "Customer": _customer,
    "PartnerProfile": _partner_profile,
    "CustomConfig": _custom_config,
    "Address": _address,
    "Rma": _rma,
    "VendorOrder": _vendor_order,
    "Spa": _spa,
    "Invoice": _invoice,
    "SystemCentral": _system_central,
    "Cart": _cart,
    "CiscoDart": _cisco_dart,
    "WebHook": _webhook,
    "VendorQuote": _vendor_quote,
    "VendorUsage": _vendor_usage,
}  # SalesOrder: tests/resources/test_sales_orders.py::test_the_legacy_layout_places_orders...


@pytest.mark.parametrize("check", GROUPS.values(), ids=GROUPS.keys())
async def test_one_call_per_group_on_the_legacy_layout(check: Check) -> None:
    sim = Simulator(seed=11, catalog_size=5_000, api_layout="legacy")
    async with client_of(sim, api_layout="legacy") as client:
        path = await check(client, sim)
    raw = [r for r in sim.requests if r.status == 200]
    assert raw and not [r for r in sim.requests if r.status == 404]
    expected = path.replace("%2F", "/")  # the request log holds the decoded path
    assert expected in [r.path for r in raw]


async def test_the_gateway_path_of_a_group_is_a_404_on_the_legacy_layout() -> None:
    sim = Simulator(seed=11, catalog_size=100, api_layout="legacy")
    async with client_of(sim, api_layout="gateway") as client:
        with pytest.raises(NotFoundError) as caught:
            await client.carts.get("user/7")
    assert "scsc/cart/v1?cartCollectionKey=user%2F7" in str(caught.value)
