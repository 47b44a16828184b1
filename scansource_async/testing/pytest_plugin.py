"""pytest fixtures for testing code that uses scansource_async against the simulator.

Registered automatically (entry point ``pytest11``) when scansource-async is installed:

* ``scansource_simulator``: a fresh in-process :class:`~scansource_async.testing.Simulator`
  with default settings (seed 0);
* ``scansource_client``: an open ``ScanSourceClient`` wired to that simulator, in-process
  (async fixture; pytest-asyncio's, if installed, else anyio's).

This module imports neither starlette nor the client at import time: the plugin is loaded by
every pytest run of an environment where the package is installed, extras or not.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

if TYPE_CHECKING:
    from scansource_async import ScanSourceClient

    from ._simulator import Simulator

__all__ = ["scansource_client", "scansource_simulator"]

_F = TypeVar("_F", bound=Callable[..., Any])
_fixture: Callable[[Any], Any]
try:
    import pytest_asyncio

    _fixture = pytest_asyncio.fixture  # works in pytest-asyncio's strict mode too
except ImportError:  # pragma: no cover - anyio's plugin runs async fixtures of anyio tests
    _fixture = pytest.fixture


def _async_fixture(func: _F) -> _F:
    return cast(_F, _fixture(func))


@pytest.fixture
def scansource_simulator() -> Simulator:
    """A fresh in-process simulator (``Simulator()``)."""
    from . import Simulator  # says which extra to install if starlette is missing

    return Simulator()


@_async_fixture
async def scansource_client(scansource_simulator: Simulator) -> AsyncIterator[ScanSourceClient]:
    """An open client wired to ``scansource_simulator`` (in-process)."""
    async with scansource_simulator.client() as client:
        yield client
