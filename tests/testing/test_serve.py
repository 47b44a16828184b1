"""Serving over loopback: URL, loopback-only, clean shutdown, dropped connections."""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest

from scansource_async.testing import FaultModel, Simulator

from .simhelpers import Api

pytestmark = pytest.mark.loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
async def test_only_loopback_hosts(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        async with Simulator(api_layout="legacy").serve(host=host):
            pass


async def test_serve_yields_a_base_url_and_stops_cleanly() -> None:
    sim = Simulator(api_layout="legacy")
    before = asyncio.all_tasks()
    async with sim.serve() as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        async with httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("customer/1000001")).status_code == 401
    assert asyncio.all_tasks() == before
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(base_url=url) as http:
            await http.get("customer/1000001")


async def test_two_servers_at_once() -> None:
    async with (
        Simulator(api_layout="legacy", seed=1).serve() as one,
        Simulator(api_layout="legacy", seed=2).serve() as two,
    ):
        assert one != two


async def test_stops_while_a_client_keeps_its_connection_open() -> None:
    sim = Simulator(api_layout="legacy")
    async with httpx.AsyncClient() as http:
        async with sim.serve() as url:
            assert (await http.get(url + "customer/1000001")).status_code == 401
        # the server closed the idle keep-alive connection on its way out
        with pytest.raises(httpx.TransportError):
            await http.get(url + "customer/1000001")


async def test_drop_closes_the_socket_quietly(caplog: pytest.LogCaptureFixture) -> None:
    sim = Simulator(api_layout="legacy", faults={"GET customer": FaultModel(drop_rate=1.0)})
    with caplog.at_level(logging.INFO):
        async with sim.serve() as url, httpx.AsyncClient(base_url=url) as http:
            api = Api(sim, http, "loopback")
            with pytest.raises(httpx.RemoteProtocolError):
                await api.get("customer/1000001")
            assert (await api.get("partnerprofile/validate")).status_code == 400  # still serving
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert errors == []
    assert sim.requests.filter(fault="drop")[0].status == 0
