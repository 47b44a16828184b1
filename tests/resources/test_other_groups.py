"""Custom configs and Cisco DART against the simulator."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from scansource_async import BadRequestError, NotFoundError, ScanSourceClient
from scansource_async.testing import Simulator


async def test_custom_configs(sim: Simulator, client: ScanSourceClient) -> None:
    configs = await client.custom_configs.list()
    assert len(configs) == 5
    for config in configs:
        assert config.config_number
        assert isinstance(config.price, Decimal)
        assert config.price > 0
        assert isinstance(config.created_date, datetime)
        assert config.components
        assert config.components[0].item_number == config.base_item_number
        assert config.currency_code == "USD"
    assert sim.requests[-1].query == {"customerNumber": sim.customer_number}
    europe = await client.custom_configs.list(customer_number="1000003")
    assert {c.currency_code for c in europe} == {"EUR"}
    assert sim.requests[-1].query == {"customerNumber": "1000003"}


async def test_custom_configs_unknown_customer_is_400(client: ScanSourceClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.custom_configs.list(customer_number="999")
    assert caught.value.body == {"statusCode": 400, "message": "Invalid customer number '999'"}


async def test_cisco_dart(client: ScanSourceClient) -> None:
    deals = await client.cisco_dart.summary()
    assert len(deals) == 7
    assert all(isinstance(d.expiration_date, date) for d in deals)
    first = deals[0]
    assert first.deal_id
    detail = await client.cisco_dart.detail(first.deal_id)
    assert detail.deal_id == first.deal_id
    assert detail.deal_name == first.deal_name
    assert detail.lines
    for line in detail.lines:
        assert isinstance(line.list_price, Decimal)
        assert isinstance(line.discount_percent, Decimal)
        assert line.net_price is not None
        assert line.list_price is not None
        assert line.net_price < line.list_price
    with pytest.raises(NotFoundError, match="Deal '1' not found"):
        await client.cisco_dart.detail("1")
