"""Every public method of every resource takes the per-call options, keyword-only, and takes its
flags and ``customer_number`` by keyword only.

The methods are discovered (every ``Resource`` subclass of every module of
``scansource_async.resources``), so a new method without the options fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Callable
from typing import Any

import pytest

import scansource_async.resources
from scansource_async import NOT_GIVEN
from scansource_async.resources._base import Resource

PER_CALL_OPTIONS = ("timeout", "deadline", "max_retries")


def _resource_classes() -> list[type[Resource]]:
    package = scansource_async.resources
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
    found: list[type[Resource]] = []
    pending = list(Resource.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__qualname__)


def _public_methods() -> list[tuple[str, Callable[..., Any]]]:
    methods = []
    for cls in _resource_classes():
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                methods.append((f"{cls.__name__}.{name}", member))
    return methods


METHODS = _public_methods()


def _takes_bool(annotation: Any) -> bool:
    if annotation is bool:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return bool in typing.get_args(annotation)
    return False


def test_the_walk_finds_every_resource_and_its_methods() -> None:
    classes = {cls.__name__ for cls in _resource_classes()}
    assert {
        "ProductsResource",
        "SalesOrdersResource",
        "CartsResource",
        "InvoicesResource",
        "WebhooksResource",
    } <= classes
    assert len(classes) >= 16
    names = {name for name, _ in METHODS}
    assert {
        "ProductsResource.price_many",
        "ProductsResource.search",
        "SalesOrdersResource.create",
    } <= names
    assert len(METHODS) >= 60


@pytest.mark.parametrize(("name", "method"), METHODS, ids=[name for name, _ in METHODS])
def test_per_call_options_are_keyword_only_and_not_given(
    name: str, method: Callable[..., Any]
) -> None:
    parameters = inspect.signature(method).parameters
    for option in PER_CALL_OPTIONS:
        assert option in parameters, f"{name} does not take {option}="
        parameter = parameters[option]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: {option} positional"
        assert parameter.default is NOT_GIVEN, f"{name}: {option} defaults to {parameter.default}"


@pytest.mark.parametrize(("name", "method"), METHODS, ids=[name for name, _ in METHODS])
def test_flags_and_customer_number_are_keyword_only(name: str, method: Callable[..., Any]) -> None:
    hints = typing.get_type_hints(inspect.unwrap(method))
    for parameter in inspect.signature(method).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.name == "customer_number" or _takes_bool(hints.get(parameter.name)):
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (
                f"{name}: {parameter.name} must be keyword-only"
            )
