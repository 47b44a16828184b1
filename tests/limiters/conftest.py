"""Real components for the shared rate limiter's tests: the simulator served by its own command
line in a separate process (the redis-server fixture lives in tests/conftest.py)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("redis", reason="the [redis] extra is not installed")


@pytest.fixture
def simulator_process() -> Iterator[Callable[[float], str]]:
    """Start ``scansource-async simulator serve --port 0 --max-rate R`` as a process; returns
    its base URL. Stopped (SIGTERM, then SIGKILL) at the end."""
    processes: list[subprocess.Popen[str]] = []

    def start(max_rate: float) -> str:
        command = [sys.executable, "-m", "scansource_async", "simulator", "serve",
                   "--port", "0", "--max-rate", str(max_rate)]  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        processes.append(process)
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 15)
        line = process.stdout.readline() if ready else ""
        match = re.fullmatch(r"serving on (http://127\.0\.0\.1:\d+/)\n", line)
        assert match, f"the simulator did not start: {line!r}"
        return match[1]

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
