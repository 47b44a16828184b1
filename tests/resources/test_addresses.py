"""client.addresses against the simulator (gateway layout): collections per subscription key,
creates never retried."""

from __future__ import annotations

import pytest

from scansource_async import (
    Address,
    NotFoundError,
    OutcomeUnknownError,
    ScanSourceClient,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import client_of

HOME = Address(name="Northwind", attn="Dock", street1="12 Market St", street2="Suite 4",
               city="Greenville", state="SC", postal_code="29601", country="US")  # fmt: skip


async def test_create_get_update_copy_exists(sim: Simulator, client: ScanSourceClient) -> None:
    assert await client.addresses.exists("book") is False
    stored = await client.addresses.create("book", HOME)
    assert stored.address_id and stored.address_id.startswith("ADDR-")
    assert stored == Address(**{**_fields(HOME), "address_id": stored.address_id})
    assert await client.addresses.exists("book") is True
    assert await client.addresses.get("book", stored.address_id) == stored
    record = sim.requests[-1]
    assert (record.method, record.path) == ("GET", "scsc/address/v1")
    assert record.query == {"collectionKey": "book", "addressId": stored.address_id}

    moved = Address(
        **{**_fields(stored), "street1": "99 River Rd", "address_id": stored.address_id}
    )
    assert await client.addresses.update("book", moved) == moved
    assert (await client.addresses.get("book", stored.address_id)).street1 == "99 River Rd"

    copy = await client.addresses.copy("book", stored.address_id)
    assert copy.address_id not in (None, stored.address_id)
    assert _fields(copy) == _fields(moved)
    assert len(ledger(sim).tenant_of_key().addresses["book"]) == 2


def _fields(address: Address) -> dict[str, object]:
    return {k: getattr(address, k) for k in ("name", "attn", "street1", "street2", "city",
                                             "state", "postal_code", "country")}  # fmt: skip


async def test_unknown_collection_or_address_is_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError, match="collection 'nope' not found"):
        await client.addresses.get("nope", "ADDR-000001")
    stored = await client.addresses.create("book", HOME)
    with pytest.raises(NotFoundError, match="Address 'ADDR-999999' not found"):
        await client.addresses.get("book", "ADDR-999999")
    with pytest.raises(NotFoundError):
        await client.addresses.copy("other", stored.address_id or "")


async def test_bad_input_is_refused_before_io(sim: Simulator, client: ScanSourceClient) -> None:
    with pytest.raises(ValidationError, match="address_id"):
        await client.addresses.update("book", HOME)  # no address_id: which one?
    with pytest.raises(ValidationError):
        await client.addresses.create("", HOME)
    with pytest.raises(ValidationError, match="Address"):
        await client.addresses.create("book", {"Name": "x"})  # type: ignore[arg-type]
    assert len(sim.requests) == 0


async def test_a_create_is_never_retried(sim: Simulator) -> None:
    sim.set_faults(
        {"POST address/": FaultModel(error_rate=1.0, error_statuses=(503,), after_action=True)}
    )
    async with client_of(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.addresses.create("book", HOME)
        assert caught.value.operation == "addresses.create"
    assert len(sim.requests.filter(operation="addresses.create")) == 1
    assert len(ledger(sim).tenant_of_key().addresses["book"]) == 1  # it did happen, once


async def test_collections_are_kept_per_subscription_key() -> None:
    sim = Simulator(seed=3, catalog_size=100, subscription_keys=("key-one", "key-two"))
    async with client_of(sim) as one, client_of(sim, subscription_key="key-two") as two:
        stored = await one.addresses.create("book", HOME)
        assert await two.addresses.exists("book") is False
        with pytest.raises(NotFoundError):
            await two.addresses.get("book", stored.address_id or "")
