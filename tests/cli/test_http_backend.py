"""price-sheet --http-backend: the same sheet through either HTTP library."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scansource_async.testing import Simulator

from .clihelpers import (
    DEFAULT_CUSTOMER,
    assert_matches_oracle,
    catalog_items,
    cli_env,
    read_csv,
    run_cli,
    write_items,
)

KEY = "cli-backend-key-0123456789"


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_price_sheet_over_loopback_with_either_backend(tmp_path: Path, backend: str) -> None:
    rows = [(item, 2, "", "") for item in catalog_items(60)]
    items_csv = write_items(tmp_path / "items.csv", rows)
    sim = Simulator(subscription_keys=(KEY,), clients={})
    async with sim.serve() as url:
        env = cli_env(
            SCANSOURCE_SUBSCRIPTION_KEY=KEY,
            SCANSOURCE_BASE_URL=url,
            SCANSOURCE_CUSTOMER_NUMBER=DEFAULT_CUSTOMER,
        )
        args = ("price-sheet", items_csv, "-o", "prices.csv", "-q", "--http-backend", backend)
        done = await asyncio.to_thread(run_cli, *args, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert_matches_oracle(read_csv(tmp_path / "prices.csv"), read_csv(items_csv))
    assert len(sim.requests) >= 2  # 60 lines, 40 per request: it went over the wire


def test_an_unknown_backend_is_refused_by_the_parser(tmp_path: Path) -> None:
    items_csv = write_items(tmp_path / "items.csv", [(catalog_items(1)[0], 1, "", "")])
    done = run_cli(
        "price-sheet", items_csv, "-o", "p.csv", "--simulator", "--http-backend", "curl",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--http-backend" in done.stderr
