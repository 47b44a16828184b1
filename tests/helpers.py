"""Test helpers: the mocked API's settings and a client factory for them, scripted respx side
effects that record when requests arrive, and secret checks. (Fixtures live in conftest.py.)"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from scansource_async import RetryPolicy, ScanSourceClient

BASE_URL = "https://api.test.invalid/"
TOKEN_URL = "https://login.test.invalid/token"
SUBSCRIPTION_KEY = "sub-key-0123456789abcdef"
CLIENT_ID = "client-id-1"
CLIENT_SECRET = "client-secret-fedcba9876543210"
ACCESS_TOKEN = "access-token-a1b2c3d4e5f6"
# Fast backoff so retry tests take milliseconds.
FAST_RETRY = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)


def make_client(**options: object) -> ScanSourceClient:
    """A client of the respx-mocked API (OAuth, millisecond backoff, no pacing); ``options``
    override any setting."""
    settings: dict[str, object] = {
        "subscription_key": SUBSCRIPTION_KEY,
        "customer_number": "1000001",
        "base_url": BASE_URL,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "token_url": TOKEN_URL,
        "retry": FAST_RETRY,
        "max_rate": 10_000,
    }
    settings.update(options)
    return ScanSourceClient(**settings)  # type: ignore[arg-type]


SECRETS = (SUBSCRIPTION_KEY, CLIENT_SECRET, ACCESS_TOKEN)

Outcome = Callable[[httpx.Request], httpx.Response] | BaseException | type[BaseException]


def reply(
    status: int = 200,
    *,
    json: Any = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    """A fresh response per call (a Response object must not be handed out twice)."""

    def make(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if json is not None:
            return httpx.Response(status, json=json, headers=headers)
        return httpx.Response(status, headers=headers)

    return make


class Script:
    """A respx side effect playing one outcome per call (the last one repeats).

    Records each request and the monotonic time it reached the mock; ``delay`` makes every
    call take that long before answering.
    """

    def __init__(self, *outcomes: Outcome, delay: float = 0.0) -> None:
        assert outcomes, "a script needs at least one outcome"
        self.outcomes = outcomes
        self.delay = delay
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    @property
    def calls(self) -> int:
        return len(self.requests)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        index = len(self.requests)
        self.requests.append(request)
        self.times.append(time.monotonic())
        if self.delay:
            await asyncio.sleep(self.delay)
        outcome = self.outcomes[min(index, len(self.outcomes) - 1)]
        if isinstance(outcome, BaseException):
            raise outcome
        if isinstance(outcome, type) and issubclass(outcome, BaseException):
            raise outcome("scripted failure")
        return outcome(request)


def assert_no_secrets(*texts: object, secrets: tuple[str, ...] = SECRETS) -> None:
    for text in texts:
        rendered = str(text)
        for secret in secrets:
            assert secret not in rendered, f"secret leaked into {rendered!r}"


def assert_clean_exception(exc: BaseException, secrets: tuple[str, ...] = SECRETS) -> None:
    """No secret in str/repr of the exception or anything a traceback would show with it."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        assert_no_secrets(str(current), repr(current), secrets=secrets)
        pending += [current.__cause__, getattr(current, "cause", None)]
        if not current.__suppress_context__:
            pending.append(current.__context__)


@contextmanager
def raises(
    expected: type[BaseException], *, match: str | None = None
) -> Iterator[pytest.ExceptionInfo[Any]]:
    """``pytest.raises`` that also checks that the error does not leak a secret."""
    with pytest.raises(expected, match=match) as info:
        yield info
    assert_clean_exception(info.value)


def pricing_records(sim: Any) -> list[Any]:
    """The pricing requests a simulator received, in order, whatever the route layout."""
    return [
        record
        for record in sim.requests.filter(method="POST")
        if record.path.endswith("pricing") and isinstance(record.body, dict)
    ]


def priced_items(sim: Any) -> list[str]:
    """Every item number sent in a pricing request so far, in order."""
    return [line["ItemNumber"] for record in pricing_records(sim) for line in record.body["Lines"]]
