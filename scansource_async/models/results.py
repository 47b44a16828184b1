"""Per-item results of bulk jobs, and the sheets that hold one result per input item."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Generic, Protocol, TypeVar, overload

import attrs

from ..errors import BulkJobError, NotAttemptedError
from .products import Availability, PricingLine, Product

__all__ = ["AvailabilityResult", "AvailabilitySheet", "PriceResult", "PriceSheet", "ResultSheet"]


class _HasError(Protocol):
    @property
    def error(self) -> BaseException | None: ...


RT = TypeVar("RT", bound=_HasError)


class _Outcome:
    """``ok`` and ``attempted`` for a result with an ``error``."""

    __slots__ = ()
    error: BaseException | None

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None

    @property
    def attempted(self) -> bool:
        """False when the job never got to the item (safe to run again)."""
        return not isinstance(self.error, NotAttemptedError)


@attrs.frozen(kw_only=True)
class PriceResult(_Outcome):
    """The outcome for one input line: ``product`` when priced, else ``error``.

    ``index`` is the line's position in the input. A line the job never sent (deadline,
    stop, cancellation) has a :class:`NotAttemptedError`; it is safe to price again.
    """

    index: int
    line: PricingLine
    product: Product | None = None
    error: BaseException | None = None


@attrs.frozen(kw_only=True)
class AvailabilityResult(_Outcome):
    """The outcome for one input item number: its stock per warehouse, or ``error``."""

    index: int
    item_number: str
    availability: tuple[Availability, ...] = ()
    error: BaseException | None = None


class ResultSheet(Sequence[RT], Generic[RT]):
    """Exactly one result per input item, in input order."""

    def __init__(self, results: Sequence[RT]) -> None:
        self._results = list(results)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {len(self)} results: {len(self.ok)} ok,"
            f" {len(self.failed)} failed, {len(self.not_attempted)} not attempted>"
        )

    def __len__(self) -> int:
        return len(self._results)

    @overload
    def __getitem__(self, index: int) -> RT: ...
    @overload
    def __getitem__(self, index: slice) -> list[RT]: ...
    def __getitem__(self, index: int | slice) -> RT | list[RT]:
        return self._results[index]

    def __iter__(self) -> Iterator[RT]:
        return iter(self._results)

    @property
    def ok(self) -> list[RT]:
        """Results that succeeded."""
        return [r for r in self._results if r.error is None]

    @property
    def failed(self) -> list[RT]:
        """Results that were tried and failed."""
        return [
            r
            for r in self._results
            if r.error is not None and not isinstance(r.error, NotAttemptedError)
        ]

    @property
    def not_attempted(self) -> list[RT]:
        """Results the job never got to (safe to run again)."""
        return [r for r in self._results if isinstance(r.error, NotAttemptedError)]

    def raise_for_errors(self) -> None:
        """Raise BulkJobError if any item failed or was not attempted."""
        bad = [r for r in self._results if r.error is not None]
        if bad:
            kinds = Counter(type(r.error).__name__ for r in bad)
            summary = ", ".join(f"{count} {name}" for name, count in kinds.most_common())
            raise BulkJobError(
                f"{len(bad)} of {len(self)} items did not succeed ({summary})", results=bad
            )


class PriceSheet(ResultSheet[PriceResult]):
    """The result of ``price_many``: one :class:`PriceResult` per input line, in order."""

    @property
    def products(self) -> list[Product | None]:
        """The product of each line (None where it failed), in input order."""
        return [r.product for r in self]


class AvailabilitySheet(ResultSheet[AvailabilityResult]):
    """The result of ``availability_many``: one result per input item number, in order."""
