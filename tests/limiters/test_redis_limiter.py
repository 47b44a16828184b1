"""RedisRateLimiter against a real redis-server: pacing, the shared pause, one round trip per
request (counted with MONITOR), the key never stored, and Redis dying mid-job."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
import redis
import redis.asyncio as aioredis

from benchmarks._limiter_worker import RecordingLimiter
from benchmarks._redis_server import RedisServer
from scansource_async import (
    LimiterStats,
    PricingLine,
    RateLimiter,
    RateLimiterUnavailableError,
    RedisLimiterStats,
    RedisRateLimiter,
    ScanSourceError,
    ValidationError,
)
from scansource_async._redis_limiter import subscription_key_id
from scansource_async.testing import Simulator

SECRET_KEY = "sk-live-0123456789abcdef-SECRET"


@pytest.fixture
def sim() -> Simulator:
    return Simulator(catalog_size=2000, subscription_keys=(SECRET_KEY,))


async def _sends(limiters: list[RedisRateLimiter], per_task: int, tasks: int) -> list[float]:
    times: list[float] = []

    async def run(limiter: RedisRateLimiter) -> None:
        for _ in range(per_task):
            await limiter.acquire()
            times.append(time.monotonic())

    async with anyio.create_task_group() as group:
        for limiter in limiters:
            for _ in range(tasks):
                group.start_soon(run, limiter)
    return sorted(times)


async def _grants(
    limiters: list[RedisRateLimiter], per_task: int, tasks: int
) -> list[tuple[float, float]]:
    """Each acquire as (before, after): the limiter granted it somewhere in between, however
    late a loaded machine let this process notice."""
    grants: list[tuple[float, float]] = []

    async def run(limiter: RedisRateLimiter) -> None:
        for _ in range(per_task):
            before = time.monotonic()
            await limiter.acquire()
            grants.append((before, time.monotonic()))

    async with anyio.create_task_group() as group:
        for limiter in limiters:
            for _ in range(tasks):
                group.start_soon(run, limiter)
    return sorted(grants)


class _Monitor:
    """Every command Redis receives, by MONITOR; ``client_type`` 'lua' marks the commands a
    script ran (inside one round trip), anything else came over the network."""

    def __init__(self, url: str) -> None:
        self._redis = aioredis.Redis.from_url(url)
        self.commands: list[dict[str, Any]] = []
        self._ready = anyio.Event()

    async def run(self) -> None:
        async with self._redis.monitor() as monitor:
            self._ready.set()
            async for command in monitor.listen():
                self.commands.append(command)

    def network(self) -> list[str]:
        return [c["command"] for c in self.commands if c["client_type"] != "lua"]


@pytest.fixture
async def monitor(redis_server: RedisServer) -> AsyncIterator[_Monitor]:
    watcher = _Monitor(redis_server.url)
    task = asyncio.create_task(watcher.run())
    with anyio.fail_after(5):
        await watcher._ready.wait()
    yield watcher
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await watcher._redis.aclose()


# -- the basics ------------------------------------------------------------------------------


def test_it_is_a_rate_limiter_and_its_repr_hides_the_key() -> None:
    limiter = RedisRateLimiter("redis://:hunter2@127.0.0.1:1/0", key=SECRET_KEY, max_rate=5)
    assert isinstance(limiter, RateLimiter)
    assert isinstance(limiter.stats, RedisLimiterStats)
    assert isinstance(limiter.stats, LimiterStats)
    text = repr(limiter)
    assert SECRET_KEY not in text and "hunter2" not in text
    assert limiter.key_id in text and "127.0.0.1:1" in text
    assert limiter.key_id == subscription_key_id(SECRET_KEY)
    assert len(limiter.key_id) == 16
    assert all(SECRET_KEY not in name for name in limiter.redis_keys)


@pytest.mark.parametrize(
    "options",
    [
        {"key": ""},
        {"max_rate": 0},
        {"max_rate": float("inf")},
        {"fail_mode": "maybe"},
        {"strategy": "leaky"},
        {"max_wait": -1},
        {"expected_processes": 0},
        {"socket_timeout": 0},
    ],
)
def test_bad_settings_are_refused(options: dict[str, Any]) -> None:
    settings: dict[str, Any] = {"key": "k", "max_rate": 10, **options}
    with pytest.raises(ValidationError):
        RedisRateLimiter("redis://127.0.0.1:1/0", **settings)


def test_importing_the_package_does_not_need_redis() -> None:
    code = (
        "import sys; sys.modules['redis'] = None; sys.modules['limits'] = None\n"
        "import scansource_async\n"
        "try:\n    scansource_async.RedisRateLimiter\n"
        "except ImportError as exc:\n    print('lazy' if '[redis] extra' in str(exc) else exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "lazy", out.stderr


# -- pacing and the shared pause ---------------------------------------------------------------


async def test_limiters_sharing_a_key_share_the_rate(redis_server: RedisServer) -> None:
    rate = 200.0
    limiters = [RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=rate) for _ in range(3)]
    other = RedisRateLimiter(redis_server.url, key="another-key", max_rate=rate)
    try:
        times = await _sends(limiters, per_task=20, tasks=4)  # 240 requests: 1.2 s
        assert len(times) == 240
        measured = (len(times) - 1) / (times[-1] - times[0])
        assert 0.9 * rate <= measured <= 1.03 * rate, measured
        # Evenly spaced: never a burst (the API's bucket never empties). At most 100 ms of
        # slots, plus the 50 ms a late process may catch up on, in any 100 ms.
        assert max(sum(1 for t in times if s <= t < s + 0.1) for s in times) <= 0.15 * rate + 3
        # Another key has a limit of its own: no wait for a slot (its own count, not the wall
        # clock: the first acquire also connects to Redis, slow on a loaded machine).
        await other.acquire()
        assert other.stats.acquired == 1 and other.stats.waited_seconds == 0
        assert sum(limiter.stats.acquired for limiter in limiters) == 240
        assert sum(limiter.stats.waited_seconds for limiter in limiters) > 0
    finally:
        for limiter in [*limiters, other]:
            await limiter.aclose()


async def test_a_pause_from_one_limiter_holds_the_others(redis_server: RedisServer) -> None:
    first = RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=100)
    second = RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=100)
    try:
        await second.acquire()
        await first.pause(0.5)
        await first.pause(0.1)  # a shorter pause does not shorten the shared one
        began = time.monotonic()
        await second.acquire()
        assert 0.4 <= time.monotonic() - began < 1.0
        assert first.stats.pauses == 1 and second.stats.pauses == 0
        # After the pause, traffic resumes at the rate, not in a burst.
        began = time.monotonic()
        for _ in range(10):
            await second.acquire()
        assert time.monotonic() - began >= 0.08
    finally:
        await first.aclose()
        await second.aclose()


async def test_moving_window_strategy_shares_limit_and_pause(redis_server: RedisServer) -> None:
    # The limits library's moving window: at most max_rate per second, pause shared too.
    limiters = [
        RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=50, strategy="moving-window")
        for _ in range(2)
    ]
    try:
        grants = await _grants(limiters, per_task=15, tasks=2)  # 60 requests
        # Grants known to fall inside one window of (a hair under) a second: at most 50.
        assert max(sum(1 for b, a in grants if b >= s and a < s + 0.99) for s, _ in grants) <= 50
        times = sorted(after for _, after in grants)
        assert times[-1] - times[0] >= 0.9
        await limiters[0].pause(0.4)
        began = time.monotonic()
        await limiters[1].acquire()
        assert time.monotonic() - began >= 0.3
        # It takes more than one round trip per request (why it is not the default).
        assert sum(limiter.stats.round_trips for limiter in limiters) > 61
    finally:
        for limiter in limiters:
            await limiter.aclose()


# -- one round trip per request ----------------------------------------------------------------


async def test_one_round_trip_per_request(
    redis_server: RedisServer, monitor: _Monitor, sim: Simulator
) -> None:
    limiter = RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=500)
    lines = [PricingLine(item) for item in sim.catalog.item_numbers[:200]]
    async with sim.client(rate_limiter=limiter, chunk_size=4) as client:
        await limiter.acquire()  # warm up: connect and load the script
        await limiter.pause(0.001)
        await anyio.sleep(0.01)
        monitor.commands.clear()
        before = limiter.stats.round_trips
        sheet = await client.products.price_many(lines)
        await anyio.sleep(0.2)  # let MONITOR deliver the last commands
    assert all(result.ok for result in sheet)
    requests = client.stats.requests
    assert requests == 50
    sent = monitor.network()
    assert Counter(command.split()[0] for command in sent) == {"EVALSHA": requests}
    assert limiter.stats.round_trips - before == requests
    # Inside that one round trip, the script reads the shared pause and the schedule.
    inside = Counter(c["command"].split()[0] for c in monitor.commands if c["client_type"] == "lua")
    assert inside["PTTL"] == requests and inside["TIME"] == requests


# -- the subscription key never reaches Redis --------------------------------------------------


async def test_the_key_is_never_sent_to_redis(
    redis_server: RedisServer, monitor: _Monitor, sim: Simulator
) -> None:
    limiters = [
        RedisRateLimiter(redis_server.url, key=SECRET_KEY, max_rate=1000, strategy=strategy)
        for strategy in ("gcra", "moving-window")
    ]
    for limiter in limiters:
        for _ in range(5):
            await limiter.acquire()
        await limiter.pause(0.3)
    sim.throttle(0.2)
    async with sim.client(rate_limiter=limiters[0], max_retries=3) as client:
        await client.customers.get()  # a real 429 and its shared pause
    await anyio.sleep(0.2)
    for limiter in limiters:
        await limiter.aclose()
    secret = SECRET_KEY.encode()
    store = redis.Redis.from_url(redis_server.url)
    names = store.keys("*")
    assert names, "the limiters stored their state"
    for name in names:
        assert secret not in name
        assert subscription_key_id(SECRET_KEY).encode() in name
        kind = store.type(name)
        readers = {
            b"list": lambda key: store.lrange(key, 0, -1),
            b"hash": lambda key: [*store.hkeys(key), *store.hvals(key)],
            b"zset": lambda key: store.zrange(key, 0, -1),
        }
        values = readers.get(kind, lambda key: [store.get(key)])(name)
        assert all(secret not in (value or b"") for value in values), (name, values)
        assert secret not in (store.dump(name) or b"")
    store.close()
    assert not any(SECRET_KEY in command["command"] for command in monitor.commands)


# -- Redis dying mid-job -----------------------------------------------------------------------


async def _price_while_redis_dies(
    redis_server: RedisServer, sim: Simulator, limiter: RateLimiter, killed: list[float]
) -> list[Any]:
    lines = [PricingLine(item) for item in sim.catalog.item_numbers[:240]]

    async def kill_soon() -> None:
        await anyio.sleep(0.5)
        redis_server.kill()
        killed.append(time.time())

    async with sim.client(rate_limiter=limiter, chunk_size=2, max_in_flight=8) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(kill_soon)
            with anyio.fail_after(20):
                sheet = await client.products.price_many(lines)
    results = list(sheet)
    assert [result.index for result in results] == list(range(len(lines))), "a result per line"
    for result in results:
        if result.ok:
            assert result.product.unit_price == sim.product(result.line.item_number)["UnitPrice"]
    return results


async def test_redis_dies_mid_job_fail_closed(
    redis_server: RedisServer, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    # 120 requests at 60/s: 2 s of work; Redis is killed after 0.5 s.
    limiter = RedisRateLimiter(
        redis_server.url, key=SECRET_KEY, max_rate=60, max_wait=0.3, probe_interval=0.05
    )
    caplog.set_level(logging.WARNING, logger="scansource_async")
    began = time.monotonic()
    results = await _price_while_redis_dies(redis_server, sim, limiter, [])
    assert time.monotonic() - began < 5, "the remaining lines fail quickly"
    priced = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    assert priced and failed
    assert all(isinstance(r.error, RateLimiterUnavailableError) for r in failed)
    assert all(isinstance(r.error, ScanSourceError) for r in failed)
    message = str(failed[0].error)
    assert "unreachable" in message and "not sent" in message and SECRET_KEY not in message
    assert limiter.stats.unavailable > 0 and limiter.stats.store_errors > 0
    assert not limiter.available
    assert "unreachable" in caplog.text and SECRET_KEY not in caplog.text

    # Redis comes back (empty): the limiter reconnects and paces again.
    redis_server.start()
    await anyio.sleep(0.06)
    with anyio.fail_after(5):
        await limiter.acquire()
        await limiter.acquire()
    assert limiter.available and limiter.stats.recoveries == 1
    before = limiter.stats.round_trips
    began = time.monotonic()
    for _ in range(6):
        await limiter.acquire()
    assert time.monotonic() - began >= 5 / 60 * 0.9
    assert limiter.stats.round_trips - before == 6
    await limiter.aclose()


async def test_redis_dies_mid_job_fail_open(redis_server: RedisServer, sim: Simulator) -> None:
    limiter = RedisRateLimiter(
        redis_server.url, key=SECRET_KEY, max_rate=60, fail_mode="open",
        expected_processes=2, probe_interval=0.05,
    )  # fmt: skip
    recording = RecordingLimiter(limiter)
    killed: list[float] = []
    results = await _price_while_redis_dies(redis_server, sim, recording, killed)
    assert all(result.ok for result in results), "the job completes"
    assert limiter.stats.fallback_acquired > 0 and limiter.stats.unavailable == 0
    # After the kill, the fallback paces at max_rate / expected_processes = 30/s (after the
    # one-second burst its local bucket starts with).
    after = [t for t in recording.sends if t > killed[0]][30:]
    assert len(after) >= 20
    assert (len(after) - 1) / (after[-1] - after[0]) <= 30 * 1.1

    redis_server.start()
    await anyio.sleep(0.06)
    before = limiter.stats.fallback_acquired
    for _ in range(3):
        await limiter.acquire()
    assert limiter.available and limiter.stats.recoveries == 1
    assert limiter.stats.fallback_acquired == before, "back on the shared limit"
    await limiter.aclose()


async def test_fail_closed_without_redis_waits_at_most_max_wait() -> None:
    from benchmarks._redis_server import free_port

    limiter = RedisRateLimiter(
        f"redis://127.0.0.1:{free_port()}/0", key=SECRET_KEY, max_rate=10, max_wait=0.3
    )
    began = time.monotonic()
    with pytest.raises(RateLimiterUnavailableError):
        await limiter.acquire()
    assert 0.25 <= time.monotonic() - began < 1.5
    # The outage has lasted max_wait: the next call fails at once.
    began = time.monotonic()
    with pytest.raises(RateLimiterUnavailableError):
        await limiter.acquire()
    assert time.monotonic() - began < 0.2
    await limiter.pause(1)  # no Redis: the pause still holds this process, and does not raise
    assert limiter.stats.pauses == 1
    await limiter.aclose()
