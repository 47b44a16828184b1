"""Cart group: the sixteen ``cart/…`` operations of the seeds, kept per subscription key.

A subscription key owns any number of cart collections, each keyed by the caller's
``cartCollectionKey`` and holding carts and at most one current cart. Paths are matched on the
raw (still percent-encoded) path, so a key may hold any character, ``/`` included.

Shapes (invented; the seeds give only the operations):

* Cart: ``{CartID, Name, Notes, IsCurrent, CreatedDate, LastModifiedDate, Items: [CartItem],
  CheckoutInfo}``; CartItem: ``{ItemID, ItemNumber, Quantity, Price, Description, Notes}``;
  CheckoutInfo: ``{PONumber, EndUserPO, ShipMethodServiceLevelCode, ShippingAddress,
  ContactName, ContactEmail, ContactPhone, RequestedDeliveryDate, Notes}`` (stored as sent).
* ``POST cart/{key}?currentCart=`` body ``{Name, Notes, Items}`` → the new cart (current unless
  ``currentCart=false``). ``PUT cart/{key}?updateCartItems=`` body ``{CartID (default: current),
  Name, Notes, Items}`` → the cart (items replaced only with ``updateCartItems=true``).
  ``POST cart/copy/{key}/{cartId}?currentCart=`` → the copy ("Copy of …", new item ids).
  ``DELETE cart/{key}?cartId=`` → 204 (the current cart if no id; the collection then has no
  current cart). ``GET cart/list/{key}?name=`` → array (``name``: case-insensitive substring;
  ``[]`` for an unknown collection). ``POST cart/item/{key}?cartId=`` body CartItem (no ItemID)
  → the item with its new ItemID. ``PUT cart/item/{key}/{cartId}`` body CartItem with ItemID →
  the item. ``DELETE cart/item/{key}/{itemId}?cartId=`` → 204. ``DELETE cart/clear/{key}`` →
  204 (removes the collection). ``GET cart/exists/{key}``, ``GET cart/hascurrent/{key}`` →
  ``true``/``false``. ``PUT cart/switch/{key}/{cartId}`` → the now current cart.
  ``POST cart/move/{source}/{destination}/{cartId}`` → the cart as it is in the destination (it
  becomes current there if the destination had no current cart; the source loses it as current).
  ``POST cart/checkoutinfo/{key}?cartId=`` body CheckoutInfo → it; ``GET`` → it, or ``null``.
* Items: ``ItemNumber`` must be a catalog item, ``Quantity`` an integer >= 1, ``Price`` >= 0.
  Unknown collection, cart or item → 404; a bad body → 400.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from .._json import money_decimal
from .._ledger import Ledger
from .._records import Cart, CartCollection, CartItem, Tenant
from ._common import ApiError, bad_request, json_response, query_bool, require_int, state_of
from ._helpers import (
    body_object,
    iso,
    ledger,
    money_cents,
    no_content,
    optional_text,
    required_text,
    tenant,
)
from ._router import Handler, ident

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Cart"
_MAX_QUANTITY: Final = 1_000_000
_CHECKOUT_KEYS: Final = (
    "PONumber", "EndUserPO", "ShipMethodServiceLevelCode", "ShippingAddress", "ContactName",
    "ContactEmail", "ContactPhone", "RequestedDeliveryDate", "Notes",
)  # fmt: skip


# -- rendering ---------------------------------------------------------------------------------


def _item_json(item: CartItem) -> dict[str, Any]:
    return {
        "ItemID": item.item_id,
        "ItemNumber": item.item_number,
        "Quantity": item.quantity,
        "Price": item.price,
        "Description": item.description,
        "Notes": item.notes,
    }


def _cart_json(cart: Cart, collection: CartCollection) -> dict[str, Any]:
    return {
        "CartID": cart.cart_id,
        "Name": cart.name,
        "Notes": cart.notes,
        "IsCurrent": collection.current == cart.cart_id,
        "CreatedDate": iso(cart.created),
        "LastModifiedDate": iso(cart.modified),
        "Items": [_item_json(item) for item in cart.items],
        "CheckoutInfo": cart.checkout_info,
    }


# -- lookups -----------------------------------------------------------------------------------


def _collection(owner: Tenant, key: str) -> CartCollection:
    collection = owner.carts.get(key)
    if collection is None or not collection.carts:
        raise ApiError(404, f"Cart collection '{key}' not found")
    return collection


def _cart(collection: CartCollection, key: str, cart_id: str | None) -> Cart:
    if cart_id is None:
        if collection.current is None:
            raise ApiError(404, f"Cart collection '{key}' has no current cart")
        cart_id = collection.current
    cart = collection.carts.get(cart_id)
    if cart is None:
        raise ApiError(404, f"Cart '{cart_id}' not found in collection '{key}'")
    return cart


def _cart_id(request: Request) -> str | None:
    return request.query_params.get("cartId") or None


# -- bodies ------------------------------------------------------------------------------------


def _new_item(request: Request, book: Ledger, value: Any, where: str) -> CartItem:
    if not isinstance(value, dict):
        bad_request(f"{where or 'The request body'} must be an object")
    number = required_text(value, "ItemNumber", where)
    item = state_of(request).catalog.item(number)
    if item is None:
        bad_request(f"{where}ItemNumber '{number}' not found")
    quantity = require_int(value.get("Quantity", 1), f"{where}Quantity", low=1, high=_MAX_QUANTITY)
    price = money_cents(value, "Price", where)
    return CartItem(
        item_id=book.next_id("item"),
        item_number=item.item_number,
        quantity=quantity,
        price=None if price is None else money_decimal(price),
        description=optional_text(value, "Description", where) or item.description,
        notes=optional_text(value, "Notes", where),
    )


def _items(request: Request, book: Ledger, body: dict[str, Any]) -> list[CartItem]:
    items = body.get("Items") or []
    if not isinstance(items, list):
        bad_request("Items must be an array")
    return [_new_item(request, book, value, f"Items[{n}].") for n, value in enumerate(items)]


# -- operations --------------------------------------------------------------------------------


async def get_cart(request: Request, owner: Tenant, key: str) -> Response:
    collection = _collection(owner, key)
    return json_response(_cart_json(_cart(collection, key, _cart_id(request)), collection))


async def create_cart(request: Request, owner: Tenant, key: str) -> Response:
    book = ledger(request)
    body = body_object(request, "cart")
    now = book.now()
    cart = Cart(
        cart_id=book.next_id("cart"),
        name=optional_text(body, "Name"),
        notes=optional_text(body, "Notes"),
        created=now,
        modified=now,
        items=_items(request, book, body),
    )
    collection = owner.carts.setdefault(key, CartCollection())
    collection.carts[cart.cart_id] = cart
    if query_bool(request, "currentCart", True):
        collection.current = cart.cart_id
    return json_response(_cart_json(cart, collection))


async def update_cart(request: Request, owner: Tenant, key: str) -> Response:
    book = ledger(request)
    body = body_object(request, "cart")
    collection = _collection(owner, key)
    cart = _cart(collection, key, optional_text(body, "CartID") or None)
    items = _items(request, book, body)
    cart.name = optional_text(body, "Name")
    cart.notes = optional_text(body, "Notes")
    if query_bool(request, "updateCartItems"):
        cart.items = items
    cart.modified = book.now()
    return json_response(_cart_json(cart, collection))


async def copy_cart(request: Request, owner: Tenant, key: str, cart_id: str) -> Response:
    book = ledger(request)
    collection = _collection(owner, key)
    source = _cart(collection, key, cart_id)
    now = book.now()
    copy = Cart(
        cart_id=book.next_id("cart"),
        name=f"Copy of {source.name}" if source.name else None,
        notes=source.notes,
        created=now,
        modified=now,
        items=[
            CartItem(
                book.next_id("item"), i.item_number, i.quantity, i.price, i.description, i.notes
            )
            for i in source.items
        ],
        checkout_info=None if source.checkout_info is None else dict(source.checkout_info),
    )
    collection.carts[copy.cart_id] = copy
    if query_bool(request, "currentCart"):
        collection.current = copy.cart_id
    return json_response(_cart_json(copy, collection))


async def delete_cart(request: Request, owner: Tenant, key: str) -> Response:
    collection = _collection(owner, key)
    cart = _cart(collection, key, _cart_id(request))
    del collection.carts[cart.cart_id]
    if collection.current == cart.cart_id:
        collection.current = None
    return no_content()


async def list_carts(request: Request, owner: Tenant, key: str) -> Response:
    collection = owner.carts.get(key) or CartCollection()
    name = (request.query_params.get("name") or "").lower()
    return json_response(
        [
            _cart_json(cart, collection)
            for cart in collection.carts.values()
            if name in (cart.name or "").lower()
        ]
    )


async def add_item(request: Request, owner: Tenant, key: str) -> Response:
    book = ledger(request)
    cart = _cart(_collection(owner, key), key, _cart_id(request))
    item = _new_item(request, book, body_object(request, "cart item"), "")
    cart.items.append(item)
    cart.modified = book.now()
    return json_response(_item_json(item))


async def update_item(request: Request, owner: Tenant, key: str, cart_id: str) -> Response:
    book = ledger(request)
    cart = _cart(_collection(owner, key), key, cart_id)
    body = body_object(request, "cart item")
    item_id = required_text(body, "ItemID")
    index = next((n for n, i in enumerate(cart.items) if i.item_id == item_id), None)
    if index is None:
        raise ApiError(404, f"Item '{item_id}' not found in cart '{cart.cart_id}'")
    item = _new_item(request, book, body, "")
    item.item_id = item_id
    cart.items[index] = item
    cart.modified = book.now()
    return json_response(_item_json(item))


async def delete_item(request: Request, owner: Tenant, key: str, item_id: str) -> Response:
    cart = _cart(_collection(owner, key), key, _cart_id(request))
    kept = [i for i in cart.items if i.item_id != item_id]
    if len(kept) == len(cart.items):
        raise ApiError(404, f"Item '{item_id}' not found in cart '{cart.cart_id}'")
    cart.items = kept
    cart.modified = ledger(request).now()
    return no_content()


async def clear(request: Request, owner: Tenant, key: str) -> Response:
    owner.carts.pop(key, None)
    return no_content()


async def exists(request: Request, owner: Tenant, key: str) -> Response:
    collection = owner.carts.get(key)
    return json_response(collection is not None and bool(collection.carts))


async def has_current(request: Request, owner: Tenant, key: str) -> Response:
    collection = owner.carts.get(key)
    return json_response(collection is not None and collection.current is not None)


async def switch(request: Request, owner: Tenant, key: str, cart_id: str) -> Response:
    collection = _collection(owner, key)
    cart = _cart(collection, key, cart_id)
    collection.current = cart.cart_id
    return json_response(_cart_json(cart, collection))


async def move(
    request: Request, owner: Tenant, source: str, destination: str, cart_id: str
) -> Response:
    if source == destination:
        bad_request("The source and destination collections are the same")
    origin = _collection(owner, source)
    cart = _cart(origin, source, cart_id)
    del origin.carts[cart.cart_id]
    if origin.current == cart.cart_id:
        origin.current = None
    target = owner.carts.setdefault(destination, CartCollection())
    target.carts[cart.cart_id] = cart
    if target.current is None:
        target.current = cart.cart_id
    cart.modified = ledger(request).now()
    return json_response(_cart_json(cart, target))


async def set_checkout_info(request: Request, owner: Tenant, key: str) -> Response:
    cart = _cart(_collection(owner, key), key, _cart_id(request))
    body = body_object(request, "checkout info")
    info = {name: body.get(name) for name in _CHECKOUT_KEYS}
    for name in _CHECKOUT_KEYS:
        if name != "ShippingAddress":
            optional_text(info, name)
    if info["ShippingAddress"] is not None and not isinstance(info["ShippingAddress"], dict):
        bad_request("ShippingAddress must be an object")
    cart.checkout_info = info
    cart.modified = ledger(request).now()
    return json_response(info)


async def get_checkout_info(request: Request, owner: Tenant, key: str) -> Response:
    cart = _cart(_collection(owner, key), key, _cart_id(request))
    return json_response(cart.checkout_info)


# -- operations ------------------------------------------------------------------------------

_Op = Callable[..., Awaitable[Response]]


def _op(handler: _Op, *names: str) -> Handler:
    """A router handler calling ``handler(request, owner, *identifiers)``."""

    async def run(request: Request) -> Response:
        return await handler(request, tenant(request), *(ident(request, n) for n in names))

    return run


HANDLERS: Final[Mapping[str, Handler]] = {
    "carts.get": _op(get_cart, "key"),
    "carts.exists": _op(exists, "key"),
    "carts.create": _op(create_cart, "key"),
    "carts.update": _op(update_cart, "key"),
    "carts.copy": _op(copy_cart, "key", "cart_id"),
    "carts.delete": _op(delete_cart, "key"),
    "carts.list": _op(list_carts, "key"),
    "carts.add_item": _op(add_item, "key"),
    "carts.update_item": _op(update_item, "key", "cart_id"),
    "carts.delete_item": _op(delete_item, "key", "item_id"),
    "carts.clear": _op(clear, "key"),
    "carts.has_current": _op(has_current, "key"),
    "carts.switch": _op(switch, "key", "cart_id"),
    "carts.move": _op(move, "source_key", "destination_key", "cart_id"),
    "carts.set_checkout_info": _op(set_checkout_info, "key"),
    "carts.get_checkout_info": _op(get_checkout_info, "key"),
}
