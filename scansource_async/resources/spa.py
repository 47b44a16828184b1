"""Spa: special pricing agreements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.spa import SpaCreated, SpaDetail, SpaDetailRequest, SpaRequest, SpaSummary
from ._base import Resource

__all__ = ["SpaResource"]


class SpaResource(Resource):
    """``client.spa``: special pricing agreements (SPA)."""

    async def create(
        self,
        request: SpaRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SpaCreated:
        """Create an agreement (``request.customer_number`` defaults to the client's). Never
        retried once sent: an ambiguous failure raises
        :class:`~scansource_async.OutcomeUnknownError`; look for it with ``summary()``."""
        request = self._checked(request, SpaRequest)
        number = self._customer_number(request.customer_number)
        return await self._call_as(
            SpaCreated,
            "spa.create",
            json=attrs.evolve(request, customer_number=number),
            reference=request.description,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def summary(
        self,
        *,
        customer_number: str | None = None,
        sales_org: str | None = None,
        deal_id: str | None = None,
        end_user: str | None = None,
        mfg_code: str | None = None,
        valid_on: date | None = None,
        control_number: str | None = None,
        description: str | None = None,
        agreement_types: Sequence[str] | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[SpaSummary]:
        """The customer's agreements matching every filter given (``agreement_types`` is sent
        as a repeated ``agreementTypes`` parameter)."""
        return await self._call_list(
            SpaSummary,
            "spa.summary",
            params={
                "customerNumber": self._customer_number(customer_number),
                "salesOrg": sales_org,
                "dealId": deal_id,
                "endUser": end_user,
                "mfgCode": mfg_code,
                "validOn": valid_on,
                "controlNumber": control_number,
                "description": description,
                "agreementTypes": None if agreement_types is None else list(agreement_types),
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def detail(
        self,
        request: SpaDetailRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> SpaDetail:
        """An agreement with its items (a read-only POST: retried like a GET)."""
        request = self._checked(request, SpaDetailRequest)
        number = self._customer_number(request.customer_number)
        return await self._call_as(
            SpaDetail,
            "spa.detail",
            json=attrs.evolve(request, customer_number=number),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
