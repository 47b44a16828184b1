"""Credentials from an ``--env-file`` (or the environment): used, and never printed."""

from __future__ import annotations

import socket
from pathlib import Path

from .clihelpers import catalog_items, cli_env, read_csv, run_cli, summary, write_items

SECRET = "sk-do-not-print-0123456789"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_env_file_credentials_are_used_and_never_printed(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(5)])
    (tmp_path / "creds.env").write_text(
        "# the job's account\n"
        f"export SCANSOURCE_SUBSCRIPTION_KEY='{SECRET}'\n"
        "SCANSOURCE_CUSTOMER_NUMBER=1000001\n"
        f"SCANSOURCE_BASE_URL=http://127.0.0.1:{_closed_port()}/\n"
        "SCANSOURCE_MAX_RETRIES=0\n"
    )
    # The file wins over the environment.
    env = cli_env(SCANSOURCE_MAX_RETRIES="5", SCANSOURCE_SUBSCRIPTION_KEY="from-the-environment")
    result = run_cli(
        "price-sheet", "items.csv", "-o", "p.csv", "--env-file", "creds.env", cwd=tmp_path, env=env
    )
    assert result.returncode == 1, result.stderr
    counts = summary(result.stdout)
    assert (counts["failed"], counts["retries"]) == ("5", "0")
    sheet = read_csv(tmp_path / "p.csv")
    assert all(row["error"].startswith("APIConnectionError") for row in sheet)
    written = (tmp_path / "p.csv").read_text() + (tmp_path / "p.failures.csv").read_text()
    for text in (result.stdout, result.stderr, written):
        assert SECRET not in text
        assert "from-the-environment" not in text


def test_simulator_flag_never_reaches_a_configured_api(tmp_path: Path) -> None:
    write_items(tmp_path / "items.csv", [(item, 1, "", "") for item in catalog_items(5)])
    env = cli_env(SCANSOURCE_SUBSCRIPTION_KEY=SECRET, SCANSOURCE_BASE_URL="http://127.0.0.1:9/")
    result = run_cli(
        "price-sheet", "items.csv", "-o", "p.csv", "--simulator", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["priced"] == "5"
