"""SPA agreements through the public client against the simulator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scansource_async import (
    BadRequestError,
    NotFoundError,
    OutcomeUnknownError,
    ScanSourceClient,
    ServerError,
    SpaDetailRequest,
    SpaLineRequest,
    SpaRequest,
    SpaStatus,
    ValidationError,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .helpers import client_of, items, sent


def spa_request(sim: Simulator, **changes: object) -> SpaRequest:
    settings: dict[str, object] = {
        "sales_org": "1710",
        "mfg_code": "ZX",
        "end_user": "Greenville Clinic",
        "valid_from": date(2025, 7, 1),
        "valid_to": "2025-12-31",
        "description": "Clinic rollout",
        "agreement_type": "Volume",
        "lines": [
            SpaLineRequest(item_number=items(sim)[0], price=Decimal("99.50"), min_quantity=5),
            SpaLineRequest(item_number=items(sim)[1], price="12", max_quantity=40),
        ],
    }
    settings.update(changes)
    return SpaRequest(**settings)  # type: ignore[arg-type]


async def test_create_then_summary_and_detail(sim: Simulator, client: ScanSourceClient) -> None:
    created = await client.spa.create(spa_request(sim))
    assert created.status is SpaStatus.PENDING
    assert created.agreement_number
    assert created.deal_id
    body = sim.requests[-1].body
    assert body["CustomerNumber"] == sim.customer_number  # filled from the client's default
    assert body["ValidTo"] == "2025-12-31"
    assert body["Lines"][0]["Price"] == 99.5

    mine = await client.spa.summary(deal_id=created.deal_id)
    assert [a.agreement_number for a in mine] == [created.agreement_number]
    assert mine[0].valid_from == date(2025, 7, 1)

    detail = await client.spa.detail(SpaDetailRequest(agreement_number=created.agreement_number))
    assert detail.customer_number == sim.customer_number
    assert detail.status is SpaStatus.PENDING
    assert [line.price for line in detail.lines] == [Decimal("99.50"), Decimal("12.00")]
    assert detail.lines[0].min_quantity == 5
    assert detail.currency_code == "USD"
    assert sim.requests[-1].body == {
        "AgreementNumber": created.agreement_number,
        "CustomerNumber": sim.customer_number,
    }


async def test_summary_filters(sim: Simulator, client: ScanSourceClient) -> None:
    agreements = await client.spa.summary()
    assert len(agreements) == 8
    assert all(isinstance(a.valid_to, date) for a in agreements)
    assert {a.status for a in agreements} <= {SpaStatus.ACTIVE, SpaStatus.EXPIRED}
    kinds = {a.agreement_type for a in agreements}
    pick = sorted(k for k in kinds if k)[:2]
    chosen = await client.spa.summary(agreement_types=pick)
    assert chosen
    assert {a.agreement_type for a in chosen} <= set(pick)
    assert sim.requests[-1].query["agreementTypes"] == pick[-1]  # sent once per type
    one = agreements[0]
    assert one.valid_from is not None
    on_day = await client.spa.summary(valid_on=one.valid_from)
    assert one.agreement_number in [a.agreement_number for a in on_day]
    assert all(
        a.valid_from and a.valid_to and a.valid_from <= one.valid_from <= a.valid_to for a in on_day
    )


async def test_detail_unknown_is_404(client: ScanSourceClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.spa.detail(SpaDetailRequest(agreement_number="A-NOPE"))
    assert caught.value.body["message"] == "Agreement 'A-NOPE' not found"


async def test_create_with_unknown_item_is_400(sim: Simulator, client: ScanSourceClient) -> None:
    request = spa_request(sim, lines=[SpaLineRequest(item_number="GHOST-1", price=1)])
    with pytest.raises(BadRequestError, match=r"Lines\[0\]\.ItemNumber 'GHOST-1' not found"):
        await client.spa.create(request)


def test_request_validates_itself() -> None:
    sim = Simulator(seed=1, catalog_size=100)
    with pytest.raises(ValidationError, match="valid_to is before valid_from"):
        spa_request(sim, valid_to="2025-01-01")
    with pytest.raises(ValidationError, match="valid_to"):
        spa_request(sim, valid_to="31/12/2025")
    with pytest.raises(ValidationError, match="lines"):
        spa_request(sim, lines=[])
    with pytest.raises(ValidationError, match="sales_org"):
        spa_request(sim, sales_org="")
    with pytest.raises(ValidationError, match="price"):
        SpaLineRequest(item_number="SS1", price=1.5)  # a float has lost its exact value
    with pytest.raises(ValidationError, match="max_quantity"):
        SpaLineRequest(item_number="SS1", price=1, min_quantity=5, max_quantity=2)


async def test_create_never_retries_but_detail_does(sim: Simulator) -> None:
    created_before = len(ledger(sim).tenant_of_key().spas)
    sim.set_faults(FaultModel(error_rate=1.0, error_statuses=(503,), after_action=True))
    async with client_of(sim, max_retries=2) as client:
        with pytest.raises(OutcomeUnknownError):
            await client.spa.create(spa_request(sim))
        assert sent(sim, "POST", "spa") == 1
        assert len(ledger(sim).tenant_of_key().spas) == created_before + 1
        with pytest.raises(ServerError):
            await client.spa.detail(SpaDetailRequest(agreement_number="A000100001"))
        assert sent(sim, "POST", "spa/detail") == 3  # a read-only POST retries
