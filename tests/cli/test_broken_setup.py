"""``price-sheet`` tells a broken setup (exit 3, one line, nothing written) from a partial
failure (exit 1, the failed rows in the failures file)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from .clihelpers import (
    ServedSimulator,
    catalog_items,
    cli_env,
    read_csv,
    run_cli,
    summary,
    write_items,
)

pytestmark = pytest.mark.loopback

ROWS = 2000


def _items(tmp_path: Path) -> Path:
    return write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(ROWS)])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _one_line_naming(stderr: str, *words: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "nothing was priced" in lines[0]
    assert "scansource-async doctor" in lines[0]
    for word in words:
        assert word in lines[0]


def test_wrong_key_exits_3_within_a_few_requests(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    env = cli_env(**{**served.env(), "SCANSOURCE_SUBSCRIPTION_KEY": "not-the-key-0123456789"})
    (tmp_path / "p.csv").write_text("the sheet of yesterday\n")
    result = run_cli("price-sheet", _items(tmp_path), "-o", "p.csv", cwd=tmp_path, env=env)
    assert result.returncode == 3, result.stderr
    _one_line_naming(result.stderr, "authentication failed (401)", "SCANSOURCE_SUBSCRIPTION_KEY")
    assert "not-the-key-0123456789" not in result.stderr + result.stdout
    # Counted from the server's side: one pricing request, refused, and its one retry with a
    # fresh token (a 401 may be an expired token), not ROWS / 40 = 50 requests.
    log = served.requests()
    pricing = [entry for entry in log if entry["path"] != "oauth2/v2.0/token"]
    assert [entry["status"] for entry in pricing] == [401, 401]
    assert len(log) <= 4
    # Nothing written: yesterday's sheet is untouched and no failures file of 2000 rows.
    assert (tmp_path / "p.csv").read_text() == "the sheet of yesterday\n"
    assert not (tmp_path / "p.failures.csv").exists()


def test_unknown_route_exits_3_after_one_request(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    settings = served.env()
    settings["SCANSOURCE_BASE_URL"] = served.base_url + "no/such/prefix/"
    result = run_cli("price-sheet", _items(tmp_path), "-o", "p.csv", cwd=tmp_path,
                     env=cli_env(**settings))  # fmt: skip
    assert result.returncode == 3, result.stderr
    _one_line_naming(result.stderr, "unknown route (404)", "SCANSOURCE_BASE_URL")
    pricing = [entry for entry in served.requests() if entry["path"] != "oauth2/v2.0/token"]
    assert [entry["status"] for entry in pricing] == [404]
    assert not (tmp_path / "p.csv").exists()


def test_unreachable_host_exits_3(tmp_path: Path) -> None:
    env = cli_env(
        SCANSOURCE_SUBSCRIPTION_KEY="some-key-0123456789",
        SCANSOURCE_CUSTOMER_NUMBER="1000001",
        SCANSOURCE_BASE_URL=f"http://127.0.0.1:{_closed_port()}/",
        SCANSOURCE_MAX_RETRIES="1",
    )
    result = run_cli("price-sheet", _items(tmp_path), "-o", "p.csv", cwd=tmp_path, env=env)
    assert result.returncode == 3, result.stderr
    _one_line_naming(result.stderr, "unreachable")
    assert not (tmp_path / "p.failures.csv").exists()


def test_a_working_setup_with_failed_rows_is_a_partial_failure(
    serve_simulator: Callable[..., ServedSimulator], tmp_path: Path
) -> None:
    served = serve_simulator()
    write_items(tmp_path / "items.csv", [("NOSUCH-1", 1, "", ""), *[
        (item, 1, "", "") for item in catalog_items(50)]])  # fmt: skip
    result = run_cli("price-sheet", "items.csv", "-o", "p.csv", "--env-file", served.env_file,
                     cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert summary(result.stdout)["failed"] == "1"
    assert [row["item_number"] for row in read_csv(tmp_path / "p.failures.csv")] == ["NOSUCH-1"]
