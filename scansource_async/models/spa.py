"""SPA (special pricing agreement) models: create, summary and detail (names **unverified**)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from .._validate import (
    check_non_empty,
    check_optional_non_empty,
    check_optional_positive_int,
    check_required,
)
from ..errors import ValidationError
from ._common import (
    ApiEnum,
    check_item_number,
    check_non_empty_tuple,
    lines_of,
    parse_date,
    to_price,
    to_tuple,
)

__all__ = [
    "SpaCreated",
    "SpaDetail",
    "SpaDetailRequest",
    "SpaLine",
    "SpaLineRequest",
    "SpaRequest",
    "SpaStatus",
    "SpaSummary",
]


class SpaStatus(ApiEnum):
    """The status of an agreement."""

    PENDING = "Pending"
    ACTIVE = "Active"
    EXPIRED = "Expired"
    REJECTED = "Rejected"
    UNKNOWN = "Unknown"


def _to_valid_from(value: Any) -> date | None:
    return parse_date(value, "valid_from")


def _to_valid_to(value: Any) -> date | None:
    return parse_date(value, "valid_to")


@attrs.frozen(kw_only=True)
class SpaLineRequest:
    """An item of a new agreement: the agreed price and optional quantity bounds."""

    item_number: str = attrs.field(validator=check_item_number)
    price: Decimal = attrs.field(converter=to_price, validator=check_required)
    min_quantity: int | None = attrs.field(default=None, validator=check_optional_positive_int)
    max_quantity: int | None = attrs.field(default=None, validator=check_optional_positive_int)

    def __attrs_post_init__(self) -> None:
        low, high = self.min_quantity, self.max_quantity
        if low is not None and high is not None and high < low:
            raise ValidationError(f"max_quantity {high} is below min_quantity {low}")


@attrs.frozen(kw_only=True)
class SpaRequest:
    """A new special pricing agreement. ``customer_number`` defaults to the client's."""

    sales_org: str = attrs.field(validator=check_non_empty)
    mfg_code: str = attrs.field(validator=check_non_empty)
    end_user: str = attrs.field(validator=check_non_empty)
    valid_from: date = attrs.field(converter=_to_valid_from, validator=check_required)
    valid_to: date = attrs.field(converter=_to_valid_to, validator=check_required)
    lines: tuple[SpaLineRequest, ...] = attrs.field(
        converter=to_tuple, validator=[check_non_empty_tuple, lines_of(SpaLineRequest)]
    )
    description: str | None = None
    agreement_type: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    customer_number: str | None = attrs.field(default=None, validator=check_optional_non_empty)

    def __attrs_post_init__(self) -> None:
        if self.valid_to < self.valid_from:
            raise ValidationError("valid_to is before valid_from")


@attrs.frozen(kw_only=True)
class SpaCreated:
    """The answer to a create: the new agreement's number and deal ID."""

    agreement_number: str | None = None
    deal_id: str | None = None
    status: SpaStatus | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class SpaDetailRequest:
    """Which agreement to read (``POST spa/detail``); ``customer_number`` defaults
    to the client's."""

    agreement_number: str = attrs.field(validator=check_non_empty)
    sales_org: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    customer_number: str | None = attrs.field(default=None, validator=check_optional_non_empty)


@attrs.frozen(kw_only=True)
class SpaSummary:
    """One agreement of ``spa/summary``."""

    agreement_number: str | None = None
    deal_id: str | None = None
    control_number: str | None = None
    description: str | None = None
    agreement_type: str | None = None
    status: SpaStatus | None = None
    sales_org: str | None = None
    mfg_code: str | None = None
    end_user: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@attrs.frozen(kw_only=True)
class SpaLine:
    """An item of an agreement."""

    item_number: str | None = None
    manufacturer_part_number: str | None = None
    description: str | None = None
    price: Decimal | None = None
    min_quantity: int | None = None
    max_quantity: int | None = None


@attrs.frozen(kw_only=True)
class SpaDetail:
    """An agreement with its items (``spa/detail``)."""

    agreement_number: str | None = None
    deal_id: str | None = None
    control_number: str | None = None
    customer_number: str | None = None
    description: str | None = None
    agreement_type: str | None = None
    status: SpaStatus | None = None
    sales_org: str | None = None
    mfg_code: str | None = None
    end_user: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    currency_code: str | None = None
    lines: tuple[SpaLine, ...] = ()
