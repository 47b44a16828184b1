"""One argument rule for every public method: a value its annotation does not allow is a
ValidationError naming the parameter, raised before anything is sent.

The methods are found by introspection (every public method of every resource of the client,
plus ``request`` and ``with_options``), so a method added later is covered without a line here.
The rule is restated below as a plain specification (``allowed``), independent of the code.
"""

from __future__ import annotations

import collections.abc
import enum
import inspect
import math
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scansource_async import RetryPolicy, ScanSourceClient, ValidationError
from scansource_async._validate import COUNT_PARAMETERS, SECONDS_PARAMETERS, argument_checker
from scansource_async.resources._base import Resource
from scansource_async.testing import Simulator


def _public_methods() -> list[tuple[str, Callable[..., Any]]]:
    client = ScanSourceClient(subscription_key="introspection-only-key")
    found: list[tuple[str, Callable[..., Any]]] = [
        ("client.__init__", ScanSourceClient.__init__),
        ("client.request", ScanSourceClient.request),
        ("client.with_options", ScanSourceClient.with_options),
    ]
    for attribute in dir(type(client)):
        if attribute.startswith("_") or not isinstance(
            getattr(type(client), attribute, None), property | type(ScanSourceClient.products)
        ):
            continue
        resource = getattr(client, attribute)
        if not isinstance(resource, Resource):
            continue
        for name, member in inspect.getmembers(type(resource), inspect.isfunction):
            if not name.startswith("_"):
                found.append((f"{attribute}.{name}", member))
    return found


METHODS = _public_methods()
# ``**filters`` and the like: their values are query values, checked as such when sent.
_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
PARAMETERS = [
    (label, method, name)
    for label, method in METHODS
    for name, parameter in inspect.signature(method).parameters.items()
    if name != "self" and parameter.kind not in _VARIADIC
]


# -- the rule, as a specification ----------------------------------------------------------------


def allowed(value: Any, annotation: Any, name: str) -> bool:
    """Whether the rule lets ``value`` through for a parameter ``name: annotation``."""
    if name in COUNT_PARAMETERS and value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return False
        if not (math.isfinite(value) and value >= 1):
            return False
    if name in SECONDS_PARAMETERS and value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return False
        if not (math.isfinite(value) and value > 0):
            return False
    return _fits(value, annotation)


def _fits(value: Any, annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return True
    if annotation is type(None):
        return value is None
    if origin in (typing.Union, types.UnionType):
        members = typing.get_args(annotation)
        enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
        return any(
            _fits(value, member)
            for member in members
            if not (member is int and any(issubclass(e, int) for e in enums))
        )
    if origin in (collections.abc.Sequence,):
        return isinstance(value, list | tuple)
    if origin in (collections.abc.Iterable,):
        return isinstance(value, collections.abc.Iterable) and not isinstance(
            value, str | bytes | collections.abc.Mapping
        )
    if origin in (collections.abc.AsyncIterable,):
        return isinstance(value, collections.abc.AsyncIterable)
    if origin is collections.abc.Callable:
        return callable(value)
    if origin is collections.abc.Mapping:
        return isinstance(value, collections.abc.Mapping) and all(isinstance(k, str) for k in value)
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is float:
        return (
            isinstance(value, int | float | Decimal)
            and not isinstance(value, bool)
            and math.isfinite(value)
        )
    if annotation is str:
        return isinstance(value, str)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if isinstance(value, annotation):
            return True
        return not isinstance(value, bool) and value in [m.value for m in annotation]
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    raise AssertionError(f"the specification does not cover {annotation!r}")


def valid_value(annotation: Any, name: str) -> Any:
    """A value the rule allows (a Mock passes for a request model: it is never used)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        return valid_value(members[0], name)
    if origin in (collections.abc.Sequence, collections.abc.Iterable):
        return ["ABC-1"]
    if origin is collections.abc.AsyncIterable:
        return _empty_async()
    if origin is collections.abc.Callable:
        return lambda *_: None
    if origin is collections.abc.Mapping:
        return {}
    if annotation is bool:
        return True
    if annotation in (int, float):
        return 1
    if annotation is str:
        return "ABC-1"
    if annotation is date:
        return date(2024, 1, 2)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if isinstance(annotation, type):
        return mock.Mock(spec=annotation)
    return None


async def _empty_async() -> Any:  # pragma: no cover - never iterated
    for item in ():
        yield item


def _hints(method: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(inspect.unwrap(method))


CANDIDATES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    9,
    1.5,
    math.nan,
    math.inf,
    Decimal("-2"),
    "",
    "x",
    "1",
    b"x",
    object(),
    [],
    ["ABC-1"],
    ("a",),
    {},
    {"a": 1},
    {1: "a"},
    {"ABC-1"},
    iter(()),
    date(2024, 1, 2),
    datetime(2024, 1, 2, 3, 4),
    print,
    RetryPolicy(),
]


def _bad_values(annotation: Any, name: str) -> list[Any]:
    return [value for value in CANDIDATES if not allowed(value, annotation, name)]


# Parameters some value can break (``json: Any`` takes anything).
CHECKED_PARAMETERS = [
    (label, method, name)
    for label, method, name in PARAMETERS
    if _bad_values(_hints(method)[name], name)
]


# -- every public method follows the rule ----------------------------------------------------------


def test_every_public_method_is_checked_and_every_parameter_annotated() -> None:
    assert len(METHODS) > 50
    for label, method in METHODS:
        assert getattr(method, "__validated__", False), f"{label} is not checked"
        checker = argument_checker(method)
        for name, parameter in inspect.signature(method).parameters.items():
            if name != "self" and parameter.kind not in _VARIADIC:
                assert name in checker.rules, f"{label}({name}) has no annotation to check"


@pytest.fixture(scope="module")
def sim() -> Simulator:
    return Simulator()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
async def test_a_value_outside_the_annotation_is_a_validation_error_before_io(
    sim: Simulator, data: st.DataObject
) -> None:
    label, method, name = data.draw(st.sampled_from(CHECKED_PARAMETERS), label="parameter")
    hints = _hints(method)
    bad = data.draw(st.sampled_from(_bad_values(hints[name], name)), label="value")
    signature = inspect.signature(method)
    arguments = {
        other: valid_value(hints[other], other)
        for other, parameter in signature.parameters.items()
        if other not in ("self", name)
        and parameter.default is inspect.Parameter.empty
        and parameter.kind not in _VARIADIC
    }
    arguments[name] = bad
    sim.requests.clear()
    async with sim.client() as client:
        owner = client if label.startswith("client.") else getattr(client, label.split(".")[0])
        bound = getattr(owner, method.__name__)
        with pytest.raises(ValidationError) as info:
            await _call(bound, arguments)
        assert client.stats.requests == 0
    assert name in str(info.value), (label, name, bad, info.value)
    assert len(sim.requests) == 0


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_values_the_annotation_allows_pass_the_check(data: st.DataObject) -> None:
    _, method, name = data.draw(st.sampled_from(PARAMETERS), label="parameter")
    hints = _hints(method)
    good = [value for value in CANDIDATES if allowed(value, hints[name], name)]
    good.append(valid_value(hints[name], name))
    value = data.draw(st.sampled_from(good), label="value")
    argument_checker(method).check((), {name: value})  # no ValidationError


# -- the cases found by probing (each a TypeError, a plain ValueError, or sent as is) -----------


async def _call(function: Callable[..., Any], arguments: dict[str, Any]) -> None:
    """Call, and await or start iterating what comes back (where a check may run)."""
    result = function(**arguments)
    if inspect.isawaitable(result):
        await result
    elif hasattr(result, "__anext__"):
        await result.__anext__()


async def _refused(call: Callable[[ScanSourceClient], Any], sim: Simulator) -> ValidationError:
    sim.requests.clear()
    async with sim.client() as client:
        with pytest.raises(ValidationError) as info:
            await _call(lambda: call(client), {})
        assert client.stats.requests == 0
    assert len(sim.requests) == 0
    return info.value


PROBED: list[tuple[str, Callable[..., Any]]] = [
    ("availability(warehouses=None)", lambda c: c.products.availability(["A"], warehouses=None)),
    ("availability_many(None)", lambda c: c.products.availability_many(None)),
    ("price_many(on_progress=5)", lambda c: c.products.price_many(["A"], on_progress=5)),
    ("detail(part_number_type='x')", lambda c: c.products.detail("A", part_number_type="x")),
    ("search(part_number_type='x')", lambda c: c.products.search(part_number_type="x")),
    (
        "availability(part_number_type=9)",
        lambda c: c.products.availability(["A"], part_number_type=9),
    ),
    ("search(search_text=object())", lambda c: c.products.search(search_text=object())),
    (
        "request(params={'a': b'x'})",
        lambda c: c.request("GET", "product/detail", params={"a": b"x"}),
    ),
    ("search(page_size=0)", lambda c: c.products.search(page_size=0)),
]


@pytest.mark.parametrize(("label", "call"), PROBED, ids=[label for label, _ in PROBED])
async def test_probed_bad_arguments_are_validation_errors_before_io(
    sim: Simulator, label: str, call: Callable[[ScanSourceClient], Any]
) -> None:
    error = await _refused(call, sim)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "options",
    [{"routes": 5}, {"retry": "fast"}],
)
def test_probed_bad_construction_is_a_validation_error(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ScanSourceClient(subscription_key="construction-key", **options)


def test_retry_statuses_none_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        RetryPolicy(retry_statuses=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        RetryPolicy(retry_statuses=[429, "500"])  # type: ignore[list-item]
