"""The reliability scenarios, each a coroutine that runs one case end to end and returns its
:class:`~harness.Figures` (what it tried, what held). The default-suite tests run them small and
assert every figure; ``soak_report.py`` runs them at full size and prints the table.

All traffic goes to a simulator in this process: over loopback (``sim.serve()``, 127.0.0.1) or
in-process. Every loop is bounded by a count, and every scenario by its own time limit.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import random
import re
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from scansource_async import (
    Address,
    CartRequest,
    DeadlineExceededError,
    ItemError,
    NotAttemptedError,
    OrderLine,
    OutcomeUnknownError,
    PricingLine,
    SalesOrderRequest,
    ScanSourceError,
    ShippingInfo,
    Timeout,
)
from scansource_async.testing import FaultModel, Simulator
from scansource_async.testing.ledger import ledger

from .harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    SUBSCRIPTION_KEY,
    Figures,
    SecretWatch,
    client_of,
    client_tasks,
    is_unknown,
    leaks,
    oracle_mismatch,
    pricing_job,
    timed,
    wire_lines,
)

PRICING = "POST product/pricing"
CATALOG_SIZE = 20_000

#: The fault soak's mix (the issue's numbers): 5 % 5xx, 2 % 429 with a short Retry-After,
#: 1 % dropped connections, latency jitter.
SOAK_FAULTS = FaultModel(
    jitter=0.004,
    error_rate=0.05,
    error_statuses=(500, 502, 503, 504),
    throttle_rate=0.02,
    throttle_retry_after=0.02,
    drop_rate=0.01,
)


# -- fault soak --------------------------------------------------------------------------------


async def fault_soak(watch: SecretWatch, lines: int, *, seed: int = 1) -> Figures:
    """One ``price_many`` job of ``lines`` lines over loopback under :data:`SOAK_FAULTS`."""
    figures = Figures("fault soak: price_many over loopback", size=lines, unit="lines")
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE)
    sim.set_faults({PRICING: SOAK_FAULTS}, seed=seed)
    job = pricing_job(sim, lines, seed)
    with timed(figures):
        async with sim.serve() as url, client_of(sim, url) as client:
            baseline = set(asyncio.all_tasks())
            sheet = await client.products.price_many(job)
            figures.leaked_connections, figures.leaked_tasks = await leaks(client, baseline)
            figures.retries = client.stats.retries
            _check_sheet(figures, sim, job, sheet, watch)
            watch.reprs(client, client.config, client.pipeline, sheet[0], sheet[-1])
            # Still usable after the job.
            product = await client.products.price(job[0].item_number, job[0].quantity)
            figures.check(
                oracle_mismatch(sim, job[0], product) is None, "client unusable after the job"
            )

    figures.add_faults(sim)
    answered, faulted_lines, faulted_requests, unexpected = wire_lines(sim)
    distinct = {(line.item_number, line.quantity) for line in job}
    again = answered.copy()
    again[(job[0].item_number, job[0].quantity)] -= 1  # the usability check above
    # Each distinct line answered 200 exactly once; anything more was priced twice.
    figures.duplicated += sum(count - 1 for count in again.values() if count > 1)
    figures.duplicated += len(set(answered) - distinct)
    figures.lost += len(distinct - set(answered))
    for text in unexpected[:5]:
        figures.problem(f"pricing request answered {text}")
    # Every re-sent line is accounted for by a request that got a fault: one retry each.
    figures.check(
        figures.retries == faulted_requests,
        f"{figures.retries} retries for {faulted_requests} faulted requests",
    )
    figures.notes.append(
        f"{len(distinct)} distinct lines on the wire once each; {faulted_lines} line sends"
        f" retried in {faulted_requests} faulted requests"
    )
    return figures


def _check_sheet(
    figures: Figures, sim: Simulator, job: list[PricingLine], sheet: Any, watch: SecretWatch
) -> None:
    figures.check(len(sheet) == len(job), f"{len(sheet)} results for {len(job)} lines")
    figures.lost += max(0, len(job) - len(sheet))
    for index, (line, result) in enumerate(zip(job, sheet, strict=False)):
        if result.index != index or result.line != line:
            figures.wrong += 1
            figures.problem(f"result {index} is for line {result.index} ({result.line})")
        elif is_unknown(line):
            if not isinstance(result.error, ItemError):
                figures.wrong += 1
                figures.problem(f"unknown item {line.item_number}: {result.error!r}")
        elif result.error is not None:
            figures.lost += 1
            watch.exception(result.error)
            figures.problem(f"line {index} failed: {result.error!r}")
        elif (mismatch := oracle_mismatch(sim, line, result.product)) is not None:
            figures.wrong += 1
            figures.problem(mismatch)


# -- creates under faults ----------------------------------------------------------------------

CREATE_FAULTS = FaultModel(
    after_action=True,  # the server acts, then the answer is lost
    error_rate=0.06,
    error_statuses=(500, 502, 503, 504),
    drop_rate=0.04,
    throttle_rate=0.03,  # a 429 always strikes before acting: safe to retry
    throttle_retry_after=0.02,
    jitter=0.002,
)
ADDRESS = Address(
    name="Northwind Store 12",
    street1="12 Market St",
    city="Greenville",
    state="SC",
    postal_code="29601",
    country="US",
)
SHIPPING = ShippingInfo(service_level_code="UPSGND", address=ADDRESS)


async def creates_under_faults(watch: SecretWatch, count: int, *, seed: int = 2) -> Figures:
    """``count`` sales orders and ``count`` carts created over loopback while 10 % of creates
    fail after the server acted: never a duplicate, every ambiguous create an
    OutcomeUnknownError, and every ambiguous order found again by its PO number."""
    figures = Figures("creates under faults: orders + carts", size=2 * count, unit="creates")
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE)
    sim.set_faults(
        {"POST salesorder/create": CREATE_FAULTS, "POST cart/": CREATE_FAULTS}, seed=seed
    )
    items = sim.catalog.item_numbers
    with timed(figures):
        async with sim.serve() as url, client_of(sim, url) as client:
            baseline = set(asyncio.all_tasks())

            async def create_order(n: int) -> tuple[str, Any]:
                po = f"PO-{seed}-{n:06d}"
                order = SalesOrderRequest(
                    po_number=po,
                    business_unit="1712",
                    shipping=SHIPPING,
                    lines=[OrderLine(part_number=items[n % len(items)], quantity=1)],
                )
                try:
                    return po, await client.sales_orders.create(order)
                except ScanSourceError as exc:
                    return po, exc

            async def create_cart(n: int) -> tuple[str, str, Any]:
                key, name = f"soak/{n % 25}", f"cart-{seed}-{n:06d}"
                try:
                    return key, name, await client.carts.create(key, CartRequest(name=name))
                except ScanSourceError as exc:
                    return key, name, exc

            orders = await asyncio.gather(*(create_order(n) for n in range(count)))
            carts = await asyncio.gather(*(create_cart(n) for n in range(count)))
            figures.retries = client.stats.retries

            _check_orders(figures, sim, orders, watch)
            await _find_ambiguous_orders(figures, client, orders)
            await _check_carts(figures, sim, client, carts, watch)
            figures.leaked_connections, figures.leaked_tasks = await leaks(client, baseline)
    figures.add_faults(sim)
    return figures


def _check_orders(
    figures: Figures, sim: Simulator, orders: list[tuple[str, Any]], watch: SecretWatch
) -> None:
    created = {po: r for po, r in orders if not isinstance(r, BaseException)}
    ambiguous = {po: r for po, r in orders if isinstance(r, OutcomeUnknownError)}
    others = [(po, r) for po, r in orders if isinstance(r, BaseException) and po not in ambiguous]
    for po, exc in others[:5]:
        figures.problem(f"order {po}: {exc!r}")
    figures.lost += len(others)
    for exc in ambiguous.values():
        watch.exception(exc)
    for po, exc in ambiguous.items():
        figures.check(exc.po_number == po, f"OutcomeUnknownError for {po} names {exc.po_number}")
    refused = [po for po, r in created.items() if not r.received]
    figures.check(not refused, f"orders refused: {refused[:5]}")

    held = Counter(order.po_number for order in ledger(sim).orders())
    figures.duplicated += sum(n - 1 for n in held.values() if n > 1)
    figures.check(
        sum(held.values()) == len(created) + len(ambiguous),
        f"server holds {sum(held.values())} orders for {len(created)} created"
        f" + {len(ambiguous)} ambiguous",
    )
    figures.lost += len(set(created) - set(held))
    for po in created:  # the gateway answers no order number: the PO number is the key
        figures.check(held[po] == 1, f"{held[po]} orders hold {po}")
    injected = [
        r
        for r in sim.requests
        if r.operation == "sales_orders.create" and r.fault in ("error", "drop")
    ]
    figures.check(
        len(ambiguous) == len(injected),
        f"{len(ambiguous)} OutcomeUnknownError for {len(injected)} faults after action (orders)",
    )
    figures.notes.append(
        f"orders: {len(created)} created, {len(ambiguous)} ambiguous (OutcomeUnknownError),"
        f" {len(injected)} failures injected after action"
    )


async def _find_ambiguous_orders(
    figures: Figures, client: Any, orders: list[tuple[str, Any]]
) -> None:
    """What a caller does after OutcomeUnknownError: look the order up by its PO number."""
    for po, r in orders:
        if isinstance(r, OutcomeUnknownError):
            found = await client.sales_orders.list(po_number=po).to_list()
            if [s.po_number for s in found] != [po]:
                figures.lost += 1
                figures.problem(f"ambiguous order {po}: list(po_number=) found {len(found)}")


async def _check_carts(
    figures: Figures,
    sim: Simulator,
    client: Any,
    carts: list[tuple[str, str, Any]],
    watch: SecretWatch,
) -> None:
    created = [(k, n) for k, n, r in carts if not isinstance(r, BaseException)]
    ambiguous = [(k, n, r) for k, n, r in carts if isinstance(r, OutcomeUnknownError)]
    others = [(n, r) for _, n, r in carts if isinstance(r, BaseException)]
    others = [(n, r) for n, r in others if not isinstance(r, OutcomeUnknownError)]
    for name, exc in others[:5]:
        figures.problem(f"cart {name}: {exc!r}")
    figures.lost += len(others)
    for _, _, exc in ambiguous:
        watch.exception(exc)
    tenant = ledger(sim).tenant_of_key()
    names = Counter(
        (key, cart.name) for key, col in tenant.carts.items() for cart in col.carts.values()
    )
    figures.duplicated += sum(n - 1 for n in names.values() if n > 1)
    figures.check(
        sum(names.values()) == len(created) + len(ambiguous),
        f"server holds {sum(names.values())} carts for {len(created)} created"
        f" + {len(ambiguous)} ambiguous",
    )
    figures.lost += len(set(created) - set(names))
    injected = [
        r
        for r in sim.requests
        if r.method == "POST"
        and (r.operation or "").startswith("carts.")
        and r.fault in ("error", "drop")
    ]
    figures.check(
        len(ambiguous) == len(injected),
        f"{len(ambiguous)} OutcomeUnknownError for {len(injected)} faults after action (carts)",
    )
    # The caller's check after an ambiguous create: the cart is there, once.
    for key, name, _ in ambiguous:
        found = [c for c in await client.carts.list(key, name=name) if c.name == name]
        if len(found) != 1:
            figures.lost += 1
            figures.problem(f"ambiguous cart {name}: found {len(found)}")
    figures.notes.append(
        f"carts: {len(created)} created, {len(ambiguous)} ambiguous, {len(injected)} injected"
    )


# -- cancellation ------------------------------------------------------------------------------

MODES = ("stop", "stop-from-outside", "cancel", "break", "cancel-stream")


async def cancellation(watch: SecretWatch, trials: int, *, seed: int = 3) -> Figures:
    """``trials`` bulk jobs, each ended at a random point in a random way, on one client over
    loopback: nothing leaks, partial results are right, the client stays usable."""
    figures = Figures("cancellation: jobs ended at random points", size=trials, unit="trials")
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE, request_log_size=0)
    sim.set_faults({PRICING: FaultModel(latency=0.002, jitter=0.008)}, seed=seed)
    rng = random.Random(seed)
    modes: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    with timed(figures):
        async with sim.serve() as url, client_of(sim, url, max_in_flight=8) as client:
            baseline = set(asyncio.all_tasks())
            for trial in range(trials):
                mode = MODES[trial % len(MODES)]
                modes[mode] += 1
                job = pricing_job(sim, rng.randint(200, 2_500), seed * 1_000 + trial, unknown=0)
                try:
                    ended = await asyncio.wait_for(
                        _one_cancellation(figures, sim, client, job, mode, rng), 30
                    )
                    outcomes[ended] += 1
                except TimeoutError:
                    figures.problem(f"trial {trial} ({mode}) did not end within 30 s")
                busy, tasks = await leaks(client, baseline)
                figures.leaked_connections += busy
                figures.leaked_tasks += tasks
                if busy or tasks:
                    figures.problem(f"trial {trial} ({mode}): {busy} busy, {tasks} tasks left")
                # Still usable: one more request, priced right.
                line = job[0]
                product = await client.products.price(line.item_number, line.quantity)
                if oracle_mismatch(sim, line, product) is not None:
                    figures.problem(f"trial {trial} ({mode}): client unusable after")
            figures.retries = client.stats.retries
    figures.notes.append(
        f"modes {dict(modes)}; {outcomes['cut']} ended mid-job,"
        f" {outcomes['completed']} completed before the end came"
    )
    figures.check(outcomes["cut"] * 2 >= trials, f"only {outcomes['cut']} trials ended mid-job")
    return figures


async def _one_cancellation(
    figures: Figures, sim: Simulator, client: Any, job: list[PricingLine], mode: str, rng: Any
) -> str:
    """End one job the ``mode`` way; returns "cut" if it ended mid-job, else "completed"."""
    if mode == "cancel":
        task = asyncio.ensure_future(client.products.price_many(job))
        await asyncio.sleep(rng.uniform(0.0, 0.06))
        task.cancel()
        try:
            sheet = await task
        except asyncio.CancelledError:
            return "cut"
        # Finished before the cancel landed: then it must be complete and right.
        _check_partial(figures, sim, job, list(sheet), allow_not_attempted=False)
        return "completed"
    if mode == "cancel-stream":

        async def consume() -> None:
            async with client.products.stream_prices(job) as stream:
                async for _ in stream:
                    pass

        task = asyncio.ensure_future(consume())
        await asyncio.sleep(rng.uniform(0.0, 0.06))
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return "cut"
        return "completed"

    stop_after = rng.randint(0, len(job))
    results: list[Any] = []
    async with client.products.stream_prices(job) as stream:
        stopper = None
        if mode == "stop-from-outside":

            async def stop_later() -> None:
                await asyncio.sleep(rng.uniform(0.0, 0.06))
                stream.stop("stopped from outside")

            stopper = asyncio.ensure_future(stop_later())
        if mode == "stop" and stop_after == 0:
            stream.stop("stopped before the first result")
        async for result in stream:
            results.append(result)
            if len(results) == stop_after:
                if mode == "stop":
                    stream.stop("enough")
                elif mode == "break":
                    break
        if stopper is not None:
            stopper.cancel()
    if mode == "break":
        _check_partial(figures, sim, job[: len(results)], results, allow_not_attempted=False)
        return "cut" if len(results) < len(job) else "completed"
    figures.check(len(results) == len(job), f"{mode}: {len(results)} results for {len(job)}")
    _check_partial(figures, sim, job, results, allow_not_attempted=True)
    if mode == "stop":
        done = sum(1 for r in results[:stop_after] if r.error is None)
        figures.check(done == stop_after, f"stop: {done} of the first {stop_after} priced")
    cut = any(isinstance(r.error, NotAttemptedError) for r in results)
    return "cut" if cut else "completed"


def _check_partial(
    figures: Figures,
    sim: Simulator,
    job: list[PricingLine],
    results: list[Any],
    *,
    allow_not_attempted: bool,
) -> None:
    for index, (line, result) in enumerate(zip(job, results, strict=False)):
        if result.index != index or result.line != line:
            figures.wrong += 1
            figures.problem(f"result {index} is for line {result.index}")
        elif result.error is None:
            mismatch = oracle_mismatch(sim, line, result.product)
            if mismatch is not None:
                figures.wrong += 1
                figures.problem(mismatch)
        elif not (allow_not_attempted and isinstance(result.error, NotAttemptedError)):
            figures.lost += 1
            figures.problem(f"line {index}: {result.error!r}")


# -- deadlines ---------------------------------------------------------------------------------

STALL = 2.5  # seconds the stalled server sits on a request (≫ the deadlines below)
DEADLINE = 0.4
GRACE = 1.0  # the bound: a job ends within deadline + 1 s
THROTTLE = 1.5  # a 429 window longer than the deadline, within the policy's max_retry_after


async def deadlines(watch: SecretWatch, *, seed: int = 4) -> Figures:
    """Calls and jobs with deadlines against a stalled server (latency, slow bodies, per-attempt
    timeouts, a long 429): each ends within deadline + 1 s with a typed error."""
    figures = Figures("deadlines under a stalled server", unit="cases")
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE)
    stalled = FaultModel(latency=STALL)
    stall = {
        PRICING: stalled,
        "GET customer": stalled,
        "GET product/search": stalled,
        "POST salesorder/create": stalled,
        "GET partnerprofile": stalled,
        "GET product/detail": FaultModel(slow_body_rate=1.0, slow_body_delay=STALL),
    }
    lines = pricing_job(sim, 500, seed, unknown=0, duplicates=0)
    order = SalesOrderRequest(
        po_number=f"PO-DEADLINE-{seed}",
        business_unit="1712",
        shipping=SHIPPING,
        lines=[OrderLine(part_number=lines[0].item_number)],
    )
    with timed(figures):
        async with sim.serve() as url, client_of(sim, url) as client:
            baseline = set(asyncio.all_tasks())
            await client.customers.get()  # the token is fetched before the server stalls
            sim.set_faults(stall, seed=seed)
            bounded = client.with_options(deadline=DEADLINE)
            timeouts = client.with_options(deadline=DEADLINE, timeout=Timeout(read=0.1))

            async def bulk_sheet() -> Any:
                sheet = await client.products.price_many(lines, deadline=DEADLINE)
                return [r.error for r in sheet]

            async def bulk_stream() -> Any:
                async with client.products.stream_prices(lines, deadline=DEADLINE) as stream:
                    return [r.error async for r in stream]

            cases: dict[str, tuple[Callable[[], Awaitable[Any]], type[BaseException]]] = {
                "pricing (one call)": (
                    lambda: bounded.products.pricing(lines[:5]),
                    DeadlineExceededError,
                ),
                "customers.get": (lambda: bounded.customers.get(), DeadlineExceededError),
                "request(deadline=)": (
                    lambda: client.request("GET", "partnerprofile", deadline=DEADLINE),
                    DeadlineExceededError,
                ),
                "search page": (
                    lambda: bounded.products.search(search_text="x").to_list(10),
                    DeadlineExceededError,
                ),
                "detail (slow body)": (
                    lambda: bounded.products.detail(lines[0].item_number),
                    DeadlineExceededError,
                ),
                "read timeouts + retries": (
                    lambda: timeouts.customers.get(),
                    DeadlineExceededError,
                ),
                "sales order create": (
                    lambda: bounded.sales_orders.create(order),
                    OutcomeUnknownError,
                ),
                "price_many(deadline=)": (bulk_sheet, NotAttemptedError),
                "stream_prices(deadline=)": (bulk_stream, NotAttemptedError),
            }
            outcomes = await asyncio.gather(
                *(_timed_case(call, expected) for call, expected in cases.values())
            )
            sim.set_faults(None)
            sim.throttle(THROTTLE)  # every request answered 429 with Retry-After 1.5 s

            async def throttled() -> Any:
                return await bounded.customers.get()

            outcomes.append(await _timed_case(throttled, DeadlineExceededError))
            names = [*cases, "429 with a long Retry-After"]
            for name, (elapsed, error) in zip(names, outcomes, strict=True):
                figures.size += 1
                figures.notes.append(f"{name}: {elapsed:.2f}s")
                if error is not None:
                    figures.problem(f"{name}: {error}")
                if elapsed > DEADLINE + GRACE:
                    figures.problem(f"{name}: ended after {elapsed:.2f}s")
            await asyncio.sleep(THROTTLE)  # let the 429 window pass: the client works again
            await client.customers.get()
            figures.leaked_connections, figures.leaked_tasks = await leaks(client, baseline)
            figures.retries = client.stats.retries
    figures.add_faults(sim)
    return figures


async def _timed_case(
    call: Callable[[], Awaitable[Any]], expected: type[BaseException]
) -> tuple[float, str | None]:
    """(seconds taken, what went wrong or None): a single call must raise ``expected``; a bulk
    job must return every item with ``expected`` as its error."""
    started = time.monotonic()
    try:
        result = await call()
    except expected:
        return time.monotonic() - started, None
    except Exception as exc:
        return time.monotonic() - started, f"raised {exc!r}"
    elapsed = time.monotonic() - started
    if isinstance(result, list) and result and all(isinstance(e, expected) for e in result):
        return elapsed, None
    return elapsed, f"returned {str(result)[:200]}"


# -- token expiry ------------------------------------------------------------------------------


async def token_expiry(watch: SecretWatch, lines: int, *, seed: int = 5) -> Figures:
    """Two jobs over loopback: with 1-second tokens (refreshed ahead of expiry), and with every
    token revoked three times mid-job (each revocation costs exactly one refresh)."""
    figures = Figures("token expiry mid-job", size=2 * lines, unit="lines")
    with timed(figures):
        # 1. Short-lived tokens: refreshed before they expire, one at a time.
        sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE, token_lifetime=1.0)
        sim.set_faults({PRICING: FaultModel(latency=0.03, jitter=0.01)}, seed=seed)
        job = pricing_job(sim, lines, seed, unknown=0)
        # Small chunks, two at a time: the job outlives several tokens.
        async with (
            sim.serve() as url,
            client_of(sim, url, max_in_flight=2, chunk_size=20) as client,
        ):
            started = time.monotonic()
            sheet = await client.products.price_many(job)
            elapsed = time.monotonic() - started
            _check_sheet(figures, sim, job, sheet, watch)
            figures.retries += client.stats.retries
        token_requests = [r for r in sim.requests if r.path.startswith("oauth2")]
        overlapping = sum(
            1 for a, b in itertools.pairwise(token_requests) if b.started < a.finished
        )
        figures.check(not overlapping, f"{overlapping} token requests overlapped")
        most = int(elapsed / 0.75) + 2  # refreshed at 3/4 of the lifetime
        figures.check(
            sim.tokens_issued <= most,
            f"{sim.tokens_issued} tokens for a {elapsed:.1f}s job (at most {most})",
        )
        figures.check(elapsed < 1.5 or sim.tokens_issued >= 2, "the token was never refreshed")
        figures.notes.append(
            f"1 s tokens: {sim.tokens_issued} fetched in {elapsed:.1f}s,"
            f" {len(sim.requests.filter(status=401))} x 401"
        )

        # 2. Tokens revoked mid-job: one refresh per revocation, no failed line.
        sim = watch.sim(seed=seed + 1, catalog_size=CATALOG_SIZE)
        sim.set_faults({PRICING: FaultModel(latency=0.01, jitter=0.01)}, seed=seed)
        job = pricing_job(sim, lines, seed + 1, unknown=0)
        revocations = 3
        async with sim.serve() as url, client_of(sim, url, max_in_flight=8) as client:
            async with client.products.stream_prices(job) as stream:
                results = []
                marks = {len(job) * (n + 1) // (revocations + 1) for n in range(revocations)}
                async for result in stream:
                    results.append(result)
                    if len(results) in marks:
                        sim.expire_tokens()
            _check_sheet(figures, sim, job, results, watch)
            figures.retries += client.stats.retries
        refused = len(sim.requests.filter(status=401))
        figures.check(refused >= revocations, f"only {refused} requests refused with 401")
        figures.check(
            sim.tokens_issued == 1 + revocations,
            f"{sim.tokens_issued} tokens fetched for {revocations} revocations (want"
            f" {1 + revocations})",
        )
        figures.notes.append(
            f"revoked x{revocations}: {sim.tokens_issued} tokens fetched, {refused} x 401"
        )
    return figures


# -- long-lived client -------------------------------------------------------------------------


def open_fds() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:  # not Linux: nothing to count
        return 0


async def long_lived(watch: SecretWatch, calls: int, *, seed: int = 6) -> Figures:
    """``calls`` mixed calls on one client over loopback (an hour of traffic compressed):
    memory, sockets, pool connections and tasks stay flat."""
    figures = Figures("long-lived client: mixed calls", size=calls, unit="calls")
    # The simulator shares this process: no request log, and its catalog built up front, so
    # whatever grows is the client's.
    sim = watch.sim(seed=seed, catalog_size=LONG_CATALOG, request_log_size=0)
    for index in range(LONG_CATALOG):
        sim.catalog.item_at(index)
    sim.set_faults(
        FaultModel(
            jitter=0.002,
            error_rate=0.02,
            error_statuses=(502, 503),
            throttle_rate=0.01,
            throttle_retry_after=0.01,
            drop_rate=0.005,
        ),
        seed=seed,
    )
    items = sim.catalog.item_numbers
    rng = random.Random(seed)
    trace_from, first_sample = calls // 5, (calls * 3) // 10
    every = max(1, (calls - first_sample) // 8)
    samples: list[Sample] = []
    failures: Counter[str] = Counter()
    with timed(figures):
        async with sim.serve() as url, client_of(sim, url, max_in_flight=8) as client:
            pool = client.pipeline._http._transport._pool  # type: ignore[attr-defined]
            baseline = set(asyncio.all_tasks())

            def sample(done: int) -> None:
                gc.collect()
                memory = tracemalloc.get_traced_memory()[0]
                tasks = len(client_tasks(baseline))
                samples.append(Sample(done, memory, open_fds(), len(pool.connections), tasks))

            async def one(n: int) -> None:
                kind = n % 20
                item = items[rng.randrange(len(items))]
                if kind < 8:
                    await client.products.price(item)
                elif kind < 12:
                    job = [PricingLine(items[rng.randrange(len(items))]) for _ in range(20)]
                    sheet = await client.products.price_many(job)
                    if sheet.failed:
                        raise sheet.failed[0].error  # type: ignore[misc]
                elif kind < 13:
                    await client.products.search(item_number=item[:6], max_pages=1).to_list()
                elif kind < 16:
                    await client.products.detail(item)
                else:
                    await client.customers.get()

            done = 0
            batch = 8  # a few callers at once, as a web backend would have
            while done < calls:
                outcomes = await asyncio.gather(
                    *(one(done + k) for k in range(min(batch, calls - done))),
                    return_exceptions=True,
                )
                for outcome in outcomes:
                    if isinstance(outcome, BaseException):
                        failures[type(outcome).__name__] += 1
                        watch.exception(outcome)
                done += len(outcomes)
                if done >= trace_from and not tracemalloc.is_tracing():
                    watch.isolate()  # the test runner's log capture is not the client's memory
                    gc.collect()
                    tracemalloc.start()
                if done >= first_sample + len(samples) * every:
                    sample(done)
            sample(done)
            tracemalloc.stop()
            figures.leaked_connections, figures.leaked_tasks = await leaks(client, baseline)
            figures.retries = client.stats.retries
            figures.check(
                len(pool.connections) <= client.config.max_in_flight + 4,
                f"{len(pool.connections)} pooled connections",
            )
    figures.add_faults(sim)
    figures.lost += sum(failures.values())
    if failures:
        figures.problem(f"calls failed: {dict(failures)}")
    first, last = samples[0], samples[-1]
    # Traced memory swings by a few hundred kB with what is buffered at the moment of a
    # sample; a leak shows as the later peak rising above the earlier one.
    half = len(samples) // 2
    earlier, later = max(s.memory for s in samples[:half]), max(s.memory for s in samples[half:])
    span = max(1, samples[-1].calls - samples[half - 1].calls)
    grown = later - earlier
    per_call = grown / span
    figures.check(
        grown < MEMORY_SLACK,
        f"traced memory peak grew {grown} bytes over {span} calls ({per_call:.1f} B/call)",
    )
    fds_before, fds_after = max(s.fds for s in samples[:half]), max(s.fds for s in samples[half:])
    # Each pooled connection is two descriptors here (the server shares the process).
    figures.check(fds_after <= fds_before + 4, f"open fds peaked {fds_before} -> {fds_after}")
    figures.check(last.tasks <= first.tasks, f"client tasks {first.tasks} -> {last.tasks}")
    figures.notes.append(
        "after warm-up: "
        + ", ".join(
            f"{s.calls}: {s.memory // 1024} kB, {s.fds} fds, {s.connections} conns, {s.tasks} tasks"
            for s in samples
        )
        + f"; memory {per_call:+.1f} B/call"
    )
    return figures


LONG_CATALOG = 5_000
MEMORY_SLACK = 400_000  # traced memory swings by ~300 kB with what is buffered at a sample


@attrs.frozen
class Sample:
    calls: int
    memory: int
    fds: int
    connections: int
    tasks: int


# -- secrets -----------------------------------------------------------------------------------

WRONG_KEY = "WRONGKEY-c0ffee5eed1234567890"


async def secrets_run(watch: SecretWatch, *, seed: int = 8) -> Figures:
    """Every path where a credential could slip out, over loopback with OAuth and DEBUG logs:
    token fetch and refresh after revocation, 401/429/5xx/drops, an ambiguous create, a
    deadline, a refused key, a header h11 will not send; then the reprs of everything."""
    figures = Figures("secrets: error paths and reprs", unit="error paths")
    watch.extra.add(WRONG_KEY)  # a refused key is a credential too
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE)
    items = sim.catalog.item_numbers
    noisy = FaultModel(error_rate=0.3, throttle_rate=0.2, throttle_retry_after=0.01, drop_rate=0.2)
    order = SalesOrderRequest(
        po_number="PO-SECRETS",
        business_unit="1712",
        shipping=SHIPPING,
        lines=[OrderLine(part_number=items[0])],
    )
    after = {"POST salesorder/create": FaultModel(error_rate=1.0, after_action=True)}
    stall = {"POST salesorder/create": FaultModel(latency=STALL)}
    with timed(figures):
        async with sim.serve() as url:
            async with client_of(sim, url) as client:
                watch.reprs(client, client.config, client.pipeline, client.pipeline._tokens)
                seen: list[Any] = [await client.customers.get()]
                sim.expire_tokens()  # 401, then one refresh
                seen.append(await client.products.pricing(items[:3]))
                sim.set_faults({"": noisy}, seed=seed)
                sheet = await client.products.price_many(items[:400])
                seen += [sheet, sheet[0]]
                cases: list[tuple[Any, Callable[[], Awaitable[Any]]]] = [
                    (after, lambda: client.sales_orders.create(order)),  # OutcomeUnknownError
                    (stall, lambda: client.with_options(deadline=0.2).sales_orders.create(order)),
                    (None, lambda: client.customers.get(customer_number="NOSUCH")),  # 404
                    (None, lambda: client.request("GET", "no/such/route")),  # 404
                ]
                for faults, call in cases:
                    sim.set_faults(faults)
                    try:
                        seen.append(await call())
                    except ScanSourceError as exc:
                        figures.size += 1
                        watch.exception(exc)
                watch.reprs(*seen, client, client.stats, client.pipeline._tokens)
                figures.retries = client.stats.retries
            # A key the server refuses, and a key h11 refuses to send.
            for key in (WRONG_KEY, SUBSCRIPTION_KEY + "\n"):
                try:
                    async with client_of(sim, url, subscription_key=key) as bad:
                        watch.reprs(bad, bad.config)
                        await bad.customers.get()
                        figures.problem(f"a bad key was accepted: {key[:4]}...")
                except ScanSourceError as exc:
                    figures.size += 1
                    watch.exception(exc)
    figures.check(figures.size == 6, f"{figures.size} of 6 error paths raised")
    figures.add_faults(sim)
    return figures


async def cli_output(watch: SecretWatch, rows: int, *, seed: int = 9) -> Figures:
    """The ``price-sheet`` command, as a user runs it (a subprocess, credentials in the
    environment), against the loopback simulator with faults; its output and files scanned."""
    import sys
    import tempfile
    from pathlib import Path

    figures = Figures("secrets: CLI price-sheet output", size=rows, unit="rows")
    sim = watch.sim(seed=seed, catalog_size=CATALOG_SIZE)
    sim.set_faults(
        {PRICING: FaultModel(error_rate=0.05, error_statuses=(502, 503), drop_rate=0.02)},
        seed=seed,
    )
    items = sim.catalog.item_numbers
    with timed(figures), tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "items.csv"
        lines = ["item_number,quantity"]
        lines += [f"{items[n]},{1 + n % 3}" for n in range(rows - 1)] + ["NOSUCH-1,1"]
        source.write_text("\n".join(lines) + "\n")
        broken = folder / "broken.csv"
        broken.write_text("item_number,quantity\nA,1\nx,0\n,2\n")
        async with sim.serve() as url:
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("SCANSOURCE_")},
                "SCANSOURCE_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY,
                "SCANSOURCE_CLIENT_ID": CLIENT_ID,
                "SCANSOURCE_CLIENT_SECRET": CLIENT_SECRET,
                "SCANSOURCE_TOKEN_URL": url + "oauth2/v2.0/token",
                "SCANSOURCE_BASE_URL": url,
                "SCANSOURCE_CUSTOMER_NUMBER": sim.customer_number,
                "SCANSOURCE_MAX_RATE": "1000",
            }
            runs = [
                ["price-sheet", str(source), "-o", str(folder / "prices.csv")],
                ["price-sheet", str(source), "-o", str(folder / "again.jsonl"), "--deadline", "5"],
                ["price-sheet", str(broken), "-o", str(folder / "broken-prices.csv")],
            ]
            for args in runs:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "scansource_async", *args,
                    env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                )  # fmt: skip
                try:
                    out, err = await asyncio.wait_for(process.communicate(), 120)
                except TimeoutError:
                    process.kill()
                    out, err = await process.communicate()
                    figures.problem(f"{args[0]} did not finish in 120 s")
                text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
                watch.output(text, f"CLI {' '.join(args[:1])} output")
                figures.retries += sum(int(n) for n in re.findall(r"^retries: (\d+)", text, re.M))
                figures.notes.append(f"exit {process.returncode}: {text.strip()[-160:]!r}")
                expected = (2,) if args[1] == str(broken) else (0, 1)
                figures.check(process.returncode in expected, f"exit status {process.returncode}")
            for written in await asyncio.to_thread(lambda: sorted(folder.iterdir())):
                if written not in (source, broken):
                    watch.output(written.read_text("utf-8", "replace"), f"CLI file {written.name}")
            written = folder / "prices.csv"
            sheet = written.read_text().splitlines() if written.exists() else []
            figures.check(len(sheet) == rows + 1, f"{len(sheet) - 1} sheet rows for {rows}")
    figures.add_faults(sim)
    return figures
