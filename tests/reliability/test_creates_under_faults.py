"""Creates under faults: sales orders and carts whose answers are lost after the server acted
are never repeated, always surface as OutcomeUnknownError, and can be found again."""

from __future__ import annotations

import pytest

from .harness import SecretWatch, size
from .scenarios import creates_under_faults

CREATES = size(200, 1_000)


@pytest.mark.slow
async def test_no_duplicate_and_every_ambiguous_create_surfaced(watch: SecretWatch) -> None:
    figures = await creates_under_faults(watch, CREATES, seed=2)

    assert figures.held, figures.summary()
    assert figures.duplicated == 0 and figures.lost == 0
    # Failures after the action, and 429s before it (retried safely), both happened.
    assert figures.faults["error"] + figures.faults["drop"] > 0, figures.faults
    assert figures.faults["throttle"] > 0, figures.faults
    assert figures.retries == figures.faults["throttle"]
