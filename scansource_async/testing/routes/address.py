"""Address group: collections of addresses keyed by the caller's ``collectionKey``, kept per
subscription key, at the routes of the client's endpoint table (legacy help pages' paths; the
gateway's inferred from them).

* Address: ``{AddressID, Name, Attn, Street1, Street2, City, State, PostalCode, Country}``.
* ``GET address/{collectionKey}/{addressId}`` → the address; unknown collection or id → 404.
* ``GET address/exists/{collectionKey}`` → ``true``/``false`` (a collection holding addresses).
* ``POST address/{collectionKey}`` body Address (no AddressID) → it with its new AddressID
  (``ADDR-000001`` …); ``Name``, ``Street1``, ``City`` and ``Country`` are required (400).
* ``PUT address/{collectionKey}`` body Address with AddressID → it, replaced.
* ``POST address/copy/{collectionKey}/{addressId}`` → the copy, with a new AddressID.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from ._common import ApiError, bad_request, json_response
from ._helpers import body_object, ledger, optional_text, required_text, tenant
from ._router import Handler, ident

__all__ = ["GROUP", "HANDLERS"]

GROUP: Final = "Address"
_FIELDS: Final = ("Name", "Attn", "Street1", "Street2", "City", "State", "PostalCode", "Country")


def _collection(request: Request) -> tuple[str, dict[str, dict[str, Any]]]:
    key = ident(request, "collection_key")
    found = tenant(request).addresses.get(key)
    if not found:
        raise ApiError(404, f"Address collection '{key}' not found")
    return key, found


def _stored(request: Request) -> dict[str, Any]:
    key, collection = _collection(request)
    address_id = ident(request, "address_id")
    address = collection.get(address_id)
    if address is None:
        raise ApiError(404, f"Address '{address_id}' not found in collection '{key}'")
    return address


def _fields(request: Request) -> dict[str, Any]:
    body = body_object(request, "address")
    for name in ("Name", "Street1", "City", "Country"):
        required_text(body, name)
    return {name: optional_text(body, name) for name in _FIELDS}


async def get(request: Request) -> Response:
    return json_response(_stored(request))


async def exists(request: Request) -> Response:
    return json_response(bool(tenant(request).addresses.get(ident(request, "collection_key"))))


async def create(request: Request) -> Response:
    fields = _fields(request)
    address = {"AddressID": ledger(request).next_id("address"), **fields}
    collection = tenant(request).addresses.setdefault(ident(request, "collection_key"), {})
    collection[address["AddressID"]] = address
    return json_response(address)


async def update(request: Request) -> Response:
    key, collection = _collection(request)
    body = body_object(request, "address")
    address_id = body.get("AddressID")
    if not isinstance(address_id, str) or not address_id:
        bad_request("AddressID is required")
    if address_id not in collection:
        raise ApiError(404, f"Address '{address_id}' not found in collection '{key}'")
    collection[address_id] = {"AddressID": address_id, **_fields(request)}
    return json_response(collection[address_id])


async def copy(request: Request) -> Response:
    original = _stored(request)
    _, collection = _collection(request)
    address = {**original, "AddressID": ledger(request).next_id("address")}
    collection[address["AddressID"]] = address
    return json_response(address)


HANDLERS: Final[Mapping[str, Handler]] = {
    "addresses.get": get,
    "addresses.exists": exists,
    "addresses.create": create,
    "addresses.update": update,
    "addresses.copy": copy,
}
