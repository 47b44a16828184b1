"""The command line: argument handling, and ``simulator serve`` as a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx
import pytest

from scansource_async.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("scansource-async ")


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["simulator"]) == 2
    assert "serve" in capsys.readouterr().out


def test_serve_refuses_non_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulator", "serve", "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--error-rate", "2"], ["--max-rate", "0"], ["--max-lines", "0"]])
def test_serve_validates_options(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["simulator", "serve", *args])
    assert exited.value.code == 2


@pytest.mark.loopback
@pytest.mark.parametrize(
    ("stop_signal", "layout", "path"),
    [
        (signal.SIGTERM, "gateway", "scsc/customer/v1?customerNumber=1000001"),
        (signal.SIGINT, "legacy", "customer/1000001"),
    ],
)
def test_serve_runs_until_signalled(stop_signal: signal.Signals, layout: str, path: str) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "scansource_async", "simulator", "serve", "--port", "0",
               "--seed", "3", "--max-rate", "100", "--catalog-size", "1000",
               "--api-layout", layout]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            match = re.fullmatch(r"serving on (http://127\.0\.0\.1:\d+/)\n", line)
            assert match, line
            url = match[1]
            assert httpx.get(url + path, timeout=5).status_code == 401
            token = httpx.post(
                url + "oauth2/v2.0/token",
                data={"grant_type": "client_credentials", "client_id": "test-id",
                      "client_secret": "test-secret"},
                timeout=5,
            ).json()["access_token"]  # fmt: skip
            headers = {"Ocp-Apim-Subscription-Key": "test-key", "Authorization": f"Bearer {token}"}
            assert httpx.get(url + path, headers=headers, timeout=5).status_code == 200
            other = "customer/1000001" if layout == "gateway" else "scsc/customer/v1"
            assert httpx.get(url + other, headers=headers, timeout=5).status_code == 404
            process.send_signal(stop_signal)
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
