"""A throwaway ``redis-server`` on a free 127.0.0.1 port, for tests and benchmarks of the
shared rate limiter: no persistence, its files in a temporary directory, killed at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from types import TracebackType
from typing import Self

__all__ = ["RedisServer", "free_port", "redis_server_binary"]

_START_TIMEOUT = 10.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_server_binary() -> str | None:
    """The path of ``redis-server``, or None when it is not installed."""
    return shutil.which("redis-server")


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """``redis-server --port P --bind 127.0.0.1 --save '' --appendonly no`` in a temp dir.

    ``start()`` returns once it answers PING; ``kill()`` ends it at once (as a crash would);
    ``start()`` again brings it back, empty, on the same port.
    """

    def __init__(self, *, port: int | None = None, binary: str | None = None) -> None:
        found = binary or redis_server_binary()
        if found is None:
            raise FileNotFoundError("redis-server is not installed")
        self.binary = found
        self.port = port or free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="scansource-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> str:
        """Start the server (again); returns its URL."""
        if self.running:
            return self.url
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", self._dir.name,
                   "--daemonize", "no", "--loglevel", "warning"]  # fmt: skip
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if _ping(self.port):
                return self.url
            if self._process.poll() is not None:
                break
            time.sleep(0.01)
        error = self._stop(kill=True)
        raise RuntimeError(f"redis-server did not start on port {self.port}: {error}")

    def kill(self) -> None:
        """End the server at once (SIGKILL), as a crash would."""
        self._stop(kill=True)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s)."""
        self._stop(kill=False)

    def close(self) -> None:
        self._stop(kill=True)
        self._dir.cleanup()

    def _stop(self, *, kill: bool) -> str:
        process, self._process = self._process, None
        if process is None:
            return ""
        if process.poll() is None:
            if kill:
                process.kill()
            else:
                process.terminate()
        try:
            _, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        return (err or b"").decode(errors="replace")[-1000:]

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
