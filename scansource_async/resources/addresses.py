"""Address: collections of addresses keyed by a caller-chosen ``collection_key``.

The seeds list the group without endpoints; the routes are the legacy help pages' (gateway
route **inferred**). Creates and copies are never retried once sent.
"""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..errors import ValidationError
from ..models._common import Address
from ._base import Resource

__all__ = ["AddressesResource"]


class AddressesResource(Resource):
    """``client.addresses``: address collections."""

    async def get(
        self,
        collection_key: str,
        address_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Address:
        """One address of a collection (NotFoundError if unknown)."""
        return await self._call_as(
            Address,
            "addresses.get",
            path_params={"collection_key": collection_key, "address_id": address_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def exists(
        self,
        collection_key: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> bool:
        """Whether the collection exists and holds addresses."""
        return await self._call_as(
            bool,
            "addresses.exists",
            path_params={"collection_key": collection_key},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def create(
        self,
        collection_key: str,
        address: Address,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Address:
        """Store a new address; the answer carries its ``address_id``. Never retried."""
        return await self._call_as(
            Address,
            "addresses.create",
            path_params={"collection_key": collection_key},
            json=self._checked(address, Address),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def update(
        self,
        collection_key: str,
        address: Address,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Address:
        """Replace a stored address (``address.address_id`` names it)."""
        address = self._checked(address, Address)
        if not address.address_id:
            raise ValidationError("update needs the address's address_id")
        return await self._call_as(
            Address,
            "addresses.update",
            path_params={"collection_key": collection_key},
            json=address,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def copy(
        self,
        collection_key: str,
        address_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Address:
        """A copy of an address in the same collection, with a new ``address_id``. Never
        retried."""
        return await self._call_as(
            Address,
            "addresses.copy",
            path_params={"collection_key": collection_key, "address_id": address_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
