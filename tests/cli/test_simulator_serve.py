"""``simulator serve`` tells a client how to reach it, and logs what it answered."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .clihelpers import ServedSimulator, catalog_items, cli_env, run_cli, summary, write_items

pytestmark = pytest.mark.loopback


def test_serve_prints_and_writes_the_settings_a_client_needs(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-lines", "25")
    env = served.env()
    assert served.stdout_lines == [f"{name}={value}" for name, value in env.items()]
    assert env["SCANSOURCE_BASE_URL"] == served.base_url
    assert env["SCANSOURCE_TOKEN_URL"] == served.base_url + "oauth2/v2.0/token"
    assert env["SCANSOURCE_CUSTOMER_NUMBER"] == "1000001"
    assert env["SCANSOURCE_API_LAYOUT"] == "gateway"
    for name in ("SCANSOURCE_SUBSCRIPTION_KEY", "SCANSOURCE_CLIENT_ID", "SCANSOURCE_CLIENT_SECRET"):
        assert env[name]
    assert stat.S_IMODE(served.env_file.stat().st_mode) == 0o600

    # The env file alone is enough: a price sheet runs against it on the first attempt.
    items = catalog_items(30)
    write_items(tmp_path / "items.csv", [(item, 2, "", "") for item in items])
    result = run_cli(
        "price-sheet", "items.csv", "-o", "p.csv", "--env-file", served.env_file, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["priced"] == "30"

    # One JSON line per request, 401s and 400s included: method, path, query, status.
    log = served.requests()
    assert log[0]["path"] == "oauth2/v2.0/token"
    pricing = [entry for entry in log if entry["path"].endswith("pricing")]
    assert {entry["method"] for entry in pricing} == {"POST"}
    assert all(set(entry) == {"method", "path", "query", "status"} for entry in log)
    # 30 lines in one request are above the 25 allowed: refused (400), then sent as 15 + 15.
    assert [entry["status"] for entry in pricing] == [400, 200, 200]
    before = len(log)
    bad = run_cli(
        "price-sheet",
        "items.csv",
        "-o",
        "q.csv",
        cwd=tmp_path,
        env=cli_env(**{**env, "SCANSOURCE_CLIENT_SECRET": "wrong-secret-value"}),
    )
    assert bad.returncode == 3
    assert [entry["status"] for entry in served.requests()[before:]] == [401]
    assert "wrong-secret-value" not in served.request_log.read_text()


def test_serve_help_describes_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scansource_async", "simulator", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert result.returncode == 0
    text = result.stdout
    for option in ("--env-file", "--request-log", "--max-lines", "--max-rate", "--port"):
        assert option in text
    assert "SCANSOURCE_" in text
    assert "JSON line per request" in text
