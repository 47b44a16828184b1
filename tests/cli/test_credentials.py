"""Credentials from an ``--env-file`` (or the environment): used, and never printed."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from .clihelpers import ServedSimulator, catalog_items, cli_env, run_cli, summary, write_items

SECRET = "sk-do-not-print-0123456789"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.loopback
def test_env_file_credentials_are_used_and_never_printed(
    tmp_path: Path, serve_simulator: Callable[..., ServedSimulator]
) -> None:
    served = serve_simulator()
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(5)])
    (tmp_path / "creds.env").write_text(
        "# the job's account\n"
        f"export SCANSOURCE_SUBSCRIPTION_KEY='{SECRET}'\n"
        "SCANSOURCE_CUSTOMER_NUMBER=1000001\n"
        f"SCANSOURCE_BASE_URL={served.base_url}\n"
    )
    # The file wins over the environment, whose key the simulator would accept.
    env = cli_env(**{**served.env(), "SCANSOURCE_BASE_URL": f"http://127.0.0.1:{_closed_port()}/"})
    result = run_cli(
        "price-sheet", "items.csv", "-o", "p.csv", "--env-file", "creds.env", cwd=tmp_path, env=env
    )
    assert result.returncode == 3, result.stderr
    assert "authentication failed (401)" in result.stderr
    assert [entry["status"] for entry in served.requests() if "pricing" in entry["path"]] == [
        401,
        401,
    ]
    assert SECRET not in result.stdout + result.stderr
    assert not (tmp_path / "p.csv").exists()


def test_simulator_flag_never_reaches_a_configured_api(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(5)])
    env = cli_env(SCANSOURCE_SUBSCRIPTION_KEY=SECRET, SCANSOURCE_BASE_URL="http://127.0.0.1:9/")
    result = run_cli(
        "price-sheet", "items.csv", "-o", "p.csv", "--simulator", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["priced"] == "5"


def test_a_bad_setting_names_its_variable_never_its_value(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(2)])
    hidden = "user:hunter2-password@api.example.invalid"
    env = cli_env(SCANSOURCE_SUBSCRIPTION_KEY=SECRET, SCANSOURCE_BASE_URL=f"ftp://{hidden}/")
    result = run_cli("price-sheet", "items.csv", "-o", "p.csv", cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    assert "SCANSOURCE_BASE_URL" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "p.csv").exists()
