"""``scansource-async doctor`` against the simulator served on loopback, as a user runs it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scansource_async.resources._endpoints import ENDPOINTS

from .clihelpers import cli_env, run_cli
from .conftest import ServedSimulator

pytestmark = pytest.mark.loopback

TOKEN_PATH = "oauth2/v2.0/token"


def _doctor(
    served: ServedSimulator, tmp_path: Path, *args: str, **env: str
) -> tuple[Any, dict[str, Any]]:
    """Run ``doctor --json`` with the served simulator's settings (``env`` overrides them)."""
    report = tmp_path / "report.json"
    result = run_cli(
        "doctor", "--json", report, *args, cwd=tmp_path, env=cli_env(**{**served.env(), **env})
    )
    return result, json.loads(report.read_text()) if report.exists() else {}


def _checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["name"]: check for check in report["checks"]}


def test_every_check_passes_against_a_working_setup(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    result, report = _doctor(served, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["ok"] is True
    checks = _checks(report)
    assert all(check["ok"] for check in report["checks"]), result.stdout
    assert set(report["checks"][0]) == {
        "name", "ok", "status", "latency_ms", "request_id", "detail", "essential",
    }  # fmt: skip
    assert checks["tls 127.0.0.1"]["detail"].endswith("skipped: http:// on loopback, no TLS")
    assert checks["token"]["detail"] == "fetched, lifetime 3600 s"
    for name in ("products.search", "products.pricing", "products.availability"):
        assert checks[name]["status"] == 200
        assert checks[name]["request_id"]  # the simulator's Request-Id header
        assert checks[name]["latency_ms"] > 0
    # The table says the same, one line per check.
    for name, check in checks.items():
        line = next(line for line in result.stdout.splitlines() if line.startswith(name + " "))
        assert re.search(r"\s ok\s", line), line
        assert check["detail"] in line
    assert report["suggested"] == {"SCANSOURCE_MAX_RATE": "10"}


def test_probe_lines_finds_the_servers_limit_and_suggests_it(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-lines", "50")
    result, report = _doctor(served, tmp_path, "--probe-lines", "--write-env", "suggested.env")
    assert result.returncode == 0, result.stdout + result.stderr
    check = _checks(report)["lines per request"]
    assert check["ok"] is True
    assert check["detail"].startswith("largest accepted: 50 lines; 51 refused")
    assert report["suggested"]["SCANSOURCE_CHUNK_SIZE"] == "50"
    assert "SCANSOURCE_CHUNK_SIZE=50" in (tmp_path / "suggested.env").read_text().splitlines()
    # The one-item pricing check, then grown 40, 50, 80 (refused), narrowed 65, 57, 53, 51.
    pricing = [entry["status"] for entry in served.requests() if entry["path"].endswith("pricing")]
    assert pricing == [200, 200, 200, 400, 400, 400, 400, 400]


def test_a_wrong_client_secret_fails_the_token_check(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    result, report = _doctor(served, tmp_path, SCANSOURCE_CLIENT_SECRET="wrong-secret-4242")
    assert result.returncode == 1
    assert report["ok"] is False
    token = _checks(report)["token"]
    assert token["ok"] is False
    assert token["status"] == 401
    assert token["detail"].startswith("refused (401): invalid_client")
    assert "check SCANSOURCE_CLIENT_ID and SCANSOURCE_CLIENT_SECRET" in token["detail"]
    assert "doctor: 1 essential check(s) failed: token" in result.stdout
    # Nothing else is tried with credentials known to be wrong.
    assert [entry["path"] for entry in served.requests()] == [TOKEN_PATH]


def _read_only_routes() -> list[tuple[str, re.Pattern[str]]]:
    """(method, path pattern) of every operation the table marks as only reading, in every
    layout the table knows."""
    routes = []
    for endpoint in ENDPOINTS.values():
        if endpoint.method == "GET" or (endpoint.method == "POST" and endpoint.retry_safe):
            for path in _paths(endpoint):
                pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path))
                routes.append((endpoint.method, re.compile(pattern)))
    return routes


def _paths(endpoint: Any) -> list[str]:
    # One path per operation, or one per URL layout (a table with layouts has route(layout)).
    if not hasattr(endpoint, "route"):
        return [endpoint.path]
    found = (endpoint.route(layout) for layout in ("gateway", "legacy"))
    return [route.path for route in found if route is not None]


def test_a_doctor_run_only_reads(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-lines", "45")
    result, _ = _doctor(served, tmp_path, "--probe-lines")
    assert result.returncode == 0, result.stdout + result.stderr
    log = served.requests()
    assert log
    read_only = _read_only_routes()
    for entry in log:
        if entry["path"] == TOKEN_PATH:
            continue
        assert entry["method"] in ("GET", "POST"), entry
        assert any(
            method == entry["method"] and pattern.fullmatch(entry["path"])
            for method, pattern in read_only
        ), entry


def test_no_secret_in_the_table_the_report_or_the_env_file(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-lines", "45")
    secrets = served.env()
    key, secret = secrets["SCANSOURCE_SUBSCRIPTION_KEY"], secrets["SCANSOURCE_CLIENT_SECRET"]
    result, report = _doctor(served, tmp_path, "--probe-lines", "--write-env", "suggested.env")
    assert result.returncode == 0, result.stdout + result.stderr
    written = (tmp_path / "suggested.env").read_text()
    assert "SCANSOURCE_CHUNK_SIZE=45" in written
    for text in (result.stdout, result.stderr, json.dumps(report), written):
        assert key not in text
        assert secret not in text
    assert "SUBSCRIPTION_KEY" not in written and "CLIENT_SECRET" not in written
    # A failing run (the API refuses the key) says so without echoing it either.
    bad, bad_report = _doctor(served, tmp_path, SCANSOURCE_SUBSCRIPTION_KEY="wrong-key-0987654321")
    assert bad.returncode == 1
    assert _checks(bad_report)["products.search"]["status"] == 401
    assert "wrong-key-0987654321" not in bad.stdout + json.dumps(bad_report)


def test_an_unreachable_api_host_fails_at_tcp_and_skips_the_rest(tmp_path: Path) -> None:
    env = cli_env(
        SCANSOURCE_SUBSCRIPTION_KEY="some-key-0123456789",
        SCANSOURCE_CUSTOMER_NUMBER="1000001",
        SCANSOURCE_BASE_URL="http://127.0.0.1:9/",
    )
    result = run_cli("doctor", "--json", "r.json", cwd=tmp_path, env=env)
    assert result.returncode == 1
    checks = _checks(json.loads((tmp_path / "r.json").read_text()))
    assert checks["tcp 127.0.0.1:9"]["ok"] is False
    assert "cannot connect" in checks["tcp 127.0.0.1:9"]["detail"]
    assert checks["operations"]["detail"].startswith("skipped")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = run_cli("doctor", "--env-file", "nope.env", cwd=tmp_path, env=cli_env())
    assert missing.returncode == 2
    assert "nope.env: cannot read" in missing.stderr
    unknown = run_cli("doctor", "--no-such-option", cwd=tmp_path, env=cli_env())
    assert unknown.returncode == 2


def test_missing_configuration_is_a_failed_check(tmp_path: Path) -> None:
    result = run_cli("doctor", cwd=tmp_path, env=cli_env())
    assert result.returncode == 1
    assert "missing SCANSOURCE_SUBSCRIPTION_KEY, SCANSOURCE_CUSTOMER_NUMBER" in result.stdout
