"""What every benchmark shares: the simulator in its own process, workloads, the table printer
and the JSON results file.

The simulator is started as ``python -m benchmarks._server simulator serve`` (the simulator's
own command line, plus a counters line at exit) on a free 127.0.0.1 port, so the client under
test and the server each get a core. Its defaults: subscription key ``test-key``, OAuth client
``test-id``/``test-secret``, customer ``1000001``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import json
import os
import platform
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "CUSTOMER",
    "RESULTS_DIR",
    "ROOT",
    "SUBSCRIPTION_KEY",
    "SimulatorProcess",
    "client_options",
    "fetch_token",
    "format_table",
    "item_numbers",
    "item_quantities",
    "machine_info",
    "make_parser",
    "percentile",
    "pricing_body",
    "pricing_lines",
    "raw_headers",
    "report",
    "size_of",
    "timed",
    "write_results",
]

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SUBSCRIPTION_KEY = "test-key"
CLIENT_ID = "test-id"
CLIENT_SECRET = "test-secret"
CUSTOMER = "1000001"
TOKEN_PATH = "oauth2/v2.0/token"
_STARTUP_TIMEOUT = 60.0
_STOP_TIMEOUT = 20.0


# -- the simulator process ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pin_apart(server_pid: int) -> set[int] | None:
    """Run the server on the last core and this process on the others, when there are two or
    more: left to the scheduler, the two single-threaded processes now and then share one core
    for a while, and a round's figures then swing by a fifth either way. Returns the cores
    this process had, for :func:`unpin`, or None if nothing was changed."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cores) < 2:
        return None
    try:
        os.sched_setaffinity(server_pid, {cores[-1]})
        os.sched_setaffinity(0, set(cores[:-1]))
    except OSError:  # the server may have ended already
        return None
    return set(cores)


def unpin(cores: set[int] | None) -> None:
    """Give this process back the cores :func:`pin_apart` took from it."""
    if cores is not None:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, cores)


class SimulatorProcess:
    """``scansource-async simulator serve`` in a child process, for a ``with`` block.

    ``base_url`` is set once it serves; after the block, ``stats`` holds the server's counters
    (requests, ``status_counts``, ``cpu_seconds``), or None if it could not report them.
    """

    def __init__(
        self,
        *,
        max_rate: float | None = None,
        latency_ms: float = 0.0,
        jitter_ms: float = 0.0,
        max_lines: int = 40,
        seed: int = 0,
        extra: Sequence[str] = (),
    ) -> None:
        self.port = free_port()
        args = ["simulator", "serve", "--port", str(self.port), "--seed", str(seed)]
        args += ["--latency-ms", str(latency_ms), "--jitter-ms", str(jitter_ms)]
        args += ["--max-lines", str(max_lines)]
        if max_rate is not None:
            args += ["--max-rate", str(max_rate)]
        self.command = [sys.executable, "-m", "benchmarks._server", *args, *extra]
        self.base_url = ""
        self.stats: dict[str, Any] | None = None
        self._process: subprocess.Popen[str] | None = None
        self._own_cores: set[int] | None = None  # this process's cores before the server's start
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed by stop()

    def __enter__(self) -> SimulatorProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> str:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            cwd=ROOT,
            env=env,
        )
        self._own_cores = pin_apart(self._process.pid)
        assert self._process.stdout is not None
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self._process.stdout], [], [], 0.5)
            if ready:
                line = self._process.stdout.readline()
                if line.startswith("serving on "):
                    self.base_url = line.split("serving on ", 1)[1].strip()
                    return self.base_url
                if not line:
                    break  # the process ended
            elif self._process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"the simulator did not start: {self._stderr_text()[-2000:]}")

    def stop(self) -> dict[str, Any] | None:
        process = self._process
        if process is None:
            return self.stats
        self._process = None
        unpin(self._own_cores)
        self._own_cores = None
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            out, _ = process.communicate(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        for line in (out or "").splitlines():
            if line.startswith("stats "):
                self.stats = json.loads(line[len("stats ") :])
        self._stderr.close()
        return self.stats

    def status_count(self, status: int) -> int | None:
        if self.stats is None:
            return None
        return int(self.stats["status_counts"].get(str(status), 0))

    def _stderr_text(self) -> str:
        with contextlib.suppress(ValueError, OSError):
            self._stderr.seek(0)
            return self._stderr.read()
        return ""


def client_options(base_url: str) -> dict[str, Any]:
    """``ScanSourceClient`` arguments for the simulator at ``base_url``."""
    return {
        "subscription_key": SUBSCRIPTION_KEY,
        "customer_number": CUSTOMER,
        "base_url": base_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "token_url": base_url + TOKEN_PATH,
    }


def raw_headers(token: str) -> dict[str, str]:
    """The headers a hand-written client sends on each pricing request."""
    return {
        "Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY,
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


def fetch_token(base_url: str) -> str:
    """A bearer token from the simulator (blocking; once per baseline, outside the timing)."""
    import httpx

    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID}
    form |= {"client_secret": CLIENT_SECRET, "scope": "bench"}
    response = httpx.post(base_url + TOKEN_PATH, data=form, timeout=10)
    response.raise_for_status()
    return str(response.json()["access_token"])


# -- workloads ---------------------------------------------------------------------------------


def item_numbers() -> list[str]:
    """The simulator's default catalog (seed 0, 50,000 items)."""
    from scansource_async.testing import Catalog

    return list(Catalog.shared(seed=0, size=50_000).item_numbers)


def pricing_lines(count: int) -> list[Any]:
    """``count`` distinct pricing lines over the default catalog (the quantity tells repeats of
    an item number apart, so no line is a duplicate that the engine would send only once)."""
    from scansource_async import PricingLine

    items = item_numbers()
    return [PricingLine(items[i % len(items)], quantity=1 + i // len(items)) for i in range(count)]


def item_quantities(count: int) -> list[tuple[str, int]]:
    """The same ``count`` lines as :func:`pricing_lines`, as plain (item number, quantity)
    pairs: what a hand-written client starts from."""
    items = item_numbers()
    return [(items[i % len(items)], 1 + i // len(items)) for i in range(count)]


def pricing_body(lines: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """A pricing request body for (item number, quantity) pairs, as a user would build it."""
    return {
        "CustomerNumber": CUSTOMER,
        "Lines": [
            {"ItemNumber": item, "PartNumberType": 0, "Quantity": quantity}
            for item, quantity in lines
        ],
    }


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (0.5 = median)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


# -- output ------------------------------------------------------------------------------------


def make_parser(name: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m benchmarks.{name}", description=description)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a smaller run (seconds)")
    size.add_argument("--tiny", action="store_true", help="a smoke run (for the test suite)")
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=None,
        help=f"where to write {name}.json (default: benchmarks/results for a full run, a"
        " temporary folder for --quick and --tiny, so they never replace the committed results)",
    )
    return parser


def size_of(args: argparse.Namespace) -> str:
    return "tiny" if args.tiny else "quick" if args.quick else "full"


def format_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (readable in a terminal and pasteable into the README)."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    out = [title, "", line(headers), "| " + " | ".join("-" * w for w in widths) + " |"]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if abs(value) < 0.01 else f"{value:.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "packages": {},
    }
    for package in ("scansource-async", "httpx", "httpcore", "h11", "aiohttp", "uvicorn"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            info["packages"][package] = importlib.metadata.version(package)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
        info["git_commit"] = commit or None
    return info


def _cpu_model() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or None


def default_results_dir(size: str) -> Path:
    """benchmarks/results for full runs; smaller ones go to a temporary folder."""
    if size == "full":
        return RESULTS_DIR
    return Path(tempfile.gettempdir()) / "scansource-bench" / size


def write_results(
    name: str,
    results_dir: Path | None,
    *,
    parameters: dict[str, Any],
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    table: str,
    argv: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
) -> Path:
    """``<results_dir>/<name>.json``: the table's rows, the run's parameters, the machine
    (``results_dir`` None: :func:`default_results_dir` of the run's size)."""
    if results_dir is None:
        results_dir = default_results_dir(str(parameters.get("size", "full")))
    results_dir.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": name,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks." + name, *_public_args(argv)]),
        "machine": machine_info(),
        "parameters": parameters,
        "columns": list(headers),
        "rows": [{h: _finite(v) for h, v in zip(headers, row, strict=True)} for row in rows],
        "table": table,
        **(extra or {}),
    }
    path = results_dir / f"{name}.json"
    path.write_text(json.dumps(document, indent=2, default=str, allow_nan=False) + "\n")
    return path


def report(
    name: str,
    args: argparse.Namespace,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    parameters: dict[str, Any],
    argv: Sequence[str] = (),
    note: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The end of every benchmark's ``main``: print the table (and ``note`` under it), write
    the results file (with ``extra`` beside the rows), and return the table, its rows and the
    file's path."""
    table = format_table(title, headers, rows)
    print(table)
    if note:
        print(f"\n{note}")
    path = write_results(
        name,
        args.results_dir,
        parameters=parameters,
        headers=headers,
        rows=rows,
        table=table,
        argv=argv,
        extra=extra,
    )
    print(f"\nwrote {path}")
    return {"table": table, "rows": rows, "path": str(path)}


def _public_args(argv: Sequence[str]) -> list[str]:
    """The command line without ``--results-dir`` (a local path)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--results-dir":
            skip = True
        elif not arg.startswith("--results-dir="):
            out.append(arg)
    return out


def _finite(value: Any) -> Any:
    """NaN (a ratio that could not be computed) as null: JSON has no NaN."""
    return None if isinstance(value, float) and value != value else value


@contextlib.contextmanager
def timed() -> Iterator[dict[str, float]]:
    """Wall and CPU seconds of this process over a block: ``{"wall": …, "cpu": …}``."""
    result: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield result
    finally:
        result["wall"] = time.perf_counter() - wall
        result["cpu"] = time.process_time() - cpu
