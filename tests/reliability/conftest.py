"""Fixtures of the reliability suite: every test runs under a :class:`SecretWatch` that
captures every logger at DEBUG and fails the test if a credential shows up anywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import SecretWatch


@pytest.fixture(autouse=True)
def watch() -> Iterator[SecretWatch]:
    """Log capture (root at DEBUG, httpx and httpcore included) scanned for the subscription
    key, the client secret and every token the simulator issued; checked after the test."""
    watcher = SecretWatch()
    with watcher.capturing():
        yield watcher
    assert watcher.found == 0, watcher.findings
