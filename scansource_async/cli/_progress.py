"""The progress bar (rich) and the summary at the end of a price-sheet run.

The bar shows rows done of the expected total, items/s, ETA, retries and 429 waits. It is
drawn only on a terminal; elsewhere (a pipe, a log file, ``--quiet``) :class:`NullProgress`
stands in. The summary is a rich table on a terminal and plain ``name: value`` lines otherwise.
"""

from __future__ import annotations

import time
from typing import IO, Protocol

import attrs
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.table import Table
from rich.text import Text

from ..events import Event, RateLimitEvent, RetryEvent

__all__ = ["JobProgress", "NullProgress", "RichProgress", "Summary", "print_summary"]

_FLUSH_EVERY = 0.1  # seconds between pushes of the row count to rich


class JobProgress(Protocol):
    """What the job reports while it runs."""

    def start(self, total: int | None) -> None: ...
    def advance(self, rows: int = 1) -> None: ...
    def on_event(self, event: Event) -> None: ...
    def note(self, message: str) -> None: ...
    def stop(self) -> None: ...


class NullProgress:
    """No progress output (not a terminal, or ``--quiet``); notes go to ``notes`` (stderr)."""

    def __init__(self, notes: IO[str] | None = None) -> None:
        self._notes = notes

    def start(self, total: int | None) -> None:
        """Nothing to show."""

    def advance(self, rows: int = 1) -> None:
        """Nothing to show."""

    def on_event(self, event: Event) -> None:
        """Nothing to show."""

    def note(self, message: str) -> None:
        """Write the message as a line to ``notes``, if given."""
        if self._notes is not None:
            self._notes.write(message + "\n")
            self._notes.flush()

    def stop(self) -> None:
        """Nothing to show."""


class RichProgress:
    """A rich progress bar: rows, items/s, ETA, retries and 429 waits.

    Rows are counted locally and pushed to rich at most every 0.1 s, so a million rows cost
    a million integer additions, not a million redraw requests.
    """

    def __init__(self, console: Console, *, description: str = "pricing") -> None:
        self._progress: Progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            _EtaColumn(),
            TextColumn("retries {task.fields[retries]}"),
            TextColumn("429 waits {task.fields[waits]}"),
            console=console,
            refresh_per_second=8,
            speed_estimate_period=10.0,
        )
        self._description = description
        self._task: TaskID | None = None
        self._pending = 0
        self._flushed_at = 0.0
        self._retries = 0
        self._waits = 0

    def start(self, total: int | None) -> None:
        """Show the bar; ``total`` is the expected number of rows (None: unknown)."""
        self._progress.start()
        self._task = self._progress.add_task(self._description, total=total, retries=0, waits=0)
        self._flushed_at = time.monotonic()

    def advance(self, rows: int = 1) -> None:
        """Count rows written."""
        self._pending += rows
        now = time.monotonic()
        if now - self._flushed_at >= _FLUSH_EVERY:
            self._flush(now)

    def on_event(self, event: Event) -> None:
        """Count retries and 429 waits (the job's ``on_progress`` callback)."""
        if isinstance(event, RetryEvent):
            self._retries += 1
        elif isinstance(event, RateLimitEvent):
            self._waits += 1

    def note(self, message: str) -> None:
        """Print a line above the bar."""
        self._progress.console.print(message, markup=False, highlight=False)

    def stop(self) -> None:
        """Draw the final state and leave it on screen."""
        if self._task is not None:
            self._flush(time.monotonic())
            task = self._progress.tasks[0]
            if task.total is not None and task.completed != task.total:
                # The total was an estimate (blank lines, quoted line breaks): end at 100 %.
                self._progress.update(self._task, total=task.completed)
        self._progress.refresh()
        self._progress.stop()

    def _flush(self, now: float) -> None:
        assert self._task is not None
        self._progress.update(
            self._task, advance=self._pending, retries=self._retries, waits=self._waits
        )
        self._pending = 0
        self._flushed_at = now


def _rate_text(task: Task) -> Text:
    speed = task.finished_speed or task.speed
    return Text("– items/s" if speed is None else f"{speed:,.0f} items/s", style="cyan")


def _eta_text(task: Task) -> Text:
    remaining = None if task.finished else task.time_remaining
    if task.finished:
        return Text("ETA 0:00:00", style="dim")
    if remaining is None:
        return Text("ETA -:--:--", style="dim")
    seconds = int(remaining)
    return Text(f"ETA {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", style="dim")


class _RateColumn(ProgressColumn):
    """``1,234 items/s``."""

    def render(self, task: Task) -> Text:
        return _rate_text(task)


class _EtaColumn(ProgressColumn):
    """``ETA 0:01:23``."""

    def render(self, task: Task) -> Text:
        return _eta_text(task)


@attrs.frozen(kw_only=True)
class Summary:
    """The counts of a finished (or interrupted) run."""

    priced: int
    failed: int
    not_attempted: int
    elapsed: float
    requests: int
    retries: int
    rate_limited: int
    sheet: str
    failures: str
    failure_rows: int
    interrupted: bool = False
    resumed: bool = False

    def rows(self, *, plain: bool = False) -> list[tuple[str, str]]:
        """(label, value) pairs, in display order; ``plain`` numbers have no separators."""
        number = "{:d}" if plain else "{:,d}"
        rows = [
            ("priced", number.format(self.priced)),
            ("failed", number.format(self.failed)),
            ("not attempted", number.format(self.not_attempted)),
            ("elapsed", f"{self.elapsed:.1f} s"),
            ("requests sent", number.format(self.requests)),
            ("retries", number.format(self.retries)),
            ("429 waits", number.format(self.rate_limited)),
            ("sheet", self.sheet + (" (merged)" if self.resumed else "")),
            ("failures", f"{self.failures} ({number.format(self.failure_rows)} rows)"),
        ]
        if self.interrupted:
            rows.append(("interrupted", "yes: the rest is in the failures file"))
        return rows


def print_summary(summary: Summary, *, console: Console | None, file: IO[str]) -> None:
    """A table on ``console`` (a terminal), else plain ``label: value`` lines on ``file``."""
    if console is None:
        for label, value in summary.rows(plain=True):
            file.write(f"{label}: {value}\n")
        file.flush()
        return
    table = Table(title="price sheet", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in summary.rows():
        table.add_row(label, value)
    console.print(table)
