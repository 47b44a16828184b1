"""Cart models: carts in a collection, their items, and checkout info.

The seeds describe the cart operations but not their bodies; the field names here are
**unverified** (they follow the API's PascalCase conventions: ``CartID``, ``ItemID``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from .._validate import check_optional_non_empty
from ._common import (
    Address,
    check_item_number,
    check_quantity,
    lines_of,
    to_price,
    to_tuple,
)

__all__ = ["Cart", "CartItem", "CartItemRequest", "CartRequest", "CheckoutInfo"]


@attrs.frozen(kw_only=True)
class CartItemRequest:
    """An item to add to a cart, or (with ``item_id``) the new state of one already in it."""

    item_number: str = attrs.field(validator=check_item_number)
    quantity: int = attrs.field(default=1, validator=check_quantity)
    item_id: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    price: Decimal | None = attrs.field(default=None, converter=to_price)
    description: str | None = None
    notes: str | None = None


@attrs.frozen(kw_only=True)
class CartRequest:
    """A cart to create, or the new state of one (``cart_id`` None means the current cart)."""

    name: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    cart_id: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    notes: str | None = None
    items: tuple[CartItemRequest, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=lines_of(CartItemRequest),
    )


@attrs.frozen(kw_only=True)
class CheckoutInfo:
    """What a cart needs at checkout: PO numbers, ship method, ship-to and contact."""

    po_number: str | None = None
    end_user_po: str | None = None
    ship_method_service_level_code: str | None = None
    shipping_address: Address | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    requested_delivery_date: date | None = None
    notes: str | None = None


@attrs.frozen(kw_only=True)
class CartItem:
    """An item in a cart."""

    item_id: str | None = None
    item_number: str | None = None
    quantity: int | None = None
    price: Decimal | None = None
    description: str | None = None
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Cart:
    """A cart of a collection. ``is_current`` tells whether it is the collection's current cart."""

    cart_id: str | None = None
    name: str | None = None
    notes: str | None = None
    is_current: bool | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    items: tuple[CartItem, ...] = ()
    checkout_info: CheckoutInfo | None = None

    def item(self, item_number: str) -> CartItem | None:
        """The first item with this item number, or None."""
        return next((i for i in self.items if i.item_number == item_number), None)
