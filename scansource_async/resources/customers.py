"""Customer: account check, credit data and payers."""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..models.customers import CreditData, Customer, Payer
from ._base import Resource

__all__ = ["CustomersResource"]


class CustomersResource(Resource):
    """``client.customers``: customer accounts."""

    async def get(
        self,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Customer:
        """Check that a customer exists and return its name (404 if it does not)."""
        number = self._customer_number(customer_number)
        return await self._call_as(
            Customer,
            "customers.get",
            path_params={"customer_number": number},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def credit_data(
        self,
        region: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CreditData:
        """A customer's status, revenue and credit limit for a region."""
        number = self._customer_number(customer_number)
        return await self._call_as(
            CreditData,
            "customers.credit_data",
            path_params={"customer_number": number, "region": region},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def payers(
        self,
        business_unit: str,
        *,
        customer_number: str | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[Payer]:
        """The payers of a customer in a business unit."""
        number = self._customer_number(customer_number)
        payers: tuple[Payer, ...] = await self._call_as(
            tuple[Payer, ...],
            "customers.payers",
            path_params={"customer_number": number, "business_unit": business_unit},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
        return list(payers)
