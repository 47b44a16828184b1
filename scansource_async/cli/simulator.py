"""``scansource-async simulator serve``: run the simulator on loopback until SIGINT/SIGTERM.

Prints ``serving on http://HOST:PORT/`` on stdout (the first line, flushed) once it accepts
connections, then the ``SCANSOURCE_*`` lines a client needs to reach it (``--env-file`` also
writes them to a file). Needs the ``[simulator]`` extra only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TextIO

from ._parser import non_negative_float, positive_float, positive_int

__all__ = ["client_env", "register", "serve"]

_SIMULATOR_DESCRIPTION = """\
The embedded simulator of the ScanSource Partner API: a deterministic catalog, per-customer
prices, stateful carts and orders, OAuth, rate limits and injected faults (the [simulator]
extra)."""

_DESCRIPTION = """\
Serve the embedded simulator of the ScanSource API on a loopback address until Ctrl-C or
SIGTERM. Once it accepts connections it prints "serving on URL", then the SCANSOURCE_*
lines a client needs to reach it (base URL, token URL, subscription key, client id and
secret, customer number, URL layout): paste them into an env file, or let --env-file write
it, and point price-sheet or doctor at it with --env-file."""


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def register(subparsers: Any) -> None:
    """Add ``simulator serve`` to the command line."""
    sim = subparsers.add_parser(
        "simulator",
        help="the embedded ScanSource API simulator",
        description=_SIMULATOR_DESCRIPTION,
    )
    commands = sim.add_subparsers(title="simulator commands", metavar="COMMAND")
    serve_parser = commands.add_parser(
        "serve",
        help="serve the simulator on loopback until interrupted",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = serve_parser.add_argument
    add("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    add("--port", type=int, default=8000, help="port (0 = any free port; default 8000)")
    add("--seed", type=int, default=0, help="catalog and fault seed (default 0)")
    add("--max-rate", type=positive_float, metavar="REQ_PER_S",
        help="per-key rate limit answered with 429 + Retry-After (default: none)")  # fmt: skip
    add("--max-lines", type=positive_int, default=40, metavar="N",
        help="most lines per pricing/availability request (default 40)")  # fmt: skip
    add("--latency-ms", type=non_negative_float, default=0.0, metavar="MS",
        help="time to answer every API request, from its arrival (default 0)")  # fmt: skip
    add("--jitter-ms", type=non_negative_float, default=0.0, metavar="MS",
        help="uniform random extra latency, 0..MS (default 0)")  # fmt: skip
    add("--error-rate", type=_fraction, default=0.0, metavar="FRACTION",
        help="fraction of API requests answered 500/502/503 (default 0)")  # fmt: skip
    add("--catalog-size", type=positive_int, default=50_000, metavar="N",
        help="number of catalog items (default 50000)")  # fmt: skip
    add("--token-lifetime", type=positive_float, default=3600.0, metavar="SECONDS",
        help="bearer token lifetime (default 3600)")  # fmt: skip
    add("--api-layout", choices=("gateway", "legacy"), default="gateway",
        help="URL layout served: gateway (scsc/{group}/v{n}/op; default) or legacy")  # fmt: skip
    add("--http", choices=("auto", "h11", "httptools"), default="auto",
        help="uvicorn HTTP implementation (default: httptools if installed, else h11)")  # fmt: skip
    add("--env-file", type=Path, metavar="FILE",
        help="also write the SCANSOURCE_* lines a client needs to FILE (mode 600)")  # fmt: skip
    add("--request-log", type=Path, metavar="FILE",
        help="append one JSON line per request to FILE: method, path, query, status")  # fmt: skip
    serve_parser.set_defaults(handler=serve)
    sim.set_defaults(handler=lambda _args: (sim.print_help(), 2)[1])


def serve(args: argparse.Namespace) -> int:
    """Handler of ``simulator serve``."""
    try:
        from ..testing import FaultModel, Simulator
        from ..testing._serve import check_loopback
    except ImportError as exc:
        print(f"scansource-async simulator serve: {exc}", file=sys.stderr)
        return 2
    try:
        check_loopback(args.host)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    faults = FaultModel(
        latency=args.latency_ms / 1000, jitter=args.jitter_ms / 1000, error_rate=args.error_rate
    )
    sim = Simulator(
        seed=args.seed,
        catalog_size=args.catalog_size,
        max_lines=args.max_lines,
        rate_limit=args.max_rate,
        faults=None if faults.is_noop else faults,
        token_lifetime=args.token_lifetime,
        api_layout=args.api_layout,
        request_log_size=0,  # a long-running server must not grow a log nobody reads
    )
    from ._atomic import check_writable_target
    from ._errors import CliError

    try:
        if args.env_file is not None:
            check_writable_target(args.env_file)
        log = None if args.request_log is None else _open_log(args.request_log)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    import asyncio  # here, not at the top: --help stays quick

    try:
        asyncio.run(
            _serve(sim, args.host, args.port, args.http, env_file=args.env_file, request_log=log)
        )
    except OSError as exc:
        print(f"cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        if log is not None:
            log.close()
    return 0


def _open_log(path: Path) -> TextIO:
    from ._errors import CliError, os_reason

    try:
        return open(path, "a", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {os_reason(exc)}") from None


def client_env(sim: Any, base_url: str) -> dict[str, str]:
    """The ``SCANSOURCE_*`` settings of a client of ``sim`` served at ``base_url``."""
    from ..testing.routes.token import TOKEN_PATH

    env = {
        "SCANSOURCE_BASE_URL": base_url,
        "SCANSOURCE_SUBSCRIPTION_KEY": sim.subscription_keys[0],
        "SCANSOURCE_CUSTOMER_NUMBER": sim.customer_number,
        "SCANSOURCE_API_LAYOUT": sim.api_layout,
    }
    if sim.clients:  # without clients the simulator wants no token
        client_id, secret = next(iter(sim.clients.items()))
        env["SCANSOURCE_TOKEN_URL"] = base_url + TOKEN_PATH
        env["SCANSOURCE_CLIENT_ID"] = client_id
        env["SCANSOURCE_CLIENT_SECRET"] = secret
    return env


def _write_env_file(path: Path, env: dict[str, str]) -> None:
    text = "".join(f"{name}={value}\n" for name, value in env.items())
    # Test credentials only, but an env file is where real ones live too: owner-only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as file:
        file.write(text)


@contextlib.asynccontextmanager
async def _served(
    sim: Any, host: str, port: int, http: str, request_log: TextIO | None
) -> AsyncIterator[str]:
    if request_log is None:
        async with sim.serve(host=host, port=port, http=http) as base_url:
            yield base_url
        return
    from ..testing._serve import serve_app
    from ._request_log import RequestLogApp

    app = RequestLogApp(sim.app, request_log)
    async with serve_app(app, host=host, port=port, http=http) as base_url:
        yield base_url


async def _serve(
    sim: Any,
    host: str,
    port: int,
    http: str,
    *,
    env_file: Path | None = None,
    request_log: TextIO | None = None,
) -> None:
    import asyncio

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. not the main thread
            loop.add_signal_handler(sig, stop.set)
    async with _served(sim, host, port, http, request_log) as base_url:
        env = client_env(sim, base_url)
        if env_file is not None:
            _write_env_file(env_file, env)  # before "serving on": a reader may start then
        print(f"serving on {base_url}", flush=True)
        print("".join(f"{name}={value}\n" for name, value in env.items()), end="", flush=True)
        await stop.wait()
