"""What every reliability scenario shares: sizes, distinctive secrets, the secret watch, leak
checks, pricing jobs and the oracle, and the figures a scenario reports.

Used by the default-suite tests (small sizes) and by ``soak_report.py`` (full sizes, with
``SCANSOURCE_SOAK=1``). Everything runs in-process or on loopback (127.0.0.1) only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs

from scansource_async import PricingLine, Product, RetryPolicy, ScanSourceClient
from scansource_async.testing import Simulator

#: ``SCANSOURCE_SOAK=1`` runs every scenario at its full (soak) size.
SOAK = os.environ.get("SCANSOURCE_SOAK", "").strip().lower() not in ("", "0", "false", "no")


def size(fast: int, full: int) -> int:
    """The size of a scenario: ``fast`` in the default suite, ``full`` in a soak run."""
    return full if SOAK else fast


# Distinctive credentials: any occurrence of one of these in output is a leak.
SUBSCRIPTION_KEY = "SOAKKEY-7f3a9c1e5b2d4f6a8c0e2468"
CLIENT_ID = "soak-client-id"
CLIENT_SECRET = "SOAKSECRET-b8d1e4f7a2c5e9d3b6f01357"

#: Retries generous enough that no injected fault rate exhausts them, with millisecond backoff;
#: 500 is retried too (the soak injects every 5xx the simulator knows).
RETRY = RetryPolicy(
    max_retries=12,
    backoff_base=0.002,
    backoff_cap=0.02,
    max_retry_after=2.0,
    retry_statuses=frozenset({429, 500, 502, 503, 504}),
)

#: Client tasks must end within this long after a job returns (pool-repair closes run on).
SETTLE = 1.0


# -- figures -----------------------------------------------------------------------------------


@attrs.define
class Figures:
    """What one scenario tried and what held. ``problems`` empty means everything held."""

    name: str
    size: int = 0
    unit: str = "items"
    faults: Counter[str] = attrs.Factory(Counter)
    retries: int = 0
    lost: int = 0
    duplicated: int = 0
    wrong: int = 0
    leaked_connections: int = 0
    leaked_tasks: int = 0
    notes: list[str] = attrs.Factory(list)
    problems: list[str] = attrs.Factory(list)
    seconds: float = 0.0

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)

    def check(self, condition: bool, text: str) -> None:
        if not condition:
            self.problem(text)

    @property
    def held(self) -> bool:
        return (
            not self.problems
            and not (self.lost or self.duplicated or self.wrong or self.leaked_connections)
            and not self.leaked_tasks
        )

    def add_faults(self, sim: Simulator) -> None:
        """Count the faults the simulator injected (by kind; "rate_limit" is its own limit)."""
        self.faults.update(sim.stats.fault_counts)

    def summary(self) -> str:
        return (
            f"{self.name}: {self.size} {self.unit}, faults {dict(self.faults)}, retries"
            f" {self.retries}, lost {self.lost}, duplicated {self.duplicated}, wrong {self.wrong},"
            f" leaked {self.leaked_connections} conn / {self.leaked_tasks} tasks;"
            f" problems: {self.problems}"
        )


@contextlib.contextmanager
def timed(figures: Figures) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        figures.seconds = time.monotonic() - started


# -- secrets -----------------------------------------------------------------------------------


class _ScanningHandler(logging.Handler):
    """Formats every record (any logger, any level) and scans it at once; stores nothing, so a
    long run's memory stays flat."""

    def __init__(self, watch: SecretWatch) -> None:
        super().__init__(logging.DEBUG)
        self.watch = watch
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception as exc:  # a record that cannot be formatted is itself a finding
            text = f"unformattable record {record.name}: {exc!r}"
        self.watch.lines += 1
        self.watch.scan(text, f"log {record.name}")


class SecretWatch:
    """The subscription key, client secret and every token issued must never show up in a log
    line (DEBUG, every logger), an exception's text or traceback, a repr, or CLI output."""

    #: the chatty loggers: captured here at DEBUG, not propagated, and with any other handler
    #: set aside meanwhile, so a test runner's log capture (pytest attaches it to
    #: non-propagating loggers too) does not hoard their records: that would be its memory
    #: growing, not ours
    LOGGERS = ("scansource_async", "httpx", "httpcore", "uvicorn", "h11", "hpack")

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        #: other credentials to look for (a refused key is still someone's key)
        self.extra: set[str] = set()
        self.findings: list[str] = []
        self.lines = 0
        self.texts = 0
        self._handler = _ScanningHandler(self)
        self._saved: list[tuple[logging.Logger, int, bool, list[logging.Handler]]] = []

    @property
    def secrets(self) -> set[str]:
        return {SUBSCRIPTION_KEY, CLIENT_SECRET, *self.tokens, *self.extra}

    @property
    def found(self) -> int:
        return len(self.findings)

    def scan(self, text: str, where: str) -> None:
        for secret in self.secrets:
            if secret in text:
                if len(self.findings) < 100:
                    at = text.index(secret)
                    self.findings.append(f"{where}: ...{text[max(0, at - 60) : at + 10]}...")
                else:
                    self.findings.append(where)

    def exception(self, exc: BaseException) -> None:
        """An exception as a user would see it: str, repr and the full chained traceback."""
        self.texts += 1
        text = "".join(traceback.format_exception(exc))
        self.scan(f"{exc}\n{exc!r}\n{text}", f"exception {type(exc).__name__}")

    def reprs(self, *objects: Any) -> None:
        for obj in objects:
            self.texts += 1
            self.scan(f"{obj!r}\n{obj}", f"repr of {type(obj).__name__}")

    def output(self, text: str, where: str) -> None:
        self.texts += 1
        self.scan(text, where)

    def start(self) -> None:
        """Capture every logger at DEBUG: the root logger (so any library's records) and,
        directly, httpx, httpcore, uvicorn and our own."""
        root = logging.getLogger()
        self._saved.append((root, root.level, root.propagate, []))
        root.setLevel(logging.DEBUG)
        root.addHandler(self._handler)
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            others = list(logger.handlers)
            self._saved.append((logger, logger.level, logger.propagate, others))
            for handler in others:
                logger.removeHandler(handler)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
            logger.addHandler(self._handler)

    def isolate(self) -> None:
        """Set aside handlers added to the chatty loggers since ``start`` (pytest adds its
        capture handlers when the test body begins); ``stop`` puts them back."""
        for logger, _, _, others in self._saved[1:]:
            for handler in list(logger.handlers):
                if handler is not self._handler:
                    logger.removeHandler(handler)
                    others.append(handler)

    def stop(self) -> None:
        for logger, level, propagate, others in reversed(self._saved):
            logger.removeHandler(self._handler)
            for handler in others:
                logger.addHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        self._saved.clear()

    @contextlib.contextmanager
    def capturing(self) -> Iterator[SecretWatch]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    def sim(self, **options: Any) -> Simulator:
        """A simulator with the distinctive credentials, whose issued tokens are watched."""
        settings: dict[str, Any] = {
            "subscription_keys": (SUBSCRIPTION_KEY,),
            "clients": {CLIENT_ID: CLIENT_SECRET},
        }
        settings.update(options)
        sim = Simulator(**settings)
        store = sim.state.tokens
        issue = store.issue

        def watched_issue() -> str:
            token = issue()
            self.tokens.add(token)
            return token

        store.issue = watched_issue  # type: ignore[method-assign]
        return sim


# -- clients, leaks ----------------------------------------------------------------------------


def client_of(sim: Simulator, base_url: str | None = None, **options: Any) -> ScanSourceClient:
    """A client of ``sim`` (loopback when ``base_url`` is given) with fast, generous retries."""
    settings: dict[str, Any] = {"max_rate": 100_000, "max_in_flight": 16, "retry": RETRY}
    settings.update(options)
    return sim.client(base_url, **settings)


_SERVER_FILES = ("uvicorn", "starlette", os.path.join("scansource_async", "testing"))


def _frame_self(task: asyncio.Task[Any]) -> Any:
    frame = getattr(task.get_coro(), "cr_frame", None)
    return None if frame is None else frame.f_locals.get("self")


def _is_server_task(task: asyncio.Task[Any], server_events: list[Any]) -> bool:
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if code is asyncio.Event.wait.__code__:
        # The loopback server's main loop waits for its stop event in a fresh task each second.
        return any(_frame_self(task) is event for event in server_events)
    filename = getattr(code, "co_filename", "") or ""
    return any(part in filename for part in _SERVER_FILES)


def client_tasks(baseline: set[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    """Tasks started since ``baseline`` that are still running, the server's own excepted."""
    me = asyncio.current_task()
    tasks = asyncio.all_tasks()
    servers = [_frame_self(task) for task in tasks if task.get_name() == "scansource-simulator"]
    events = [getattr(server, "_stop", None) for server in servers]
    return [
        task
        for task in tasks
        if task not in baseline
        and task is not me
        and not task.done()
        and not _is_server_task(task, events)
    ]


async def leaks(
    client: ScanSourceClient, baseline: set[asyncio.Task[Any]], *, settle: float = SETTLE
) -> tuple[int, int]:
    """(busy pool connections + held in-flight slots, client tasks still running), after
    giving what is closing up to ``settle`` seconds to finish."""
    deadline = time.monotonic() + settle
    while True:
        busy = client.pipeline.connections_in_use() + client.pipeline.in_flight
        tasks = client_tasks(baseline)
        if (not busy and not tasks) or time.monotonic() >= deadline:
            return busy, len(tasks)
        await asyncio.sleep(0.01)


# -- pricing jobs and the oracle ----------------------------------------------------------------


def pricing_job(
    sim: Simulator,
    count: int,
    seed: int,
    *,
    duplicates: float = 0.02,
    unknown: float = 0.005,
) -> list[PricingLine]:
    """``count`` lines: distinct (item, quantity) pairs, plus ``duplicates`` repeats of a line
    shortly before and ``unknown`` items the catalog does not have."""
    rng = random.Random(seed)
    items = sim.catalog.item_numbers
    n = len(items)
    lines: list[PricingLine] = []
    for i in range(count):
        roll = rng.random()
        if roll < duplicates:
            if i > 10:
                lines.append(lines[rng.randrange(max(0, i - 100), i)])
                continue
        elif roll < duplicates + unknown:
            lines.append(PricingLine(f"NOSUCH-{seed}-{i}"))
            continue
        lines.append(PricingLine(items[i % n], quantity=1 + i // n))
    return lines


def is_unknown(line: PricingLine) -> bool:
    return line.item_number.startswith("NOSUCH-")


_ORACLE_FIELDS = (
    ("unit_price", "UnitPrice"),
    ("extended_total", "ExtendedTotal"),
    ("msrp", "MSRP"),
    ("quantity_available", "QuantityAvailable"),
    ("item_number", "ItemNumber"),
)


def oracle_mismatch(sim: Simulator, line: PricingLine, product: Product | None) -> str | None:
    """Why ``product`` is not what the simulator prices ``line`` at (None if it is)."""
    if product is None:
        return f"{line.item_number}: no product"
    expected = sim.product(line.item_number, quantity=line.quantity)
    for attribute, key in _ORACLE_FIELDS:
        got = getattr(product, attribute)
        if got != expected[key] or str(got) != str(expected[key]):
            return f"{line.item_number} x{line.quantity}: {attribute} {got!r} != {expected[key]!r}"
    return None


def wire_lines(sim: Simulator) -> tuple[Counter[tuple[str, int]], int, int, list[str]]:
    """From the request log: (lines answered 200, counted per line; lines in requests that got
    an injected fault; those requests; records that are neither)."""
    answered: Counter[tuple[str, int]] = Counter()
    faulted_lines = 0
    faulted_requests = 0
    unexpected: list[str] = []
    for record in sim.requests:
        if record.operation != "products.pricing":
            continue
        keys = [(line["ItemNumber"], line["Quantity"]) for line in record.body["Lines"]]
        if record.status == 200:
            answered.update(keys)
        elif record.fault:
            faulted_lines += len(keys)
            faulted_requests += 1
        else:
            unexpected.append(f"{record.status} without an injected fault")
    return answered, faulted_lines, faulted_requests, unexpected
