"""Token expiry mid-job: short-lived tokens are refreshed ahead of time one at a time, and a
revocation of every token costs exactly one refresh; no line fails either way."""

from __future__ import annotations

from .harness import SecretWatch, size
from .scenarios import token_expiry

LINES = size(3_000, 12_000)


async def test_one_refresh_per_expiry_and_no_failed_line(watch: SecretWatch) -> None:
    figures = await token_expiry(watch, LINES, seed=5)

    assert figures.held, figures.summary() + str(figures.notes)
    assert len(watch.tokens) >= 1 + 3 + 2  # both jobs' tokens, all watched for leaks
