"""The local limits show their live state in their reprs (as aiolimiter's limiter does)."""

from __future__ import annotations

import asyncio
import re

from scansource_async import LocalRateLimiter
from scansource_async._in_flight import InFlightCap


def field(text: str, name: str) -> str:
    match = re.search(rf" {name}=([^ >]+)", text)
    assert match is not None, text
    return match.group(1)


async def test_in_flight_cap_repr_counts_holders_and_waiters() -> None:
    cap = InFlightCap(2)
    assert repr(cap) == "<InFlightCap borrowed=0/2 waiting=0>"
    release = asyncio.Event()

    async def hold() -> None:
        async with cap:
            await release.wait()

    tasks = [asyncio.create_task(hold()) for _ in range(3)]
    for _ in range(10):
        await asyncio.sleep(0)
    assert repr(cap) == "<InFlightCap borrowed=2/2 waiting=1>"
    release.set()
    await asyncio.gather(*tasks)
    assert repr(cap) == "<InFlightCap borrowed=0/2 waiting=0>"


async def test_a_cancelled_waiter_leaves_the_cap_count() -> None:
    cap = InFlightCap(1)
    release = asyncio.Event()

    async def hold() -> None:
        async with cap:
            await release.wait()

    holder = asyncio.create_task(hold())
    waiter = asyncio.create_task(hold())
    for _ in range(5):
        await asyncio.sleep(0)
    assert repr(cap) == "<InFlightCap borrowed=1/1 waiting=1>"
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    assert repr(cap) == "<InFlightCap borrowed=1/1 waiting=0>"
    release.set()
    await holder


async def test_rate_limiter_repr_shows_tokens_waiters_and_the_pause() -> None:
    limiter = LocalRateLimiter(20)  # fixed rate: a burst of 18 requests
    text = repr(limiter)
    assert text.startswith("<LocalRateLimiter max_rate=20 fixed rate=20/s tokens=18.0 ")
    assert "waiters=0 paused_for=0.000s acquired=0 pauses=0 rate_cuts=0>" in text

    await limiter.acquire()
    assert field(repr(limiter), "tokens") == "17.0"
    assert field(repr(limiter), "acquired") == "1"

    # More callers than the burst: the rest wait for their slots, and say so.
    tasks = [asyncio.create_task(limiter.acquire()) for _ in range(25)]
    for _ in range(5):
        await asyncio.sleep(0)
    text = repr(limiter)
    assert field(text, "acquired") == "18"
    assert field(text, "waiters") == "8"
    assert float(field(text, "tokens")) < 0  # slots are reserved ahead of now
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert field(repr(limiter), "waiters") == "0"

    await limiter.pause(5)
    text = repr(limiter)
    assert field(text, "pauses") == "1"
    assert 4.0 < float(field(text, "paused_for").rstrip("s")) <= 5.0


async def test_adaptive_rate_limiter_repr_shows_the_cut_rate() -> None:
    limiter = LocalRateLimiter(100, adaptive=True)
    assert "adaptive rate=100/s tokens=6.0 " in repr(limiter)  # 50 ms' worth + 1
    for _ in range(4):
        await limiter.acquire()
    await limiter.pause(0.01)
    text = repr(limiter)
    assert field(text, "rate_cuts") == "1"
    assert float(field(text, "rate").rstrip("/s")) < 100


def test_rate_limiter_repr_outside_an_event_loop() -> None:
    text = repr(LocalRateLimiter(20, adaptive=True))
    assert text.startswith("<LocalRateLimiter max_rate=20 adaptive rate=20/s tokens=- waiters=0")
