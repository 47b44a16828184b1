"""Ceiling: pricing jobs against a rate-limited simulator, as a fraction of the API's ceiling.

For each setting (server rate limit = client ``max_rate``, in-flight cap, server latency, chunk
size) one ``price_many`` job per size runs against a fresh simulator process, and is compared
with the ideal ``min(rate, in_flight / latency) × chunk`` items/s.

The server's token bucket allows one second of burst. The client under test is the default
one (adaptive rate): it paces evenly from its first request (at most 50 ms' worth at once),
since against an API whose limit it does not know a burst is what draws 429s; with
``adaptive_rate=False`` it would burst 0.9 s' worth first. Three ratios are reported:

- ``job ÷ ideal``: the whole job's items/s over the steady ideal (above 1 when a burst helps);
- ``job ÷ ideal+burst``: the whole job against the best time the API's bucket allows,
  ``max(N / (in_flight / latency), (N − burst) / rate) + latency``, the best any client
  could do (one that bursts the API's whole bucket at the start);
- ``steady ÷ ideal``: items/s after the start, over the steady ideal: from the chunk
  completion times, over the last 40% of the job's requests before its tail (the last
  ``in_flight``), for jobs of at least 4 s at the ideal rate.

``÷ in_flight/RTT`` uses the round trip measured alone (the server's latency, which holds its
own work, plus both sides' HTTP handling and the timers' lateness), which is what an
in-flight-bound job can reach at best; ``raw httpx ÷
ideal`` and ``raw aiohttp ÷ ideal`` are hand-written clients (semaphore + gather, no limiter)
on the same job, each against a fresh server process of its own, where the rate limit does
not bind. Every job runs once per HTTP backend (``http_backend="httpx"`` and ``"aiohttp"``),
each against its own server process.
429s are counted on both sides: the client's ``stats.rate_limited`` and the server's answers
(its own count, from its process).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import attrs

from ._harness import (
    CUSTOMER,
    SimulatorProcess,
    client_options,
    fetch_token,
    item_quantities,
    make_parser,
    pricing_body,
    pricing_lines,
    raw_headers,
    report,
    size_of,
)

NAME = "ceiling"
BACKENDS = ("httpx", "aiohttp")
STEADY_MIN_SECONDS = 4.0


@attrs.frozen
class Setting:
    rate: float
    in_flight: int
    latency_ms: float
    chunk: int = 40
    jitter_ms: float = 0.0

    @property
    def label(self) -> str:
        jitter = f"+0..{self.jitter_ms:g}" if self.jitter_ms else ""
        return (
            f"{self.rate:g}/s, {self.in_flight} in flight, {self.latency_ms:g}{jitter} ms,"
            f" chunk {self.chunk}"
        )

    @property
    def capacity(self) -> float:
        """Requests/s the in-flight cap allows at the mean server latency."""
        mean_latency = (self.latency_ms + self.jitter_ms / 2) / 1000
        return self.in_flight / mean_latency

    @property
    def ideal_requests_per_s(self) -> float:
        return min(self.rate, self.capacity)

    @property
    def bound(self) -> str:
        return "rate" if self.rate <= self.capacity else "in flight"


SETTINGS = {
    "full": [
        Setting(rate=200, in_flight=16, latency_ms=20),
        Setting(rate=200, in_flight=16, latency_ms=40, jitter_ms=20),
        Setting(rate=400, in_flight=8, latency_ms=40),
        Setting(rate=100, in_flight=16, latency_ms=30, chunk=100),
    ],
    "tiny": [Setting(rate=400, in_flight=4, latency_ms=20)],
}
SETTINGS["quick"] = SETTINGS["full"]
SIZES = {"full": [20_000, 100_000], "quick": [4_000, 20_000], "tiny": [400]}


def simulator_for(setting: Setting) -> SimulatorProcess:
    """A fresh simulator process with the setting's rate limit, latency and line limit."""
    return SimulatorProcess(
        max_rate=setting.rate,
        latency_ms=setting.latency_ms,
        jitter_ms=setting.jitter_ms,
        max_lines=setting.chunk,
    )


def ideal_job_seconds(setting: Setting, requests: int) -> float:
    """The shortest job the two one-second buckets and the in-flight cap allow."""
    burst = setting.rate  # one second's worth on both sides
    sending = max(requests / setting.capacity, max(0.0, requests - burst) / setting.rate)
    return sending + (setting.latency_ms + setting.jitter_ms / 2) / 1000


def steady_rate(
    setting: Setting, requests: int, timeline: Sequence[tuple[float, int]]
) -> float | None:
    """Items/s over the last 40% of the job's requests before its tail (the last
    ``in_flight``, when fewer are in flight), from (elapsed, chunks done) pairs; None for jobs
    shorter than STEADY_MIN_SECONDS at the ideal rate, where the burst is still a large part
    of that window."""
    if requests / setting.ideal_requests_per_s < STEADY_MIN_SECONDS:
        return None
    last = requests - setting.in_flight
    first = int(last - 0.4 * requests)
    start = next((t for t, done in timeline if done >= first), None)
    end = next((t for t, done in timeline if done >= last), None)
    if start is None or end is None or end <= start:
        return None
    return (last - first) * setting.chunk / (end - start)


async def run_raw_httpx(base_url: str, setting: Setting, count: int) -> float:
    """Items/s of a hand-written httpx client (semaphore of ``in_flight`` + gather) on the same
    job; only meaningful where the rate limit does not bind (it has no limiter)."""
    import httpx

    pairs = item_quantities(count)
    chunks = [pairs[i : i + setting.chunk] for i in range(0, count, setting.chunk)]
    token = fetch_token(base_url)
    limits = httpx.Limits(
        max_connections=setting.in_flight, max_keepalive_connections=setting.in_flight
    )
    async with httpx.AsyncClient(
        base_url=base_url, headers=raw_headers(token), limits=limits, timeout=30
    ) as http:
        semaphore = asyncio.Semaphore(setting.in_flight)

        async def price(chunk: Sequence[tuple[str, int]]) -> Any:
            async with semaphore:
                response = await http.post(
                    "scsc/product/v2/pricing",
                    params={"customerNumber": CUSTOMER},
                    json=pricing_body(chunk),
                )
                response.raise_for_status()
                return response.json()

        await price(chunks[0])
        await asyncio.sleep(1.2)
        started = time.perf_counter()
        await asyncio.gather(*(price(chunk) for chunk in chunks))
        return count / (time.perf_counter() - started)


async def run_raw_aiohttp(base_url: str, setting: Setting, count: int) -> float:
    """The same hand-written client over an ``aiohttp.ClientSession``."""
    import aiohttp

    pairs = item_quantities(count)
    chunks = [pairs[i : i + setting.chunk] for i in range(0, count, setting.chunk)]
    token = fetch_token(base_url)
    connector = aiohttp.TCPConnector(limit=setting.in_flight)
    async with aiohttp.ClientSession(
        base_url=base_url, headers=raw_headers(token), connector=connector
    ) as http:
        semaphore = asyncio.Semaphore(setting.in_flight)
        params = {"customerNumber": CUSTOMER}

        async def price(chunk: Sequence[tuple[str, int]]) -> Any:
            body = pricing_body(chunk)
            async with (
                semaphore,
                http.post("/scsc/product/v2/pricing", params=params, json=body) as r,
            ):
                r.raise_for_status()
                return await r.json()

        await price(chunks[0])
        await asyncio.sleep(1.2)
        started = time.perf_counter()
        await asyncio.gather(*(price(chunk) for chunk in chunks))
        return count / (time.perf_counter() - started)


async def run_job(
    base_url: str, setting: Setting, lines: Sequence[Any], backend: str
) -> dict[str, Any]:
    from scansource_async import ScanSourceClient
    from scansource_async.events import ProgressEvent

    timeline: list[tuple[float, int]] = []

    def on_progress(event: Any) -> None:
        if isinstance(event, ProgressEvent):
            timeline.append((event.elapsed, event.chunks_done))

    async with ScanSourceClient(
        **client_options(base_url),
        max_rate=setting.rate,
        max_in_flight=setting.in_flight,
        chunk_size=setting.chunk,
        http_backend=backend,
    ) as client:
        # The round trip of one full request alone (also fetches the token), then a pause so
        # both buckets are full again when the job starts.
        rtts = []
        for _ in range(5):
            started = time.perf_counter()
            await client.products.pricing(lines[: setting.chunk])
            rtts.append(time.perf_counter() - started)
        await asyncio.sleep(1.2)
        before = client.stats.requests, client.stats.rate_limited
        started = time.perf_counter()
        sheet = await client.products.price_many(lines, on_progress=on_progress)
        wall = time.perf_counter() - started
        if len(sheet) != len(lines) or sheet.failed or sheet.not_attempted:
            raise RuntimeError(f"the job failed {len(sheet.failed)} line(s)")
        return {
            "wall": wall,
            "requests": client.stats.requests - before[0],
            "client_429": client.stats.rate_limited - before[1],
            "rtt": statistics.median(rtts),
            "timeline": timeline,
        }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = make_parser(NAME, __doc__ or "").parse_args(argv)
    size = size_of(args)
    sizes = SIZES[size]
    all_lines = pricing_lines(max(sizes))
    headers = [
        "setting",
        "bound",
        "backend",
        "lines",
        "ideal items/s",
        "items/s",
        "job ÷ ideal",
        "job ÷ ideal+burst",
        "steady ÷ ideal",
        "÷ in_flight/RTT",
        "raw httpx ÷ ideal",
        "raw aiohttp ÷ ideal",
        "429 client",
        "429 server",
        "seconds",
    ]
    rows: list[list[Any]] = []
    for setting in SETTINGS[size]:
        for count in sizes:
            lines = all_lines[:count]
            raw: dict[str, float] = {"httpx": float("nan"), "aiohttp": float("nan")}
            for backend in BACKENDS:
                with simulator_for(setting) as server:
                    job = asyncio.run(run_job(server.base_url, setting, lines, backend))
                if setting.bound == "in flight":  # the baselines have no rate limiter
                    # A fresh server of its own too: one that has priced these lines already
                    # answers faster (its catalog items are built), which would favour it.
                    baseline = run_raw_httpx if backend == "httpx" else run_raw_aiohttp
                    with simulator_for(setting) as raw_server:
                        raw[backend] = asyncio.run(baseline(raw_server.base_url, setting, count))
                requests = -(-count // setting.chunk)
                ideal = setting.ideal_requests_per_s * setting.chunk
                items_per_s = count / job["wall"]
                steady = steady_rate(setting, requests, job["timeline"])
                rtt_ideal = min(setting.rate, setting.in_flight / job["rtt"]) * setting.chunk
                rows.append(
                    [
                        setting.label,
                        setting.bound,
                        backend,
                        count,
                        ideal,
                        items_per_s,
                        items_per_s / ideal,
                        ideal_job_seconds(setting, requests) / job["wall"],
                        float("nan") if steady is None else steady / ideal,
                        (steady or items_per_s) / rtt_ideal,
                        float("nan"),  # filled in below, once both baselines ran
                        float("nan"),
                        job["client_429"],
                        server.status_count(429),
                        job["wall"],
                    ]
                )
                print(
                    f"  {setting.label}, {backend}: {count:,} lines in {job['wall']:.2f}s",
                    file=sys.stderr,
                )
            for row in rows[-len(BACKENDS) :]:
                row[10], row[11] = raw["httpx"] / ideal, raw["aiohttp"] / ideal
    title = (
        "ceiling: price_many against a simulator whose rate limit equals the client's max_rate"
        " (one fresh server process per job)"
    )
    parameters = {
        "size": size,
        "sizes": sizes,
        "settings": [attrs.asdict(s) for s in SETTINGS[size]],
    }
    return report(
        NAME,
        args,
        title,
        headers,
        rows,
        parameters=parameters,
        argv=argv,
    )


if __name__ == "__main__":
    main()
