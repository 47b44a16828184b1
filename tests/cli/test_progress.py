"""The progress bar and the summary render (a captured rich console, no screenshots)."""

from __future__ import annotations

import io
import time

from rich.console import Console

from scansource_async.cli._progress import NullProgress, RichProgress, Summary, print_summary
from scansource_async.events import RateLimitEvent, RetryEvent

SUMMARY = Summary(
    priced=2986,
    failed=12,
    not_attempted=2,
    elapsed=12.34,
    requests=68,
    retries=3,
    rate_limited=1,
    sheet="prices.csv",
    failures="prices.failures.csv",
    failure_rows=14,
)


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=120, color_system=None), out


def test_progress_bar_shows_rate_eta_retries_and_429_waits() -> None:
    console, out = _console()
    progress = RichProgress(console)
    progress.start(1000)
    for _ in range(3):
        progress.advance(100)
        time.sleep(0.12)  # the bar takes counts at most every 0.1 s
    progress.on_event(
        RetryEvent(method="POST", path="product/pricing", attempt=1, wait=0.5, reason="503")
    )
    progress.on_event(
        RetryEvent(method="POST", path="product/pricing", attempt=2, wait=1.0, reason="503")
    )
    progress.on_event(RateLimitEvent(method="POST", path="product/pricing", wait=2.0))
    progress.advance(100)
    time.sleep(0.12)
    progress.advance(1)
    progress._progress.refresh()
    text = out.getvalue()
    assert "pricing" in text
    assert "/1000" in text
    assert "items/s" in text
    assert "ETA 0:00:" in text  # a known total and a rate give an estimate
    assert "retries 2" in text
    assert "429 waits 1" in text
    progress.note("interrupted: writing what finished")
    progress.stop()
    text = out.getvalue()
    assert "interrupted: writing what finished" in text
    assert "401/401" in text  # an estimated total is corrected to the rows seen at the end


def test_summary_table_on_a_terminal() -> None:
    console, out = _console()
    print_summary(SUMMARY, console=console, file=io.StringIO())
    text = out.getvalue()
    for label, value in [
        ("priced", "2,986"),
        ("failed", "12"),
        ("not attempted", "2"),
        ("elapsed", "12.3 s"),
        ("requests sent", "68"),
        ("retries", "3"),
        ("429 waits", "1"),
        ("failures", "prices.failures.csv (14 rows)"),
    ]:
        line = next(line for line in text.splitlines() if f" {label} " in line)
        assert value in line


def test_summary_in_plain_text_elsewhere() -> None:
    out = io.StringIO()
    print_summary(SUMMARY, console=None, file=out)
    assert out.getvalue() == (
        "priced: 2986\nfailed: 12\nnot attempted: 2\nelapsed: 12.3 s\nrequests sent: 68\n"
        "retries: 3\n429 waits: 1\nsheet: prices.csv\n"
        "failures: prices.failures.csv (14 rows)\n"
    )


def test_null_progress_only_passes_notes_on() -> None:
    notes = io.StringIO()
    progress = NullProgress(notes)
    progress.start(10)
    progress.advance(5)
    progress.on_event(RateLimitEvent(method="POST", path="x", wait=1.0))
    progress.note("hello")
    progress.stop()
    assert notes.getvalue() == "hello\n"
