"""price-sheet shard workers sharing one rate through Redis (--redis-url)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from benchmarks._redis_server import RedisServer
from tests.cli.clihelpers import catalog_items, cli_command, cli_env, read_csv, write_items

RATE = 40.0
ROWS = 240  # one line per request: 240 requests for both workers together


def test_shard_workers_share_one_rate_through_redis(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    items = write_items(tmp_path / "items.csv", [(item, 1) for item in catalog_items(ROWS)])
    log = tmp_path / "requests.jsonl"
    workers = [
        subprocess.Popen(
            cli_command(
                "price-sheet",
                items,
                "-o",
                tmp_path / f"shard{k}.csv",
                "--simulator",
                "--shard",
                f"{k}/2",
                "--chunk-size",
                "1",
                "--rate",
                str(RATE),
                "--redis-url",
                redis_server.url,
            ),
            cwd=tmp_path,
            env=cli_env(SCANSOURCE_SIMULATOR_REQUEST_LOG=str(log)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in (1, 2)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=60)
        assert worker.returncode == 0, stderr
    sent = sorted(json.loads(line)["started"] for line in log.read_text().splitlines())
    assert len(sent) == ROWS

    priced = [row for k in (1, 2) for row in read_csv(tmp_path / f"shard{k}.csv")]
    assert sorted(int(row["index"]) for row in priced) == list(range(ROWS))
    assert all(row["status"] == "priced" for row in priced)
    # 240 requests at one shared 40/s span about 5 s after the first burst; two workers with a
    # rate each would send theirs in about 2 s each, overlapping.
    span = sent[-1] - sent[0]
    assert span >= (ROWS - RATE) / RATE * 0.85, span
