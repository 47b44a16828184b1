"""The in-flight cap's pacing: a full window goes out spread over the round trip, not in step."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time

import pytest

from scansource_async import PricingLine, ScanSourceClient, ValidationError
from scansource_async._in_flight import MIN_PACING_GAP, PACING_GAIN, InFlightCap, RoundTripFloor
from scansource_async.testing import FaultModel, Simulator

# Timer slack for sleeps that must not end early; a loaded machine only makes them later.
EARLY = 0.002


def test_round_trip_floor_is_the_least_of_two_windows() -> None:
    floor = RoundTripFloor(window=5.0)
    assert floor.seconds is None
    floor.add(0.040, now=0.0)
    floor.add(0.060, now=1.0)
    assert floor.seconds == 0.040
    floor.add(0.070, now=5.5)  # a new window: the last one's floor still counts
    assert floor.seconds == 0.040
    floor.add(0.080, now=10.6)  # two windows on, the server got slower
    assert floor.seconds == 0.070
    floor.add(0.030, now=10.7)
    assert floor.seconds == 0.030


def assert_paced(sends: list[float], gap: float) -> None:
    """Sends follow a schedule one ``gap`` apart: a late wake-up may bring one closer to the
    next, never the schedule itself (so the median and the mean spacing hold)."""
    spacing = [b - a for a, b in itertools.pairwise(sends)]
    assert statistics.median(spacing) >= gap - EARLY, spacing
    assert (sends[-1] - sends[0]) / len(spacing) >= gap - EARLY, spacing


async def hold(cap: InFlightCap, sends: list[float], seconds: float) -> None:
    async with cap:
        sends.append(time.monotonic())
        await asyncio.sleep(seconds)


async def test_a_full_window_is_spread_over_the_round_trip() -> None:
    cap = InFlightCap(4)
    cap.record_round_trip(0.2)
    gap = 0.2 / (4 * PACING_GAIN)
    assert cap.pacing_gap() == pytest.approx(gap)
    sends: list[float] = []
    await asyncio.gather(*(hold(cap, sends, 0.05) for _ in range(12)))
    # The first three go at once (the cap is not full yet); from the one that fills it on,
    # every send waits its turn.
    assert_paced(sends[3:], gap)
    assert cap.paced >= 5
    assert cap.borrowed == 0
    assert "pacing_gap=40.00ms" in repr(cap)


async def test_without_pacing_a_full_window_goes_out_in_step() -> None:
    cap = InFlightCap(4, pacing=False)
    cap.record_round_trip(0.2)
    sends: list[float] = []
    await asyncio.gather(*(hold(cap, sends, 0.05) for _ in range(12)))
    spacing = [b - a for a, b in itertools.pairwise(sends)]
    assert statistics.median(spacing) < 0.2 / (4 * PACING_GAIN) / 2
    assert cap.paced == 0
    assert "pacing_gap" not in repr(cap)


def test_a_gap_a_timer_cannot_keep_is_not_paced() -> None:
    cap = InFlightCap(16)
    cap.record_round_trip(0.02)  # 1 ms between sends: under MIN_PACING_GAP
    assert 0.02 / (16 * PACING_GAIN) < MIN_PACING_GAP
    assert cap.pacing_gap() == 0.0
    cap.record_round_trip(0.01)
    assert cap.pacing_gap() == 0.0
    slower = InFlightCap(4)
    slower.record_round_trip(0.02)  # 4 ms: paced
    assert slower.pacing_gap() == pytest.approx(0.004)


async def test_below_the_cap_nothing_waits() -> None:
    cap = InFlightCap(4)
    cap.record_round_trip(10.0)  # a gap of two seconds, were it to apply
    started = time.monotonic()
    for _ in range(3):  # one at a time: the cap is never full
        async with cap:
            pass
    assert time.monotonic() - started < 1.0
    assert cap.paced == 0


async def test_a_request_cancelled_while_paced_gives_its_slot_back() -> None:
    cap = InFlightCap(1)
    cap.record_round_trip(10.0)
    async with cap:  # fills the cap: the next one to fill it is paced 8 s later
        pass
    waiter = asyncio.create_task(hold(cap, [], 0.0))
    for _ in range(5):
        await asyncio.sleep(0)
    assert cap.borrowed == 1 and cap.paced == 1
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    assert cap.borrowed == 0


def arrivals(sim: Simulator) -> list[float]:
    return sorted(r.started for r in sim.requests if r.operation == "products.pricing")


async def priced_arrivals(*, pace: bool) -> tuple[list[float], float]:
    sim = Simulator(seed=2, catalog_size=400)
    sim.set_faults(FaultModel(latency=0.08))
    lines = [PricingLine(item) for item in sim.catalog.item_numbers[:96]]
    async with sim.client(max_rate=100_000, max_in_flight=4, pace_in_flight=pace) as client:
        sheet = await client.products.price_many(lines, chunk_size=4)
        gap = client.pipeline._in_flight.pacing_gap()
    assert len(sheet.ok) == 96
    return arrivals(sim), gap


async def test_price_many_reaches_the_server_spread_out() -> None:
    paced, gap = await priced_arrivals(pace=True)
    assert gap >= 0.08 / (4 * PACING_GAIN) - EARLY
    # The first window goes at once, before any round trip is known; after it, the server
    # sees the requests one gap apart instead of four at a time.
    assert_paced(paced[4:], gap)
    in_step, _ = await priced_arrivals(pace=False)
    spacing = [b - a for a, b in itertools.pairwise(in_step[4:])]
    assert statistics.median(spacing) < gap / 2, spacing


def test_pace_in_flight_is_checked_and_shown_in_the_config() -> None:
    with pytest.raises(ValidationError, match="pace_in_flight"):
        ScanSourceClient(subscription_key="k" * 16, pace_in_flight="yes")  # type: ignore[arg-type]
    client = ScanSourceClient(subscription_key="k" * 16, pace_in_flight=False)
    assert client.config.pace_in_flight is False
