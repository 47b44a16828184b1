"""Deadlines: calls and bulk jobs against a stalled server end within deadline + 1 s with a
typed error (DeadlineExceededError, OutcomeUnknownError for a create, NotAttemptedError items)."""

from __future__ import annotations

from .harness import SecretWatch
from .scenarios import DEADLINE, GRACE, deadlines


async def test_every_deadline_holds_against_a_stalled_server(watch: SecretWatch) -> None:
    figures = await deadlines(watch, seed=4)

    assert figures.held, figures.summary() + str(figures.notes)
    assert figures.size == 10
    for note in figures.notes:
        elapsed = float(note.rsplit(": ", 1)[1].rstrip("s"))
        assert elapsed <= DEADLINE + GRACE, note
