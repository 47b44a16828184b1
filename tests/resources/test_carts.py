"""Carts through the public client against the simulator: the lifecycle and every operation."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from scansource_async import (
    Address,
    BadRequestError,
    CartItemRequest,
    CartRequest,
    CheckoutInfo,
    NotFoundError,
    OutcomeUnknownError,
    ScanSourceClient,
    ServerError,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import client_of, items, sent

KEY = "user-42"
QUEUE = "approvals"


async def test_lifecycle(sim: Simulator, client: ScanSourceClient) -> None:
    carts = client.carts
    first, second, third = items(sim, 3)
    assert await carts.exists(KEY) is False
    assert await carts.has_current(KEY) is False

    # create: the new cart becomes current
    a = await carts.create(KEY, CartRequest(name="Store 12 refit", notes="urgent"))
    assert a.cart_id
    assert a.is_current is True
    assert a.items == ()
    assert isinstance(a.created_date, datetime)
    assert await carts.exists(KEY) is True
    assert await carts.has_current(KEY) is True

    # add items to the current cart
    added = await carts.add_item(KEY, CartItemRequest(item_number=first, quantity=3))
    assert added.item_id
    assert added.quantity == 3
    priced = await carts.add_item(
        KEY, CartItemRequest(item_number=second, price=Decimal("19.90"), notes="gift")
    )
    assert priced.price == Decimal("19.90")
    current = await carts.get(KEY)
    assert current.cart_id == a.cart_id
    assert [(i.item_number, i.quantity) for i in current.items] == [(first, 3), (second, 1)]

    # a second cart, not made current; then switch to it
    b = await carts.create(KEY, CartRequest(name="Backup"), current_cart=False)
    assert b.is_current is False
    assert (await carts.get(KEY)).cart_id == a.cart_id
    switched = await carts.switch(KEY, b.cart_id or "")
    assert switched.is_current is True
    assert (await carts.get(KEY)).cart_id == b.cart_id
    assert (await carts.get(KEY, a.cart_id)).is_current is False
    await carts.add_item(KEY, CartItemRequest(item_number=third), cart_id=a.cart_id)
    assert len((await carts.get(KEY, a.cart_id)).items) == 3
    assert (await carts.get(KEY)).items == ()

    # copy cart a: a new cart with the same items (new item ids), current is unchanged
    copy = await carts.copy(KEY, a.cart_id or "")
    assert copy.cart_id not in (a.cart_id, b.cart_id)
    assert copy.name == "Copy of Store 12 refit"
    assert [i.item_number for i in copy.items] == [first, second, third]
    original = await carts.get(KEY, a.cart_id)
    assert {i.item_id for i in copy.items}.isdisjoint(i.item_id for i in original.items)
    assert (await carts.get(KEY)).cart_id == b.cart_id
    listed = await carts.list(KEY)
    assert [c.cart_id for c in listed] == [a.cart_id, b.cart_id, copy.cart_id]
    assert [c.cart_id for c in await carts.list(KEY, name="refit")] == [a.cart_id, copy.cart_id]

    # move the copy to the approval queue: it leaves the collection, becomes current there
    moved = await carts.move(KEY, QUEUE, copy.cart_id or "")
    assert moved.cart_id == copy.cart_id
    assert moved.is_current is True
    assert [c.cart_id for c in await carts.list(KEY)] == [a.cart_id, b.cart_id]
    assert [c.cart_id for c in await carts.list(QUEUE)] == [copy.cart_id]
    assert (await carts.get(QUEUE)).cart_id == copy.cart_id

    # checkout info on the queued cart
    assert await carts.get_checkout_info(QUEUE) is None
    info = CheckoutInfo(
        po_number="PO-CART-1",
        ship_method_service_level_code="UPSGND",
        shipping_address=Address(
            name="Store 12", street1="12 Market St", city="Greenville", country="US"
        ),
        contact_email="buyer@example.com",
        requested_delivery_date=date(2025, 7, 15),
    )
    assert await carts.set_checkout_info(QUEUE, info) == info
    assert await carts.get_checkout_info(QUEUE, copy.cart_id) == info
    assert (await carts.get(QUEUE)).checkout_info == info
    assert await carts.get_checkout_info(KEY) is None  # the other collection's cart has none

    # clear: every cart of the collection goes
    await carts.clear(KEY)
    assert await carts.exists(KEY) is False
    assert await carts.has_current(KEY) is False
    assert await carts.list(KEY) == []
    assert await carts.exists(QUEUE) is True
    stored = ledger(sim).cart_collection(QUEUE)
    assert stored is not None
    assert list(stored.carts) == [copy.cart_id]


async def test_update_and_item_operations(sim: Simulator, client: ScanSourceClient) -> None:
    carts = client.carts
    first, second = items(sim, 2)
    cart = await carts.create(
        KEY, CartRequest(name="Q3", items=[CartItemRequest(item_number=first, quantity=2)])
    )
    assert cart.cart_id
    item_id = cart.items[0].item_id
    assert item_id

    renamed = await carts.update(KEY, CartRequest(name="Q3 final", items=[]))
    assert renamed.name == "Q3 final"
    assert len(renamed.items) == 1  # items untouched without update_cart_items
    replaced = await carts.update(
        KEY,
        CartRequest(
            cart_id=cart.cart_id, name="Q3 final", items=[CartItemRequest(item_number=second)]
        ),
        update_cart_items=True,
    )
    assert [i.item_number for i in replaced.items] == [second]

    new_id = replaced.items[0].item_id
    assert new_id
    updated = await carts.update_item(
        KEY, cart.cart_id, CartItemRequest(item_id=new_id, item_number=second, quantity=7)
    )
    assert updated.item_id == new_id
    assert updated.quantity == 7
    assert (await carts.get(KEY)).items[0].quantity == 7

    await carts.delete_item(KEY, new_id)
    assert (await carts.get(KEY)).items == ()
    with pytest.raises(NotFoundError, match=f"Item '{new_id}' not found"):
        await carts.delete_item(KEY, new_id)

    await carts.delete(KEY)
    assert await carts.has_current(KEY) is False
    assert await carts.exists(KEY) is False


async def test_keys_with_reserved_characters_stay_one_segment(client: ScanSourceClient) -> None:
    key = "team a/../b?x=1#frag"
    cart = await client.carts.create(key, CartRequest(name="odd"))
    assert (await client.carts.get(key)).cart_id == cart.cart_id
    assert await client.carts.exists("team a") is False
    assert await client.carts.exists(key) is True


async def test_unknown_collection_and_cart_are_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.carts.get("nobody")
    assert caught.value.body["message"] == "Cart collection 'nobody' not found"
    await client.carts.create(KEY, CartRequest(name="one"))
    with pytest.raises(NotFoundError, match="Cart 'CART-999999' not found"):
        await client.carts.switch(KEY, "CART-999999")


async def test_unknown_item_is_400_with_the_message(
    sim: Simulator, client: ScanSourceClient
) -> None:
    await client.carts.create(KEY, CartRequest(name="one"))
    with pytest.raises(BadRequestError) as caught:
        await client.carts.add_item(KEY, CartItemRequest(item_number="NOPE-1"))
    assert caught.value.status_code == 400
    assert caught.value.body == {"statusCode": 400, "message": "ItemNumber 'NOPE-1' not found"}
    assert "ItemNumber 'NOPE-1' not found" in str(caught.value)


async def test_requests_validate_before_any_io(sim: Simulator, client: ScanSourceClient) -> None:
    with pytest.raises(ValidationError, match="quantity"):
        CartItemRequest(item_number="SS1", quantity=0)
    with pytest.raises(ValidationError, match="items\\[0\\]"):
        CartRequest(items=["SS1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="item_id"):
        await client.carts.update_item(KEY, "CART-1", CartItemRequest(item_number="SS1"))
    with pytest.raises(ValidationError, match="key"):
        await client.carts.get("")
    assert len(sim.requests) == 0


async def test_create_hit_by_503_after_the_server_acted(sim: Simulator) -> None:
    sim.set_faults(
        {"POST cart/": FaultModel(error_rate=1.0, error_statuses=(503,), after_action=True)}
    )
    async with client_of(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.carts.create(KEY, CartRequest(name="maybe"))
        assert caught.value.operation == "carts.create"
        assert sent(sim, "POST", f"cart/{KEY}") == 1
        stored = ledger(sim).cart_collection(KEY)
        assert stored is not None
        assert len(stored.carts) == 1  # the server made it once
        sim.set_faults(None)
        assert [c.name for c in await client.carts.list(KEY)] == ["maybe"]


async def test_puts_and_deletes_retry(sim: Simulator) -> None:
    async with client_of(sim) as client:
        cart = await client.carts.create(KEY, CartRequest(name="x"))
        sim.set_faults({"PUT cart/switch": FaultModel(error_rate=1.0, error_statuses=(503,))})
        with pytest.raises(ServerError, match="503"):
            await client.carts.switch(KEY, cart.cart_id or "")
    assert sent(sim, "PUT", f"cart/switch/{KEY}/{cart.cart_id}") == 4  # 1 + 3 retries
