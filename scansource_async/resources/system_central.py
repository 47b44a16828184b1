"""SystemCentral: System Central (configuration and staging) logs."""

from __future__ import annotations

from datetime import date

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from .._pagination import AsyncPaginator
from ..models.system_central import SystemCentralLog, SystemCentralStatus
from ._base import Resource

__all__ = ["SystemCentralResource"]


class SystemCentralResource(Resource):
    """``client.system_central``: System Central logs."""

    def summary(
        self,
        *,
        customer_number: str | None = None,
        log_number: str | None = None,
        po_number: str | None = None,
        status: SystemCentralStatus | str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        page_size: int | None = None,
        max_pages: int | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> AsyncPaginator[SystemCentralLog]:
        """The customer's logs matching every filter given, page by page."""
        return self._paginate(
            SystemCentralLog,
            "system_central.summary",
            path_params={"customer_number": self._customer_number(customer_number)},
            params={
                "logNumber": log_number,
                "poNumber": po_number,
                "status": status,
                "fromDate": from_date,
                "toDate": to_date,
            },
            page_size=page_size,
            max_pages=max_pages,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
