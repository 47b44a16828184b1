"""Cart: carts kept in collections keyed by a caller-defined ``cartCollectionKey``.

Each collection has a current cart; a new cart becomes current unless told otherwise. Methods
taking ``cart_id=None`` work on the current cart.
"""

from __future__ import annotations

from .._options import NOT_GIVEN, DeadlineArg, MaxRetriesArg, RequestOptions, TimeoutArg
from ..errors import ValidationError
from ..models.carts import Cart, CartItem, CartItemRequest, CartRequest, CheckoutInfo
from ._base import Resource

__all__ = ["CartsResource"]


class CartsResource(Resource):
    """``client.carts``: shopping carts. ``key`` is the cart collection key."""

    async def get(
        self,
        key: str,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """The current cart of the collection, or the cart ``cart_id`` (404 if none)."""
        return await self._call_as(
            Cart,
            "carts.get",
            path_params={"key": key},
            params={"cartId": cart_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def exists(
        self,
        key: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> bool:
        """Whether the collection exists and holds at least one cart."""
        return await self._call_as(
            bool,
            "carts.exists",
            path_params={"key": key},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def create(
        self,
        key: str,
        cart: CartRequest,
        *,
        current_cart: bool = True,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """Create a cart (and the collection, if new); it becomes current unless
        ``current_cart=False``. Never retried once sent, whatever ``max_retries`` says: an
        ambiguous failure raises :class:`~scansource_async.OutcomeUnknownError` (check
        :meth:`list` before retrying)."""
        return await self._call_as(
            Cart,
            "carts.create",
            path_params={"key": key},
            params={"currentCart": current_cart},
            json=self._checked(cart, CartRequest),
            reference=cart.name,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def update(
        self,
        key: str,
        cart: CartRequest,
        *,
        update_cart_items: bool = False,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """Update the cart ``cart.cart_id`` (the current cart if None): its name and notes, and
        with ``update_cart_items=True`` its items too (replaced by ``cart.items``)."""
        return await self._call_as(
            Cart,
            "carts.update",
            path_params={"key": key},
            params={"updateCartItems": update_cart_items},
            json=self._checked(cart, CartRequest),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def copy(
        self,
        key: str,
        cart_id: str,
        *,
        current_cart: bool = False,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """Copy a cart to a new cart of the same collection; returns the copy. Never retried
        once sent."""
        return await self._call_as(
            Cart,
            "carts.copy",
            path_params={"key": key, "cart_id": cart_id},
            params={"currentCart": current_cart},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def delete(
        self,
        key: str,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Delete the current cart, or the cart ``cart_id``."""
        await self._call(
            "carts.delete",
            path_params={"key": key},
            params={"cartId": cart_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def list(
        self,
        key: str,
        name: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> list[Cart]:
        """The carts of the collection (those whose name contains ``name``, if given)."""
        return await self._call_list(
            Cart,
            "carts.list",
            path_params={"key": key},
            params={"name": name},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def add_item(
        self,
        key: str,
        item: CartItemRequest,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CartItem:
        """Add an item to the current cart (or ``cart_id``); returns it with its ``item_id``.
        Never retried once sent."""
        return await self._call_as(
            CartItem,
            "carts.add_item",
            path_params={"key": key},
            params={"cartId": cart_id},
            json=self._checked(item, CartItemRequest),
            reference=item.item_number,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def update_item(
        self,
        key: str,
        cart_id: str,
        item: CartItemRequest,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CartItem:
        """Replace the item ``item.item_id`` of cart ``cart_id`` (quantity, price, notes)."""
        item = self._checked(item, CartItemRequest)
        if item.item_id is None:
            raise ValidationError("update_item needs the item's item_id")
        return await self._call_as(
            CartItem,
            "carts.update_item",
            path_params={"key": key, "cart_id": cart_id},
            json=item,
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def delete_item(
        self,
        key: str,
        item_id: str,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Remove an item from the current cart (or ``cart_id``)."""
        await self._call(
            "carts.delete_item",
            path_params={"key": key, "item_id": item_id},
            params={"cartId": cart_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def clear(
        self,
        key: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> None:
        """Delete every cart of the collection."""
        await self._call(
            "carts.clear",
            path_params={"key": key},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def has_current(
        self,
        key: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> bool:
        """Whether the collection has a current cart."""
        return await self._call_as(
            bool,
            "carts.has_current",
            path_params={"key": key},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def switch(
        self,
        key: str,
        cart_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """Make ``cart_id`` the collection's current cart; returns it."""
        return await self._call_as(
            Cart,
            "carts.switch",
            path_params={"key": key, "cart_id": cart_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def move(
        self,
        source_key: str,
        destination_key: str,
        cart_id: str,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> Cart:
        """Move a cart to another collection (e.g. to an approval queue); returns it as it is
        in the destination. Never retried once sent."""
        return await self._call_as(
            Cart,
            "carts.move",
            path_params={
                "source_key": source_key,
                "destination_key": destination_key,
                "cart_id": cart_id,
            },
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def set_checkout_info(
        self,
        key: str,
        info: CheckoutInfo,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CheckoutInfo:
        """Add or replace the checkout info of the current cart (or ``cart_id``)."""
        return await self._call_as(
            CheckoutInfo,
            "carts.set_checkout_info",
            path_params={"key": key},
            params={"cartId": cart_id},
            json=self._checked(info, CheckoutInfo),
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )

    async def get_checkout_info(
        self,
        key: str,
        cart_id: str | None = None,
        *,
        timeout: TimeoutArg = NOT_GIVEN,
        deadline: DeadlineArg = NOT_GIVEN,
        max_retries: MaxRetriesArg = NOT_GIVEN,
    ) -> CheckoutInfo | None:
        """The checkout info of the current cart (or ``cart_id``); None if none was set."""
        return await self._call_as(
            CheckoutInfo | None,
            "carts.get_checkout_info",
            path_params={"key": key},
            params={"cartId": cart_id},
            options=RequestOptions(timeout=timeout, deadline=deadline, max_retries=max_retries),
        )
