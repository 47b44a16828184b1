"""``scansource-async doctor`` against the simulator served on loopback, as a user runs it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scansource_async.resources._endpoints import API_LAYOUTS, ENDPOINTS

from .clihelpers import ServedSimulator, cli_env, run_cli

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
    assert checks["layout"]["detail"] == "the gateway routes answer"
    # Every read-only operation of the gateway layout has its line, with the request's id.
    for name in (n for n, e in ENDPOINTS.items() if e.read_only and e.route("gateway")):
        assert checks[name]["ok"] and checks[name]["request_id"], checks[name]
    assert checks["carts.exists"]["detail"] == "answered: False"  # a random key
    assert report["suggested"] == {"SCANSOURCE_MAX_RATE": "10"}


@pytest.mark.slow
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
    assert "wrong-secret-4242" not in result.stdout + result.stderr + json.dumps(report)
    # Nothing else is tried with credentials known to be wrong.
    assert [entry["path"] for entry in served.requests()] == [TOKEN_PATH]


def _operation_of(method: str, path: str) -> str | None:
    """The operation of the table whose route (in either layout) this request took."""
    for name, endpoint in ENDPOINTS.items():
        for layout in API_LAYOUTS:
            route = endpoint.route(layout)
            if route is None or route.method != method:
                continue
            pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(route.path))
            if re.fullmatch(pattern, path):
                return name
    return None


def test_a_doctor_run_only_reads(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-lines", "45")
    result, report = _doctor(served, tmp_path, "--probe-lines")
    assert result.returncode == 0, result.stdout + result.stderr
    called = set()
    for entry in served.requests():
        if entry["path"] == TOKEN_PATH:
            continue
        name = _operation_of(entry["method"], entry["path"])
        assert name is not None, entry
        assert ENDPOINTS[name].read_only, entry  # never a create, update, delete or cancel
        assert not re.search(r"create|update|delete|cancel|clear|copy|move|switch|subscribe",
                             name), entry  # fmt: skip
        called.add(name)
    # ...and every read-only operation of the table was probed, each once in the report.
    read_only = {
        name
        for name, endpoint in ENDPOINTS.items()
        if endpoint.read_only and endpoint.route("gateway") is not None
    }
    assert called == read_only
    reported = [check["name"] for check in report["checks"]]
    assert all(reported.count(name) == 1 for name in read_only)


def test_read_only_is_derived_from_method_and_retry_safety() -> None:
    for name, endpoint in ENDPOINTS.items():
        writes = endpoint.method in ("PUT", "DELETE", "PATCH") or not endpoint.retry_safe
        if writes or endpoint.upsert:
            assert not endpoint.read_only, name
    assert not ENDPOINTS["carts.set_checkout_info"].read_only  # an upsert POST
    assert not ENDPOINTS["sales_orders.cancel"].read_only
    assert ENDPOINTS["products.pricing"].read_only  # a POST that only reads
    assert ENDPOINTS["sales_orders.ship_quote"].read_only


def test_a_legacy_api_is_detected_from_a_gateway_configured_doctor(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--api-layout", "legacy")
    assert served.env()["SCANSOURCE_API_LAYOUT"] == "legacy"
    result, report = _doctor(served, tmp_path, "--api-layout", "gateway", "--write-env", "s.env")
    assert result.returncode == 1
    assert report["layout"] == "gateway"
    checks = _checks(report)
    assert checks["products.search"]["status"] == 404
    assert checks["products.search"]["detail"].startswith("route unknown")
    layout = checks["layout"]
    assert layout["ok"] is False
    assert layout["status"] == 200
    assert layout["detail"].endswith("set SCANSOURCE_API_LAYOUT=legacy")
    assert report["suggested"]["SCANSOURCE_API_LAYOUT"] == "legacy"
    assert "SCANSOURCE_API_LAYOUT=legacy" in (tmp_path / "s.env").read_text().splitlines()
    # The other operations are not tried in a layout known to be wrong.
    assert checks["operations"]["detail"] == "skipped: set SCANSOURCE_API_LAYOUT=legacy first"
    assert len(served.requests()) <= 4  # token, the search in each layout (+ nothing else)
    # With the suggested setting, every check passes.
    gateway = cli_env(**{**served.env(), "SCANSOURCE_API_LAYOUT": "gateway"})
    fixed = run_cli("doctor", "--env-file", "s.env", cwd=tmp_path, env=gateway)
    assert fixed.returncode == 0, fixed.stdout


@pytest.mark.slow
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


@pytest.mark.parametrize(
    "proxy_env",
    [
        {"SCANSOURCE_PROXY": "http://user:proxy-secret-123@127.0.0.1:9"},
        {"HTTP_PROXY": "http://user:proxy-secret-123@127.0.0.1:9", "NO_PROXY": ""},
    ],
)
def test_behind_a_proxy_the_proxy_is_checked_not_the_host_behind_it(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path, proxy_env: dict[str, str]
) -> None:
    served = serve_simulator()
    port = served.base_url.rstrip("/").rsplit(":", 1)[1]
    result, report = _doctor(served, tmp_path, **proxy_env)
    assert result.returncode == 1
    checks = _checks(report)
    # The client would only ever connect to the proxy (nothing listens on port 9).
    assert checks["tcp 127.0.0.1:9"]["ok"] is False
    assert checks["tcp 127.0.0.1:9"]["detail"].startswith("API and token proxy host: cannot")
    assert f"tcp 127.0.0.1:{port}" not in checks
    assert checks["tls 127.0.0.1"]["detail"] == (
        "API and token host: skipped: reached through the proxy 127.0.0.1:9"
    )
    assert checks["token"]["detail"] == "skipped: a host is unreachable"
    assert "proxy-secret-123" not in result.stdout + result.stderr + json.dumps(report)


def test_no_proxy_sends_the_checks_straight_to_the_host(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    port = served.base_url.rstrip("/").rsplit(":", 1)[1]
    result, report = _doctor(
        served, tmp_path, HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1"
    )
    assert result.returncode == 0, result.stdout
    checks = _checks(report)
    assert checks[f"tcp 127.0.0.1:{port}"]["ok"] is True
    assert "tcp 127.0.0.1:9" not in checks


def test_a_failed_host_does_not_hide_the_checks_of_the_next_one(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    port = served.base_url.rstrip("/").rsplit(":", 1)[1]
    result, report = _doctor(served, tmp_path, SCANSOURCE_BASE_URL="http://127.0.0.1:9/")
    assert result.returncode == 1
    checks = _checks(report)
    assert checks["tcp 127.0.0.1:9"]["ok"] is False
    # The token host is checked and reported too, though the API host failed first.
    assert checks[f"tcp 127.0.0.1:{port}"]["ok"] is True
    assert checks[f"tcp 127.0.0.1:{port}"]["detail"] == "token host: connected"


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


@pytest.mark.slow
def test_rate_limit_signals_give_a_lower_suggested_rate(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator("--max-rate", "4")
    result, report = _doctor(served, tmp_path, SCANSOURCE_MAX_RATE="20")
    # 429s are waited out (Retry-After) and the probe tried again: no operation fails for them.
    assert result.returncode == 0, result.stdout
    assert all(check["ok"] for check in report["checks"]), result.stdout
    check = _checks(report)["rate limit"]
    assert re.match(r"\d+ x 429 at 16 req/s \(Retry-After 1\)", check["detail"]), check
    assert "retry-after-ms" in check["detail"]  # the headers seen are listed
    suggested = float(report["suggested"]["SCANSOURCE_MAX_RATE"])
    assert 0 < suggested <= 4  # at most what the server let through
    assert sum(entry["status"] == 429 for entry in served.requests()) >= 1


def test_a_wrong_base_url_answers_in_neither_layout(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    result, report = _doctor(served, tmp_path, SCANSOURCE_BASE_URL=served.base_url + "api/")
    assert result.returncode == 1
    layout = _checks(report)["layout"]
    assert layout["ok"] is False
    assert layout["detail"].startswith("neither layout's routes answer (gateway: 404, legacy: 404)")
    assert "SCANSOURCE_API_LAYOUT" not in report["suggested"]
