"""The batching engine on its own: a fake chunk call, no network."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Sequence

import pytest

from scansource_async._batching import Batcher, BatchSettings
from scansource_async.errors import (
    AuthenticationError,
    BadRequestError,
    ItemError,
    NotAttemptedError,
    ScanSourceError,
    ServerError,
)
from scansource_async.events import ProgressEvent

BAD = -1  # the fake API answers 400 to any chunk holding this item
UNKNOWN = -3  # the fake API reports an item-level error for this one


class FakeAPI:
    """Multiplies each item by 10; records every chunk and the peak of chunks in flight."""

    def __init__(self, *, delay: float = 0.0, fail: set[int] | None = None) -> None:
        self.chunks: list[list[int]] = []
        self.delay = delay
        self.fail = fail or set()
        self.in_flight = 0
        self.peak = 0
        self.rng = random.Random(7)

    async def call(self, items: Sequence[int]) -> list[int | ScanSourceError]:
        self.chunks.append(list(items))
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delay * self.rng.random())
            if BAD in items:
                raise BadRequestError("bad line", status_code=400)
            if self.fail & set(items):
                raise ServerError("still failing after retries", status_code=503)
            return [ItemError("not found") if i == UNKNOWN else i * 10 for i in items]
        finally:
            self.in_flight -= 1

    @property
    def sent(self) -> list[int]:
        return [item for chunk in self.chunks for item in chunk]


def result(index: int, item: int, value: int | None, error: BaseException | None) -> tuple:
    return (index, item, value, error)


def settings(**overrides: object) -> BatchSettings:
    values: dict[str, object] = {"chunk_size": 10, "max_in_flight": 4}
    values.update(overrides)
    return BatchSettings(**values)  # type: ignore[arg-type]


async def run(items: object, api: FakeAPI, **overrides: object) -> list[tuple]:
    batcher = Batcher(items, api.call, result, settings(**overrides))  # type: ignore[arg-type]
    return [r async for r in batcher]


async def test_one_result_per_item_in_input_order() -> None:
    api = FakeAPI(delay=0.002)
    items = list(range(500))
    results = await run(items, api)
    assert [r[0] for r in results] == list(range(500))
    assert [r[2] for r in results] == [i * 10 for i in items]
    assert all(len(chunk) <= 10 for chunk in api.chunks)
    assert sorted(api.sent) == items


async def test_duplicates_within_the_window_are_sent_once() -> None:
    api = FakeAPI()
    items = [i % 50 for i in range(400)]
    results = await run(items, api)
    assert [r[2] for r in results] == [i * 10 for i in items]
    assert sorted(api.sent) == list(range(50))


async def test_in_flight_chunks_never_exceed_the_cap() -> None:
    api = FakeAPI(delay=0.005)
    await run(range(400), api, max_in_flight=3)
    assert api.peak == 3


async def test_chunks_keep_going_while_the_consumer_is_busy() -> None:
    # An answered chunk starts the next one itself: a consumer that takes its time over one
    # result does not hold back the requests for items already read.
    api = FakeAPI(delay=0.002)
    batcher = Batcher(range(200), api.call, result, settings(window=200))
    async with asyncio.timeout(10):
        async for _ in batcher:
            await asyncio.sleep(0.5)  # busy with the first result
            assert len(api.chunks) == 20 and api.in_flight == 0
            break
    await batcher.aclose()


async def test_a_bad_item_is_isolated_by_bisection() -> None:
    api = FakeAPI()
    items = list(range(64))
    items[37] = BAD
    results = await run(items, api, chunk_size=16)
    failed = [r for r in results if r[3] is not None]
    assert [r[0] for r in failed] == [37]
    assert isinstance(failed[0][3], BadRequestError)
    assert all(r[2] == r[1] * 10 for r in results if r[3] is None)
    # Bisection costs log2(16) = 4 extra levels for the bad chunk, not one request per line.
    assert len(api.chunks) <= 4 + 2 * 4 + 1


async def test_item_errors_fail_only_their_item() -> None:
    api = FakeAPI()
    results = await run([1, UNKNOWN, 2], api)
    assert [r[2] for r in results] == [10, None, 20]
    assert isinstance(results[1][3], ItemError)


async def test_a_chunk_that_keeps_failing_fails_its_items_and_the_job_goes_on() -> None:
    api = FakeAPI(fail={15})
    results = await run(range(40), api)
    failed = {r[0] for r in results if r[3] is not None}
    assert failed == set(range(10, 20))
    assert all(isinstance(r[3], ServerError) for r in results if r[0] in failed)
    assert all(r[2] == r[1] * 10 for r in results if r[0] not in failed)


async def test_a_fatal_error_fails_the_rest_without_sending_it() -> None:
    calls = 0

    async def refuse(items: Sequence[int]) -> list[int | ScanSourceError]:
        nonlocal calls
        calls += 1
        raise AuthenticationError("bad key", status_code=401)

    results = [r async for r in Batcher(range(1000), refuse, result, settings())]
    assert len(results) == 1000
    assert all(isinstance(r[3], AuthenticationError) for r in results)
    assert calls <= 4  # only the chunks already in flight


async def test_slow_start_sends_one_chunk_until_it_answers_then_fans_out() -> None:
    api = FakeAPI(delay=0.005)
    first_answered = asyncio.Event()
    peak_before_answer = 0

    async def call(items: Sequence[int]) -> list[int | ScanSourceError]:
        nonlocal peak_before_answer
        if not first_answered.is_set():
            peak_before_answer = max(peak_before_answer, api.in_flight + 1)
        try:
            return await api.call(items)
        finally:
            first_answered.set()

    batcher = Batcher(range(400), call, result, settings(max_in_flight=4, slow_start=True))
    results = [r async for r in batcher]
    assert [r[2] for r in results] == [i * 10 for i in range(400)]
    assert peak_before_answer == 1
    assert api.peak == 4  # the cap is reached once the first chunk has answered


async def test_slow_start_costs_a_broken_setup_one_request() -> None:
    calls = 0

    async def refuse(items: Sequence[int]) -> list[int | ScanSourceError]:
        nonlocal calls
        calls += 1
        raise AuthenticationError("bad key", status_code=401)

    batcher = Batcher(range(1000), refuse, result, settings(slow_start=True))
    results = [r async for r in batcher]
    assert all(isinstance(r[3], AuthenticationError) for r in results)
    assert calls == 1


async def test_unordered_mode_yields_every_item_once() -> None:
    api = FakeAPI(delay=0.003)
    results = await run(range(300), api, ordered=False)
    assert sorted(r[0] for r in results) == list(range(300))


async def test_async_iterable_input_is_read_lazily() -> None:
    api = FakeAPI()
    produced = 0

    async def lines() -> AsyncIterator[int]:
        nonlocal produced
        for i in range(5000):
            produced += 1
            yield i

    batcher = Batcher(lines(), api.call, result, settings(window=100))
    seen = 0
    async for _ in batcher:
        seen += 1
        # The reader never runs further ahead of the consumer than the window.
        assert produced - seen <= 100 + 10
    assert seen == 5000


async def test_a_trickling_source_still_gets_partial_chunks_sent() -> None:
    api = FakeAPI()

    async def slow() -> AsyncIterator[int]:
        for i in range(3):
            yield i
            await asyncio.sleep(0.05)

    results = await run(slow(), api, chunk_size=40, linger=0.005)
    assert [r[2] for r in results] == [0, 10, 20]
    assert len(api.chunks) >= 2  # did not wait for a full chunk of 40


async def test_stop_reports_the_rest_as_not_attempted() -> None:
    api = FakeAPI(delay=0.002)
    batcher = Batcher(range(2000), api.call, result, settings())
    results = []
    async for r in batcher:
        results.append(r)
        if len(results) == 100:
            batcher.stop("user asked")
    assert [r[0] for r in results] == list(range(2000))
    done = [r for r in results if r[3] is None]
    skipped = [r for r in results if isinstance(r[3], NotAttemptedError)]
    assert len(done) >= 100
    assert len(done) + len(skipped) == 2000
    assert all(r[2] == r[1] * 10 for r in done)
    assert api.in_flight == 0


async def test_deadline_ends_the_job_on_time() -> None:
    api = FakeAPI(delay=0.02)
    loop = asyncio.get_running_loop()
    started = loop.time()
    batcher = Batcher(range(100_000), api.call, result, settings(deadline=0.2, max_in_flight=2))
    results, stopped_at, chunks_sent = [], None, 0
    async for row in batcher:
        if stopped_at is None and isinstance(row[3], NotAttemptedError):
            stopped_at, chunks_sent = loop.time(), len(api.chunks)
        results.append(row)
    # Timed to the first item the deadline left out: the ~100,000 NotAttemptedError rows after
    # it cost CPU, not waiting, and on a loaded machine that alone can outlast the bound.
    assert stopped_at is not None
    assert stopped_at - started < 1.0
    assert len(api.chunks) == chunks_sent  # nothing sent after the deadline
    assert len(results) == 100_000
    assert any(isinstance(r[3], NotAttemptedError) for r in results)
    assert api.in_flight == 0


async def test_breaking_out_cancels_chunks_in_flight() -> None:
    api = FakeAPI(delay=0.05)
    batcher = Batcher(range(1000), api.call, result, settings())
    async for _ in batcher:
        break
    await batcher.aclose()
    assert api.in_flight == 0


async def test_cancelling_the_consumer_leaves_nothing_running() -> None:
    api = FakeAPI(delay=0.05)

    async def consume() -> None:
        async for _ in Batcher(range(1000), api.call, result, settings()):
            pass

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.03)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert api.in_flight == 0


async def test_raise_on_error_raises_the_first_failure() -> None:
    api = FakeAPI()
    with pytest.raises(ItemError):
        await run([1, 2, UNKNOWN, 4], api, raise_on_error=True)


async def test_groups_never_share_a_chunk() -> None:
    api = FakeAPI()
    batcher = Batcher(range(100), api.call, result, settings(), group=lambda i: i % 3)
    results = [r async for r in batcher]
    assert len(results) == 100
    assert all(len({i % 3 for i in chunk}) == 1 for chunk in api.chunks)


async def test_progress_events_count_items_and_chunks() -> None:
    api = FakeAPI()
    events: list[ProgressEvent] = []
    batcher = Batcher(
        list(range(95)),
        api.call,
        result,
        settings(),
        on_progress=lambda e: events.append(e) if isinstance(e, ProgressEvent) else None,
    )
    _ = [r async for r in batcher]
    assert events[-1].items_done == 95
    assert events[-1].items_total == 95
    assert events[-1].chunks_done == 10
    assert [e.items_done for e in events] == sorted(e.items_done for e in events)


async def test_a_rare_group_does_not_hold_back_ordered_output() -> None:
    api = FakeAPI()
    # Item 0 is the only one of its group: it must not wait for the window to fill.
    items = list(range(3000))
    batcher = Batcher(
        items, api.call, result, settings(window=2000), group=lambda i: "rare" if i == 0 else "x"
    )
    first_chunks_before_rare = None
    async for r in batcher:
        if r[0] == 0:
            first_chunks_before_rare = len(api.chunks)
            break
    await batcher.aclose()
    assert first_chunks_before_rare is not None
    # Sent after about one in-flight window (10 x 4 items), not after a full window (2000).
    assert first_chunks_before_rare <= 8


# -- an input that raises -----------------------------------------------------------------------


class InputBroke(Exception):
    pass


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_an_input_that_raises_hands_out_every_result_it_gave_first(kind: str) -> None:
    def broken() -> object:
        yield from range(25)
        raise InputBroke("the caller's input broke")

    async def broken_async() -> AsyncIterator[int]:
        for item in range(25):
            yield item
            await asyncio.sleep(0)
        raise InputBroke("the caller's input broke")

    items = broken() if kind == "sync" else broken_async()
    api = FakeAPI(delay=0.01)
    batcher = Batcher(items, api.call, result, settings(chunk_size=10))  # type: ignore[arg-type]
    got: list[tuple] = []

    async def consume() -> None:
        async for outcome in batcher:
            got.append(outcome)

    with pytest.raises(InputBroke):
        await consume()
    assert got == [result(i, i, i * 10, None) for i in range(25)]
    assert sorted(api.sent) == list(range(25))


async def test_the_repr_shows_the_jobs_live_state() -> None:
    api = FakeAPI(delay=0.05)
    batcher = Batcher(range(100), api.call, result, settings(chunk_size=10, max_in_flight=2))
    assert repr(batcher) == (
        "<Batcher running read=0 queued=0 in_flight=0/2 done=0 failed=0 handed_out=0 chunks_done=0>"
    )
    iterator = batcher.__aiter__()
    assert await anext(iterator) == result(0, 0, 0, None)
    text = repr(batcher)
    assert text.startswith("<Batcher running read=100 ")
    assert "handed_out=1 " in text
    in_flight = int(text.split("in_flight=")[1].split("/")[0])
    queued = int(text.split("queued=")[1].split(" ")[0])
    assert 0 <= in_flight <= 2 and queued + 10 * in_flight <= 99
    rest = [outcome async for outcome in iterator]
    assert len(rest) == 99
    assert repr(batcher) == (
        "<Batcher done read=100 queued=0 in_flight=0/2 done=100 failed=0 handed_out=100"
        " chunks_done=10>"
    )


async def test_the_repr_of_a_stopped_job() -> None:
    api = FakeAPI(delay=0.05, fail={5})
    batcher = Batcher(range(40), api.call, result, settings(chunk_size=10, max_in_flight=1))
    got = []
    async for outcome in batcher:
        got.append(outcome)
        if len(got) == 1:
            batcher.stop()
            assert repr(batcher).startswith("<Batcher stopping read=40 ")
    not_attempted = sum(isinstance(error, NotAttemptedError) for *_, error in got)
    assert not_attempted >= 20
    assert repr(batcher).startswith("<Batcher stopped read=40 queued=0 in_flight=0/1 done=40 ")
    failed = sum(error is not None for *_, error in got)
    assert f" failed={failed} handed_out=40 " in repr(batcher)
