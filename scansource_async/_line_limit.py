"""What the client has learned of the API's most lines per request.

ScanSource publishes no such limit (api-notes.md), so a bulk job may start with a chunk size
above it. A refusal for size is learned once and kept by the client, so later chunks and later
jobs go out at a size the API takes instead of paying a bisection on every chunk:

- a 400 whose message says the request has too many lines sets the limit at once (to the figure
  the message gives, else to half the refused size);
- a 400 without such a message, followed by both halves of the refused chunk succeeding, sets it
  to the larger half.

Until a request of the size about to be used has been answered (by anything but a 400; a
single ``pricing`` or ``availability`` call counts too), the engine keeps one chunk in flight:
an oversized first chunk then costs one refused request, not one per chunk in flight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType

from .errors import BadRequestError

__all__ = ["LineLimit", "LineLimits", "refused_for_size"]

_TOO_MANY = re.compile(r"too many (?:lines|items|item numbers|products)", re.IGNORECASE)
_FIGURE = re.compile(
    r"(?:at most|maximum(?: of| is)?|max(?:imum)? lines?:?|limit(?: of| is)?)\s*(\d+)",
    re.IGNORECASE,
)


def refused_for_size(error: BadRequestError) -> tuple[bool, int | None]:
    """Whether a 400 says the request had too many lines, and the most it allows if it says."""
    text = str(error)
    if not _TOO_MANY.search(text):
        return False, None
    figure = _FIGURE.search(text)
    return True, (int(figure.group(1)) if figure else None)


class LineLimit:
    """The most lines one operation's request may carry, as learned so far (shared by jobs)."""

    def __init__(self) -> None:
        self.learned: int | None = None
        # The largest chunk that got an answer other than a 400: sizes up to it go out freely.
        self.proven = 0

    def __repr__(self) -> str:
        return f"<LineLimit learned={self.learned} proven={self.proven}>"

    def size(self, wanted: int) -> int:
        """The chunk size to use when the job asks for ``wanted``."""
        return wanted if self.learned is None else max(1, min(wanted, self.learned))

    def is_proven(self, size: int) -> bool:
        """Whether a chunk of ``size`` lines is known to be accepted."""
        return size <= self.proven

    def answered(self, size: int) -> None:
        """A chunk of ``size`` lines got an answer that says nothing against its size."""
        if size > self.proven:
            self.proven = size

    def refused(self, size: int, error: BadRequestError) -> bool:
        """A chunk of ``size`` lines was answered 400; True when it was refused for its size
        (the limit is then lowered)."""
        too_many, figure = refused_for_size(error)
        if not too_many:
            return False
        self._lower(figure if figure is not None and figure < size else math.ceil(size / 2))
        return True

    def halves_succeeded(self, size: int) -> None:
        """A chunk of ``size`` lines was refused (no reason given) and both halves went through:
        the limit lies below ``size``, at least its larger half."""
        if size <= self.proven:
            return  # a chunk as large went through: this refusal was not for size
        self._lower(math.ceil(size / 2))

    def _lower(self, limit: int) -> None:
        limit = max(1, limit)
        if self.learned is None or limit < self.learned:
            self.learned = limit
        self.proven = min(self.proven, self.learned)


class LineLimits:
    """One :class:`LineLimit` per bulk operation (pricing lines, availability items)."""

    def __init__(self) -> None:
        self._limits: dict[str, LineLimit] = {}

    def __repr__(self) -> str:
        return f"<LineLimits {dict(self.learned)}>"

    def of(self, operation: str) -> LineLimit:
        limit = self._limits.get(operation)
        if limit is None:
            limit = self._limits[operation] = LineLimit()
        return limit

    @property
    def learned(self) -> Mapping[str, int]:
        """The learned limits, by operation (only those refused for size so far)."""
        return MappingProxyType(
            {op: limit.learned for op, limit in self._limits.items() if limit.learned is not None}
        )
