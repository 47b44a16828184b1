"""Connection handling shared by everything the client keeps in Redis (the rate limiter, the
price cache): one way to connect, to describe a URL without its credentials, to tell a Redis
failure from any other, and to track an outage (when to probe again, when Redis is back).

redis-py's own retries are turned off: each user of Redis decides how long it waits.
"""

from __future__ import annotations

import logging
from typing import Any, Final
from urllib.parse import urlsplit

import anyio
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

__all__ = ["STORE_ERRORS", "StoreHealth", "connect", "connection_options", "describe"]

logger = logging.getLogger("scansource_async")

#: What makes the store count as unreachable (redis-py wraps socket errors in ConnectionError).
STORE_ERRORS: Final = (RedisError, OSError)


def describe(url: str) -> str:
    """The Redis URL without credentials or query, for reprs, logs and errors."""
    parts = urlsplit(url)
    if parts.scheme.startswith("unix"):
        return f"{parts.scheme}://{parts.path}"
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def connection_options(socket_timeout: float) -> dict[str, Any]:
    """redis-py settings: bounded connect and answer times, no retries inside redis-py."""
    return {
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": socket_timeout,
        "retry": Retry(NoBackoff(), 0),
    }


def connect(url: str, socket_timeout: float) -> aioredis.Redis:
    """An asyncio Redis client for ``url`` (connections are opened on first use)."""
    client: aioredis.Redis = aioredis.Redis.from_url(url, **connection_options(socket_timeout))
    return client


class StoreHealth:
    """Whether Redis answers: after a failure, calls skip Redis until the next probe time."""

    def __init__(self, where: str, probe_interval: float, role: str) -> None:
        self._where = where
        self._probe_interval = probe_interval
        self._role = role
        self.down_since: float | None = None
        self.next_probe_at = 0.0
        self.last_error = ""

    @property
    def available(self) -> bool:
        """False while Redis is known to be unreachable."""
        return self.down_since is None

    def usable(self) -> bool:
        """Try Redis now: it is up, or an outage's next probe is due."""
        return self.down_since is None or anyio.current_time() >= self.next_probe_at

    def failed(self, exc: BaseException, meanwhile: str) -> None:
        """A Redis call failed; the first failure of an outage is logged (``meanwhile`` says
        what happens until Redis answers)."""
        now = anyio.current_time()
        self.last_error = f"{type(exc).__name__}: {exc}"[:300]
        self.next_probe_at = now + self._probe_interval
        if self.down_since is None:
            self.down_since = now
            logger.warning(
                "%s: %s is unreachable (%s); %s until it answers",
                self._role,
                self._where,
                type(exc).__name__,
                meanwhile,
            )

    def answered(self) -> bool:
        """A Redis call succeeded; True when that ends an outage."""
        if self.down_since is None:
            return False
        logger.warning(
            "%s: %s answers again after %.1fs",
            self._role,
            self._where,
            anyio.current_time() - self.down_since,
        )
        self.down_since = None
        return True
