"""A server that tries to exhaust the client's memory or hold an attempt forever: the size cap
(counted after decompression) and the whole-attempt timer hold on both backends."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scansource_async import (
    APITimeoutError,
    InvalidResponseError,
    ResponseTooLargeError,
    ScanSourceClient,
    Timeout,
)

from .hostile import bomb_handler, drip_handler, serve

KEY = "hostile-test-key-123"
HOSTILE = Path(__file__).with_name("hostile.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("case", ["gzip_bomb", "big_body"])
def test_a_gzip_bomb_or_a_huge_body_ends_typed_without_eating_memory(
    backend: str, case: str
) -> None:
    # A child process: its peak RSS is the client's alone (1 GiB bomb, 200 MB body).
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    run = subprocess.run(
        [sys.executable, str(HOSTILE), backend, case],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["error"] == "ResponseTooLargeError"
    assert figures["limit"] == 32 * 1024 * 1024
    assert figures["requests"] == 1  # not retried
    assert figures["rss_growth_mib"] < 100, figures


async def test_a_small_gzip_body_is_decoded_and_counted_decoded(backend: str) -> None:
    data = json.dumps({"items": ["x" * 50] * 100}).encode()
    packed = gzip.compress(data)
    async with serve(bomb_handler(packed)) as url:
        async with ScanSourceClient(
            subscription_key=KEY, base_url=url, http_backend=backend
        ) as client:
            assert await client.request("GET", "x") == json.loads(data)
        # Under the cap compressed, over it decoded: the decoded size is what counts.
        assert len(packed) < 1000 < len(data)
        async with ScanSourceClient(
            subscription_key=KEY, base_url=url, http_backend=backend, max_response_bytes=1000
        ) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.request("GET", "x")


async def test_a_corrupt_gzip_body_is_an_invalid_response(backend: str) -> None:
    async with serve(bomb_handler(b"\x1f\x8b\x08\x00not gzip at all")) as url:
        async with ScanSourceClient(
            subscription_key=KEY, base_url=url, http_backend=backend
        ) as client:
            with pytest.raises(InvalidResponseError, match="gzip"):
                await client.request("GET", "x")
            assert client.stats.requests == 1


async def test_one_byte_per_second_ends_at_the_total_timeout(backend: str) -> None:
    async with serve(drip_handler(length=1000, interval=1.0)) as url:
        async with ScanSourceClient(
            subscription_key=KEY,
            base_url=url,
            http_backend=backend,
            timeout=Timeout(read=5, total=2),
            max_retries=0,
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="longer than 2"):
                await client.request("GET", "x")
            elapsed = time.monotonic() - started
            assert 2.0 <= elapsed < 2.5, elapsed
            assert client.pipeline.in_flight == 0
            await asyncio.sleep(0)
            assert client.pipeline.connections_in_use() == 0
