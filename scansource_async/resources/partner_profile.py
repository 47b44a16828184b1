"""PartnerProfile: the developer's profile and its permissions."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.customers import PartnerProfile, PartnerProfileValidation
from ._base import Resource

__all__ = ["PartnerProfileResource"]


class PartnerProfileResource(Resource):
    """``client.partner_profile``: the developer's partner profile."""

    async def get(
        self,
        developer_email: str,
        api_key: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> PartnerProfile:
        """The partner profile of a developer (``api_key`` defaults to the subscription key)."""
        return await self._call_as(
            PartnerProfile,
            "partner_profile.get",
            params={
                "APIKey": api_key or self._client._config.subscription_key,
                "developerEmail": developer_email,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def validate(
        self,
        developer_email: str,
        url: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> PartnerProfileValidation:
        """Whether the profile may use the API resource at ``url``."""
        return await self._call_as(
            PartnerProfileValidation,
            "partner_profile.validate",
            params={
                "developerEmail": developer_email,
                "customerNumber": self._customer_number(customer_number),
                "url": url,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
