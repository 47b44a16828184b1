"""A hostile server over loopback: it echoes the subscription key and the bearer token into
every place it can (item errors, product fields, error bodies, request ids, response headers),
and nothing of it reaches a sheet, a failures file, a log line (httpcore DEBUG included) or an
error. The autouse ``watch`` fixture scans every log record of the run."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from scansource_async import NotFoundError, ScanSourceClient
from scansource_async.cli._job import JobSettings, run_job
from scansource_async.cli._progress import NullProgress
from scansource_async.cli._setup import Connection
from scansource_async.testing._serve import serve_app

from .harness import CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION_KEY, SecretWatch

TOKEN = "ECHOTOKEN-4c2e8a0f6b1d3e5f7a9c"


def _echo(request: Request) -> str:
    key = request.headers.get("ocp-apim-subscription-key", "")
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
    return f"key={key} token={bearer}"


def _product(item: str, echo: str) -> dict[str, Any]:
    failed = "bad" in item
    return {
        "ItemNumber": item,
        "Cost": "1.00",
        "UnitPrice": "2.00",
        "UnitPriceCurrencyCode": "USD",
        "SPA": True,
        "SPADescription": f"deal for {echo}",
        "InventoryDisplay": echo,
        "PricingError": failed,
        "PricingErrorDesc": f"Item # not found ({echo})" if failed else None,
        "DealInfos": [{"DealID": "D1", "DealDescription": echo, "DealError": False}],
    }


async def _handle(request: Request) -> JSONResponse:
    echo = _echo(request)
    key = request.headers.get("ocp-apim-subscription-key", "none")
    headers = {"X-Echo-Key": key, "Request-Id": key, "X-Echo": echo.replace(" ", "_")}
    path = request.url.path
    if path.endswith("/token"):
        form = parse_qs((await request.body()).decode())
        body = {"access_token": TOKEN, "expires_in": 3600, "echo": str(form)}
        return JSONResponse(body, headers={"X-Echo": form["client_secret"][0]})
    if "pricing" in path:
        lines = (await request.json())["Lines"]
        return JSONResponse([_product(line["ItemNumber"], echo) for line in lines], headers=headers)
    return JSONResponse(
        {"message": f"no such thing: {echo}", "detail": {"seen": [echo, key]}},
        status_code=404,
        headers={**headers, "Request-Id": request.headers.get("authorization", "")},
    )


APP = Starlette(routes=[Route("/{path:path}", _handle, methods=["GET", "POST"])])


def _client(base_url: str) -> ScanSourceClient:
    return ScanSourceClient(
        subscription_key=SUBSCRIPTION_KEY,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_url=base_url + "oauth/token",
        base_url=base_url,
        customer_number="1000001",
        max_retries=0,
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
def http_log() -> Any:
    """httpx's and httpcore's DEBUG lines, as the watch's handler sees them."""
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    for logger in loggers:
        logger.addHandler(collect)
    yield collect
    for logger in loggers:
        logger.removeHandler(collect)


async def test_an_echoing_server_leaks_nothing_into_errors_or_logs(
    watch: SecretWatch, http_log: _Collect
) -> None:
    watch.tokens.add(TOKEN)
    async with serve_app(APP) as base_url, _client(base_url) as client:
        with pytest.raises(NotFoundError) as info:
            await client.request("GET", "anything")
        results = await client.products.price_many(["ok-1", "bad-1"])
    error = info.value
    item_error = results[1].error
    assert item_error is not None
    watch.exception(error)
    watch.exception(item_error)
    watch.reprs(error.args, error.body, error.request_id, item_error.args)
    assert "key=*** token=***" in str(item_error)
    assert "***" in str(error) and "***" in json.dumps(error.body)
    assert error.request_id == "Bearer ***"
    # httpcore logged the echoed response headers, redacted.
    echoed = [line for line in http_log.lines if "x-echo-key" in line]
    assert echoed and all("***" in line for line in echoed)
    assert watch.lines > 10


async def test_an_echoing_server_leaks_nothing_into_the_sheet_or_failures_file(
    watch: SecretWatch, tmp_path: Path
) -> None:
    watch.tokens.add(TOKEN)
    items = tmp_path / "items.csv"
    rows = [("ok-1", 1), ("bad-1", 2), ("=HYPERLINK(bad)", 1), ("ok-2", 3)]
    text = io.StringIO()
    csv.writer(text).writerows([("item_number", "quantity"), *rows])
    items.write_text(text.getvalue(), encoding="utf-8")
    settings = JobSettings(
        items=items,
        resume=None,
        output=tmp_path / "prices.csv",
        failures=tmp_path / "prices.failures.csv",
        format="csv",
    )
    async with serve_app(APP) as base_url:
        summary = await run_job(settings, lambda: Connection(_client(base_url)), NullProgress())
    assert not summary.interrupted
    assert (summary.priced, summary.failed) == (2, 2)
    sheet = (tmp_path / "prices.csv").read_text(encoding="utf-8")
    failures = (tmp_path / "prices.failures.csv").read_text(encoding="utf-8")
    watch.output(sheet, "sheet")
    watch.output(failures, "failures file")
    assert sheet.count("key=*** token=***") >= 8  # every echo was there, and redacted
    assert "Item # not found (key=*** token=***)" in failures
    # A cell a spreadsheet would run is neutralised; the failures file keeps the input as read.
    assert "'=HYPERLINK(bad)" in sheet
    assert ",=HYPERLINK(bad)," in failures
