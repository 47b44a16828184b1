"""System Central models: configuration/staging logs (field names **unverified**)."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from ._common import ApiEnum

__all__ = ["SystemCentralLog", "SystemCentralStatus"]


class SystemCentralStatus(ApiEnum):
    """The status of a System Central log."""

    OPEN = "Open"
    IN_PROGRESS = "In Progress"
    ON_HOLD = "On Hold"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"
    UNKNOWN = "Unknown"


@attrs.frozen(kw_only=True)
class SystemCentralLog:
    """One System Central log (``systemcentral/summary``)."""

    log_number: str | None = None
    po_number: str | None = None
    sales_order_number: str | None = None
    status: SystemCentralStatus | None = None
    description: str | None = None
    quantity: int | None = None
    created_date: datetime | None = None
    last_updated_date: datetime | None = None
    estimated_completion_date: date | None = None
