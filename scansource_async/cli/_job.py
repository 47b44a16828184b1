"""One price-sheet run: read items lazily, price them as a stream, write each result as it
comes, and put the sheet and the failures file in place only when the run ends cleanly.

Memory stays flat whatever the input size: the input is a generator, the stream holds a
bounded window, and results go straight to disk. A bad input row, an unwritable output or a
second Ctrl-C leave the existing files as they were (the temporary files are deleted).
"""

from __future__ import annotations

import collections
import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import attrs

from .. import (
    NotAttemptedError,
    PriceResult,
    PriceStream,
    PricingLine,
    ScanSourceClient,
    ValidationError,
)
from ._atomic import AtomicFile, remove_stale_temps
from ._broken_setup import SetupWatch
from ._errors import CliError
from ._items import ItemReader, ItemRow, count_rows
from ._merge import ResumeMerge
from ._progress import JobProgress, Summary
from ._setup import Connection
from ._sheet_io import FailuresWriter, Format, SheetReader, SheetWriter
from ._signals import SignalGuard

__all__ = ["INTERRUPTED", "JobSettings", "run_job"]

#: the reason given to the not-attempted rows of an interrupted run
INTERRUPTED = "interrupted"


@attrs.frozen(kw_only=True)
class JobSettings:
    """What to price and where to write it (validated by the command line)."""

    items: Path | None
    resume: Path | None
    output: Path
    failures: Path
    format: Format
    customer: str | None = None
    warehouse: str | None = None
    business_unit: str | None = None
    chunk_size: int | None = None
    in_flight: int | None = None
    deadline: float | None = None
    shard: tuple[int, int] | None = None  # (K, N), K from 1
    raw_cells: bool = False  # write CSV cells verbatim, formulas included

    @property
    def source(self) -> Path:
        """The file whose rows are priced: the failures file when resuming."""
        source = self.resume or self.items
        assert source is not None
        return source


class _Output:
    """Where results go: the sheet (or the merge into it), the failures file, the counts."""

    def __init__(
        self, sheet: SheetWriter | ResumeMerge, failures: FailuresWriter, customer: str
    ) -> None:
        self._sheet = sheet
        self.failures = failures
        self._customer = customer
        self.priced = 0
        self.failed = 0
        self.not_attempted = 0

    def write(self, index: int, result: PriceResult) -> None:
        """Write one result (``index`` is the row's position in the original input)."""
        self._sheet.write(index, result, self._customer)
        if result.error is None:
            self.priced += 1
            return
        self.failures.write(index, result, self._customer)
        if isinstance(result.error, NotAttemptedError):
            self.not_attempted += 1
        else:
            self.failed += 1


async def run_job(
    settings: JobSettings,
    connect: Callable[[], Connection],
    progress: JobProgress,
    guard: SignalGuard | None = None,
) -> Summary:
    """Run the job; returns its summary. ``guard`` (the command's signal handler) makes a
    first signal stop the stream and a second one cancel the job; its temporary files are
    deleted whenever it does not end with their rename."""
    guard = guard or SignalGuard()
    guard.attach()
    started = time.monotonic()
    remove_stale_temps(settings.output, settings.failures)
    with contextlib.ExitStack() as cleanup:
        reader = ItemReader(settings.source, indexed=settings.resume is not None)
        cleanup.callback(reader.close)
        existing: SheetReader | None = None
        if settings.resume is not None:
            existing = SheetReader(settings.output, settings.format)
            cleanup.callback(existing.close)
        sheet_file = AtomicFile(settings.output)
        cleanup.callback(sheet_file.discard)
        failures_file = AtomicFile(settings.failures)
        cleanup.callback(failures_file.discard)
        connection = connect()

        writer = SheetWriter(sheet_file.file, settings.format, raw_cells=settings.raw_cells)
        merge = None if existing is None else ResumeMerge(writer, existing, settings.source)
        rows = _this_shard(iter(reader), settings.shard)
        origins: collections.deque[int] = collections.deque()
        received: list[int] = []
        async with connection.client as client:
            customer = settings.customer or client.customer_number
            if customer is None:
                raise CliError(
                    "no customer number: pass --customer or set SCANSOURCE_CUSTOMER_NUMBER"
                )
            output = _Output(
                merge or writer,
                FailuresWriter(failures_file.file, raw_cells=settings.raw_cells),
                customer,
            )
            stream = _open_stream(client, settings, _lines(rows, origins, received))
            watch = SetupWatch()
            progress.start(_expected_rows(settings))

            def stop(signum: int) -> None:
                received.append(signum)
                stream.stop(INTERRUPTED)
                progress.note(
                    "interrupted: writing what finished, the rest goes to the failures file"
                    " (Ctrl-C again to stop without writing)"
                )

            try:
                with guard.stopping(stop):
                    async with stream:
                        async for result in stream:
                            if watch.broken_by(result):
                                break  # nothing written: the files stay as they were
                            output.write(origins.popleft(), result)
                            progress.advance()
                if received:  # the rows never read: not attempted, without the engine
                    error = NotAttemptedError(INTERRUPTED)
                    for row in rows:
                        output.write(row.index, PriceResult(index=0, line=row.line, error=error))
                        progress.advance()
            finally:
                progress.stop()
            watch.raise_if_broken()
            stats = client.stats
            # Every row is in the temporary files: from here the run always ends renamed.
            guard.settle()
        if merge is not None:
            merge.finish()
        sheet_file.commit()
        failures_file.commit()
    connection.write_request_log()
    return Summary(
        priced=output.priced,
        failed=output.failed,
        not_attempted=output.not_attempted,
        elapsed=time.monotonic() - started,
        requests=stats.requests,
        retries=stats.retries,
        rate_limited=stats.rate_limited,
        sheet=str(settings.output),
        failures=str(settings.failures),
        failure_rows=output.failures.rows,
        interrupted=bool(received),
        resumed=settings.resume is not None,
    )


def _open_stream(
    client: ScanSourceClient, settings: JobSettings, lines: Iterable[PricingLine]
) -> PriceStream:
    try:
        return client.products.stream_prices(
            lines,
            customer_number=settings.customer,
            warehouse=settings.warehouse,
            business_unit=settings.business_unit,
            chunk_size=settings.chunk_size,
            max_in_flight=settings.in_flight,
            deadline=settings.deadline,
            slow_start=True,  # a broken setup then costs one request (see _broken_setup)
        )
    except ValidationError as exc:
        raise CliError(str(exc)) from None


def _this_shard(rows: Iterator[ItemRow], shard: tuple[int, int] | None) -> Iterator[ItemRow]:
    """The rows this worker prices (all of them without ``--shard``)."""
    if shard is None:
        return rows
    k, n = shard
    return (row for row in rows if row.index % n == k - 1)


def _lines(
    rows: Iterator[ItemRow], origins: collections.deque[int], stopped: list[int]
) -> Iterator[PricingLine]:
    """The lines to price, noting each one's original index. Once ``stopped`` is set no more
    rows are taken from ``rows``: the job writes the rest itself, faster than the engine."""
    while not stopped:
        row = next(rows, None)
        if row is None:
            return
        origins.append(row.index)
        yield row.line


def _expected_rows(settings: JobSettings) -> int | None:
    total = count_rows(settings.source)
    if total is None or settings.shard is None or settings.resume is not None:
        return total
    k, n = settings.shard
    return len(range(k - 1, total, n))
