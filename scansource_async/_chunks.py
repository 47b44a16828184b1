"""The batching engine's send queue: what goes out next, decided in one place.

Distinct items wait here, grouped (items of different groups never share a chunk), until
:meth:`ChunkQueue.take` hands out a chunk. Halves of a chunk refused with a 400 go before new
chunks. The same choice answers "is a chunk due now?" (:meth:`ChunkQueue.due`), so the
engine's loop and its sleep can never disagree about it.
"""

from __future__ import annotations

import collections
from collections.abc import Hashable
from typing import Generic, TypeVar

import attrs

from ._line_limit import LineLimit
from .errors import BadRequestError

__all__ = ["Chunk", "ChunkQueue", "Slot", "Split", "book_answer"]

I = TypeVar("I")  # noqa: E741 - an input item
R = TypeVar("R")  # the value for one item


@attrs.define(eq=False)
class Slot(Generic[I, R]):
    """One distinct item to send, and every input index waiting for its outcome."""

    item: I
    key: Hashable
    index: int  # the item's first input index
    # Later input indices of the same item; None for most items, which have no twin (a list
    # per line would be one more object for the garbage collector to walk, per line).
    twins: list[int] | None = None
    done: bool = False
    known: bool = True  # in the job's map of items by key (only keyed slots are)
    value: R | None = None
    error: BaseException | None = None

    @property
    def count(self) -> int:
        """How many input lines wait for this item."""
        return 1 if self.twins is None else 1 + len(self.twins)

    @property
    def indices(self) -> list[int]:
        """Every input index waiting for this item, in input order."""
        return [self.index] if self.twins is None else [self.index, *self.twins]

    def add_twin(self, index: int) -> None:
        if self.twins is None:
            self.twins = [index]
        else:
            self.twins.append(index)


@attrs.define(eq=False)
class Split:
    """A chunk refused with no reason given, split in two: if both halves go through, the
    chunk was refused for its size."""

    size: int
    waiting: int = 2
    failed: bool = False


Chunk = list[Slot[I, R]]


def book_answer(limit: LineLimit | None, size: int, split: Split | None, *, ok: bool) -> None:
    """A chunk of ``size`` answered other than 400: nothing against its size."""
    if limit is None:
        return
    limit.answered(size)
    if split is not None:
        split.waiting -= 1
        split.failed = split.failed or not ok
        if split.waiting == 0 and not split.failed:
            limit.halves_succeeded(split.size)


_HALVES: Hashable = object()  # the choice "a queued half goes next"
_NOTHING: Hashable = object()  # the choice "nothing is due" (None is a group)


class ChunkQueue(Generic[I, R]):
    """Unsent slots by group (oldest group first), and refused chunks' halves."""

    def __init__(self, chunk_size: int, max_in_flight: int) -> None:
        # A group whose oldest line is this many lines behind the newest read is stale.
        self._stale_after = chunk_size * max_in_flight
        self._groups: dict[Hashable, collections.deque[Slot[I, R]]] = {}
        self._halves: collections.deque[tuple[Chunk[I, R], Split | None]] = collections.deque()
        self.queued = 0  # slots in groups (halves not counted)

    def __repr__(self) -> str:
        return (
            f"<ChunkQueue queued={self.queued} groups={len(self._groups)}"
            f" halves={len(self._halves)}>"
        )

    def __bool__(self) -> bool:
        return bool(self._groups or self._halves)

    def add(self, slot: Slot[I, R], group: Hashable) -> None:
        queue = self._groups.get(group)
        if queue is None:  # not setdefault: that would build a deque per item
            queue = self._groups[group] = collections.deque()
        queue.append(slot)
        self.queued += 1

    def due(self, size: int, read: int, partial_due: bool) -> bool:
        """Whether :meth:`take` would hand out a chunk now."""
        return self._choose(size, read, partial_due) is not _NOTHING

    def take(
        self, size: int, read: int, partial_due: bool
    ) -> tuple[Chunk[I, R], Split | None] | None:
        """The next chunk to send (at most ``size`` slots), with the split it is half of.

        Halves first; then a group stale for a whole in-flight window; then a full chunk; then,
        when ``partial_due`` (no more input can come soon), a partial one. ``read`` is the
        number of input items read so far.
        """
        choice = self._choose(size, read, partial_due)
        if choice is _NOTHING:
            return None
        if choice is _HALVES:
            chunk, split = self._halves.popleft()
            if len(chunk) > size:  # the limit was learned after this half was queued
                pieces = [(chunk[i : i + size], None) for i in range(0, len(chunk), size)]
                chunk, split = pieces[0]
                self._halves.extendleft(reversed(pieces[1:]))
            return chunk, split
        queue = self._groups[choice]
        chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
        if not queue:
            del self._groups[choice]
        self.queued -= len(chunk)
        return chunk, None

    def refused(
        self,
        chunk: Chunk[I, R],
        split: Split | None,
        error: BadRequestError,
        limit: LineLimit | None,
        wanted: int,
    ) -> bool:
        """A chunk answered 400, queued again as pieces: at the learned size when it was
        refused for its size, else halved to isolate the bad item(s). False for a chunk of one
        item: the 400 is that item's own error."""
        if split is not None:
            split.failed = True
        if limit is not None and limit.refused(len(chunk), error) and len(chunk) > 1:
            size = limit.size(wanted)
            self._halves.extend((chunk[i : i + size], None) for i in range(0, len(chunk), size))
            return True
        if len(chunk) == 1:
            return False
        middle = len(chunk) // 2
        half_of = Split(len(chunk)) if limit is not None else None
        self._halves.extend(((chunk[:middle], half_of), (chunk[middle:], half_of)))
        return True

    def drain(self) -> list[Slot[I, R]]:
        """Empty the queue; every slot it held."""
        slots = [slot for chunk, _ in self._halves for slot in chunk]
        slots += [slot for queue in self._groups.values() for slot in queue]
        self._halves.clear()
        self._groups.clear()
        self.queued = 0
        return slots

    def _choose(self, size: int, read: int, partial_due: bool) -> Hashable:
        if self._halves:
            return _HALVES
        groups = self._groups
        if not groups:
            return _NOTHING
        if len(groups) > 1:
            # A group whose oldest line has waited a whole in-flight window for company goes
            # now: without this a rare group (one customer among many) would hold back ordered
            # output until the read window filled, and the job would stall and jump.
            oldest, group = min((queue[0].indices[0], g) for g, queue in groups.items())
            if oldest < read - self._stale_after:
                return group
        for group, queue in groups.items():
            if len(queue) >= size:
                return group
        return next(iter(groups)) if partial_due else _NOTHING
