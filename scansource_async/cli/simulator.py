"""``scansource-async simulator serve``: run the simulator on loopback until SIGINT/SIGTERM.

Prints ``serving on http://HOST:PORT/`` on stdout (one line, flushed) once it accepts
connections, and the credentials to use on stderr. Needs the ``[simulator]`` extra only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from typing import Any

__all__ = ["register", "serve"]


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def register(subparsers: Any) -> None:
    """Add ``simulator serve`` to the command line."""
    sim = subparsers.add_parser("simulator", help="the embedded ScanSource API simulator")
    commands = sim.add_subparsers(title="simulator commands", metavar="COMMAND")
    serve_parser = commands.add_parser(
        "serve", help="serve the simulator on loopback until interrupted"
    )
    add = serve_parser.add_argument
    add("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    add("--port", type=int, default=8000, help="port (0 = any free port; default 8000)")
    add("--seed", type=int, default=0, help="catalog and fault seed (default 0)")
    add("--max-rate", type=_positive_float, metavar="REQ_PER_S",
        help="per-key rate limit answered with 429 + Retry-After (default: none)")  # fmt: skip
    add("--max-lines", type=_positive_int, default=40, metavar="N",
        help="most lines per pricing/availability request (default 40)")  # fmt: skip
    add("--latency-ms", type=_non_negative_float, default=0.0, metavar="MS",
        help="latency added to every API request (default 0)")  # fmt: skip
    add("--jitter-ms", type=_non_negative_float, default=0.0, metavar="MS",
        help="uniform random extra latency, 0..MS (default 0)")  # fmt: skip
    add("--error-rate", type=_fraction, default=0.0, metavar="FRACTION",
        help="fraction of API requests answered 500/502/503 (default 0)")  # fmt: skip
    add("--catalog-size", type=_positive_int, default=50_000, metavar="N",
        help="number of catalog items (default 50000)")  # fmt: skip
    add("--token-lifetime", type=_positive_float, default=3600.0, metavar="SECONDS",
        help="bearer token lifetime (default 3600)")  # fmt: skip
    add("--http", choices=("auto", "h11", "httptools"), default="auto",
        help="uvicorn HTTP implementation (default: httptools if installed, else h11)")  # fmt: skip
    serve_parser.set_defaults(handler=serve)
    sim.set_defaults(handler=lambda _args: (sim.print_help(), 2)[1])


def serve(args: argparse.Namespace) -> int:
    """Handler of ``simulator serve``."""
    try:
        from ..testing import FaultModel, Simulator
        from ..testing._serve import check_loopback
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        print(f"the simulator needs the [simulator] extra: {exc}", file=sys.stderr)
        return 1
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
        request_log_size=0,  # a long-running server must not grow a log nobody reads
    )
    try:
        asyncio.run(_serve(sim, args.host, args.port, args.http))
    except OSError as exc:
        print(f"cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


async def _serve(sim: Any, host: str, port: int, http: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. not the main thread
            loop.add_signal_handler(sig, stop.set)
    async with sim.serve(host=host, port=port, http=http) as base_url:
        client_id, secret = next(iter(sim.clients.items()))
        print(f"serving on {base_url}", flush=True)
        print(
            f"subscription key: {sim.subscription_keys[0]}  client id: {client_id}  "
            f"client secret: {secret}  token URL: {base_url}oauth2/v2.0/token  "
            f"customer: {sim.customer_number}",
            file=sys.stderr,
            flush=True,
        )
        await stop.wait()
