"""Fixtures of the command-line tests: ``simulator serve`` as a real process on loopback."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .clihelpers import ServedSimulator, cli_command

_STARTUP_TIMEOUT = 30.0


@pytest.fixture
def serve_simulator(tmp_path: Path) -> Iterator[Callable[..., ServedSimulator]]:
    """``serve_simulator(*options)`` starts ``simulator serve --port 0 --env-file ...
    --request-log ... OPTIONS`` and returns it once it accepts connections; stopped at the end."""
    processes: list[subprocess.Popen[str]] = []

    def start(*options: str) -> ServedSimulator:
        n = len(processes)
        env_file, log = tmp_path / f"sim{n}.env", tmp_path / f"sim{n}.requests.jsonl"
        command = cli_command("simulator", "serve", "--port", "0", "--catalog-size", "2000",
                              "--env-file", env_file, "--request-log", log, *options)  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        processes.append(process)
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], _STARTUP_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        match = re.fullmatch(r"serving on (http://127\.0\.0\.1:\d+/)\n", line)
        assert match, f"the simulator did not start: {line!r}"
        printed: list[str] = []
        expected = len(env_file.read_text().splitlines())  # written before "serving on"
        while len(printed) < expected:  # the same lines follow on stdout at once
            text = process.stdout.readline()  # (already buffered: select would not see them)
            if not text.startswith("SCANSOURCE_"):
                break
            printed.append(text.rstrip("\n"))
        return ServedSimulator(match[1], env_file, log, printed)

    yield start
    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
