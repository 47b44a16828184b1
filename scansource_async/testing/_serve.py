"""Serving the simulator on loopback with uvicorn, inside the running asyncio event loop."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Final

import uvicorn
from starlette.types import ASGIApp

__all__ = ["check_loopback", "serve_app"]

_STARTUP_TIMEOUT: Final = 10.0
_SHUTDOWN_TIMEOUT: Final = 10.0


def check_loopback(host: str) -> str:
    """``host`` as an IP literal if it is a loopback address; ValueError otherwise.

    The simulator only ever listens on loopback: it has test credentials and no TLS.
    """
    literal = "127.0.0.1" if host == "localhost" else host.strip("[]")
    try:
        address = ipaddress.ip_address(literal)
    except ValueError:
        raise ValueError(f"the simulator only serves on a loopback address, not {host!r}") from None
    if not address.is_loopback:
        raise ValueError(f"the simulator only serves on a loopback address, not {host!r}")
    return str(address)


class _Server(uvicorn.Server):
    """uvicorn's server, embedded: no signal handlers of its own (the caller decides), and a
    main loop that wakes as soon as it is asked to stop instead of polling every 0.1 s."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._stop = asyncio.Event()

    def request_exit(self) -> None:
        self.should_exit = True
        self._stop.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.server_state.connections or self.server_state.tasks:
            await super().shutdown(sockets)
            return
        # Nothing in flight: skip uvicorn's fixed 0.1 s grace period (it adds up in test suites).
        for server in self.servers:
            server.close()
        for server in self.servers:
            await server.wait_closed()

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 10) % 864_000  # on_tick refreshes the Date header every 10
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), 1.0)


@contextlib.asynccontextmanager
async def serve_app(
    app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0, http: str = "auto"
) -> AsyncIterator[str]:
    """Serve ``app`` on ``host:port`` (0 = a free port) as a task of the running loop; yields
    the base URL (``http://127.0.0.1:PORT/``) and stops the server cleanly on exit."""
    host = check_loopback(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says
    # TCP, and without it Nagle + delayed ACK stall every response split in two writes by 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.setblocking(False)
        bound_port: int = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            host=host,
            port=bound_port,
            http=http,
            lifespan="off",
            log_config=None,  # leave the host application's logging alone
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        server = _Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]), name="scansource-simulator")
        try:
            async with asyncio.timeout(_STARTUP_TIMEOUT):
                while not server.started:
                    if task.done():
                        task.result()  # raises the startup error
                        raise RuntimeError("the simulator's server stopped during startup")
                    await asyncio.sleep(0.002)
            url_host = f"[{host}]" if family == socket.AF_INET6 else host
            yield f"http://{url_host}:{bound_port}/"
        finally:
            server.request_exit()
            try:
                async with asyncio.timeout(_SHUTDOWN_TIMEOUT):
                    await asyncio.shield(task)
            except TimeoutError:
                server.force_exit = True
                await task
    finally:
        sock.close()
