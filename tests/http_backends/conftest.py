"""Fixtures of the HTTP seam's suite: every test runs once per backend, over loopback."""

from __future__ import annotations

import pytest

from scansource_async._config import HTTP_BACKENDS


@pytest.fixture(params=HTTP_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The ``http_backend`` under test."""
    return str(request.param)
