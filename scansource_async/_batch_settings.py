"""How a bulk job runs, and the two callables it is given."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import attrs

from .errors import ScanSourceError

__all__ = ["BatchSettings", "ChunkCall", "ResultFactory"]

I = TypeVar("I")  # noqa: E741 - an input item
R = TypeVar("R")  # the value for one item
Out = TypeVar("Out")  # what the consumer gets per item

#: sends one chunk of distinct items; per item, a value or a ScanSourceError
ChunkCall = Callable[[Sequence[I]], Awaitable[Sequence[R | ScanSourceError]]]
#: (input index, item, value or None, error or None) -> what the consumer gets
ResultFactory = Callable[[int, I, R | None, BaseException | None], Out]


@attrs.frozen(kw_only=True)
class BatchSettings:
    """How a bulk job runs. ``window`` bounds the items read ahead of the consumer."""

    chunk_size: int
    max_in_flight: int
    ordered: bool = True
    deadline: float | None = None
    window: int | None = None
    linger: float = 0.005
    raise_on_error: bool = False
    slow_start: bool = False

    @property
    def window_size(self) -> int:
        return self.window or max(4 * self.chunk_size * self.max_in_flight, 2048)
