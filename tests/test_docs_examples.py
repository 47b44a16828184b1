"""Every Python example of README.md and docs/ runs, against the simulator, so none can rot.

Each ```` ```python ```` block is one example. A block runs as written: a complete program
(``asyncio.run(main())``) as it is, a fragment with top-level ``await``/``async with`` inside an
event loop. Fragments may use these names without defining them (the page around them says
what they are); nothing else is predefined:

* ``ScanSourceClient``, ``PricingLine``, ``asyncio``: as imported from the package;
* ``lines``: 200 ``PricingLine``s of catalog items; ``read_lines_lazily()``: a generator of 200;
* ``subscription_key``: the simulator's key; ``redis_url``: a redis-server on loopback;
* ``order``: a valid ``SalesOrderRequest`` for catalog items.

Every client an example builds talks to a simulator served on 127.0.0.1: the ``SCANSOURCE_*``
variables point at it, and ``ScanSourceClient`` fills what an example leaves out from them.

An example that cannot run here (it needs a real account) starts with the line
``# not run: <why>``; the reader sees the marker, and the test checks each such block at least
compiles and has a reason. Keep them few (:data:`MAX_NOT_RUN`).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import scansource_async
from benchmarks._redis_server import RedisServer, redis_server_binary
from scansource_async import Address, OrderLine, PricingLine, SalesOrderRequest, ShippingInfo
from scansource_async._config import config_from_env
from scansource_async.testing import Simulator

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
NOT_RUN = "# not run:"
#: examples allowed to carry the ``# not run:`` marker
MAX_NOT_RUN = 2

_FENCE = re.compile(r"^```python\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)


class Example(NamedTuple):
    page: Path
    line: int
    code: str

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def not_run(self) -> bool:
        return self.code.startswith(NOT_RUN)


def _examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 2  # the first line of code
            found.append(Example(page, line, match["code"]))
    return found


EXAMPLES = _examples()


def test_the_pages_have_examples() -> None:
    pages = {example.page.name for example in EXAMPLES}
    assert {"README.md", "getting-started.md", "orders.md", "testing.md"} <= pages
    assert len(EXAMPLES) >= 15


def test_examples_that_do_not_run_say_why_and_are_few() -> None:
    skipped = [example for example in EXAMPLES if example.not_run]
    assert len(skipped) <= MAX_NOT_RUN, [example.id for example in skipped]
    for example in skipped:
        reason = example.code.splitlines()[0].removeprefix(NOT_RUN).strip()
        assert len(reason) > 10, f"{example.id}: say why it does not run"
        compile(example.code, example.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """``scansource-async simulator serve --port 0`` in its own process: the ``SCANSOURCE_*``
    settings that reach it (from its ``--env-file``)."""
    env_file = tmp_path_factory.mktemp("served") / "simulator.env"
    command = [sys.executable, "-m", "scansource_async", "simulator", "serve", "--port", "0",
               "--env-file", str(env_file)]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        assert re.fullmatch(r"serving on http://127\.0\.0\.1:\d+/\n", line), line
        settings = dict(
            entry.split("=", 1) for entry in env_file.read_text().splitlines() if "=" in entry
        )
        assert settings["SCANSOURCE_BASE_URL"].startswith("http://127.0.0.1:")
        # quick examples: the simulator has no rate limit unless asked, and no call may hang
        yield {**settings, "SCANSOURCE_MAX_RATE": "200", "SCANSOURCE_DEADLINE": "60"}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _ToTheSimulator(scansource_async.ScanSourceClient):
    """``ScanSourceClient`` whose unset settings come from the ``SCANSOURCE_*`` variables, so an
    example's ``ScanSourceClient(subscription_key=...)`` reaches the simulator too."""

    def __init__(self, **settings: Any) -> None:
        if "transport" not in settings and "base_url" not in settings:  # meant for the real API
            for name, value in config_from_env().items():
                settings.setdefault(name, value)
        if "transport" not in settings:  # else in-process: no socket at all
            assert str(settings["base_url"]).startswith("http://127.0.0.1:"), "loopback only"
        super().__init__(**settings)


def _order(items: list[str]) -> SalesOrderRequest:
    return SalesOrderRequest(
        business_unit=1712,
        po_number="PO-EXAMPLE-1",
        reference_number="REF-EXAMPLE-1",
        shipping=ShippingInfo(
            service_level_code="UPSGND",
            address=Address(
                name="Example Store",
                street1="1 Main St",
                city="Greenville",
                state="SC",
                postal_code="29601",
                country="US",
            ),
        ),
        lines=[OrderLine(part_number=item, quantity=1) for item in items],
    )


def _namespace(settings: dict[str, str], redis_url: str | None) -> dict[str, Any]:
    items = Simulator().catalog.item_numbers[:200]

    def read_lines_lazily() -> Iterator[PricingLine]:
        for item in items:
            yield PricingLine(item)

    namespace: dict[str, Any] = {
        "__name__": "__example__",
        "asyncio": asyncio,
        "ScanSourceClient": _ToTheSimulator,
        "PricingLine": PricingLine,
        "lines": [PricingLine(item, quantity=2) for item in items],
        "read_lines_lazily": read_lines_lazily,
        "subscription_key": settings["SCANSOURCE_SUBSCRIPTION_KEY"],
        "order": _order(items[:2]),
    }
    if redis_url is not None:
        namespace["redis_url"] = redis_url
    return namespace


@pytest.mark.loopback
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.id)
def test_the_example_runs(
    example: Example,
    served: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if example.not_run:
        pytest.skip(example.code.splitlines()[0])
    for name, value in served.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(scansource_async, "ScanSourceClient", _ToTheSimulator)
    with _redis_if_used(example) as redis_url:
        code = compile(example.code, example.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        namespace = _namespace(served, redis_url)
        if code.co_flags & inspect.CO_COROUTINE:  # a fragment with top-level await
            asyncio.run(eval(code, namespace))
        else:
            exec(code, namespace)
    capsys.readouterr()  # what the example printed is the reader's, not the test's


@contextlib.contextmanager
def _redis_if_used(example: Example) -> Iterator[str | None]:
    """A redis-server on loopback for an example that uses ``redis_url`` (skipped without the
    binary)."""
    if "redis_url" not in example.code:
        yield None
        return
    if redis_server_binary() is None:
        pytest.skip("redis-server is not installed")
    with RedisServer() as server:
        yield server.url
