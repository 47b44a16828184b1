"""attrs validators and the argument rule of public methods, both raising ValidationError.

The value rules themselves (positive number, item number, seconds ...) live in
:mod:`._checks`; this module applies them to attrs fields and to method arguments.
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from . import _checks as checks
from .errors import ValidationError

__all__ = [
    "COUNT_PARAMETERS",
    "SECONDS_PARAMETERS",
    "ArgumentChecker",
    "argument_checker",
    "attribute_check",
    "check_credential",
    "check_http_url",
    "check_item_number",
    "check_non_empty",
    "check_non_negative",
    "check_non_negative_int",
    "check_optional_credential",
    "check_optional_non_empty",
    "check_optional_positive",
    "check_optional_positive_int",
    "check_positive",
    "check_positive_int",
    "check_quantity",
    "check_required",
    "check_status_codes",
    "check_strings",
    "validate_arguments",
]


AttrsValidator = Callable[[object, "attrs.Attribute[Any]", Any], None]


def attribute_check(check: Callable[[Any, str], object]) -> AttrsValidator:
    """An attrs validator running a plain-value check of :mod:`._checks` under the field's name."""

    def validator(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(value, attribute.name)

    validator.__doc__ = check.__doc__
    return validator


check_positive = attribute_check(checks.positive_number)
check_optional_positive = attribute_check(checks.optional(checks.positive_number))
check_non_negative = attribute_check(checks.non_negative_number)
check_non_negative_int = attribute_check(checks.non_negative_int)
check_positive_int = attribute_check(checks.positive_int)
check_optional_positive_int = attribute_check(checks.optional(checks.positive_int))
check_non_empty = attribute_check(checks.non_empty_str)
check_optional_non_empty = attribute_check(checks.optional(checks.non_empty_str))
check_item_number = attribute_check(checks.item_number)
check_quantity = attribute_check(checks.quantity)
check_required = attribute_check(checks.required)
check_strings = attribute_check(checks.strings)
check_credential = attribute_check(checks.credential)
check_optional_credential = attribute_check(checks.optional(checks.credential))
check_http_url = attribute_check(checks.http_url)


def check_status_codes(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A set of HTTP status codes (integers from 100 to 599)."""
    if not isinstance(value, frozenset):
        raise ValidationError(
            f"{attribute.name} must be a set of HTTP status codes, not {type(value).__name__}"
        )
    for code in value:
        if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
            raise ValidationError(f"{attribute.name} holds {code!r}, not an HTTP status code")


# -- arguments of public methods -----------------------------------------------------------------
#
# One rule for every public method: each argument must be what its annotation says, checked
# before anything is sent. ``str`` is a str, ``int`` an int (not a bool), ``float`` a finite
# real number (not a bool), ``bool`` a bool, ``date`` a date; an enum is a member or one of its
# declared values (``PartNumberType | int`` takes 0-3, not 9); ``Enum | str`` also takes any
# string (the API's own spelling, passed through); a class (request models) an instance of it;
# ``Sequence[X]`` a list or tuple (never a bare string); ``Iterable``/``AsyncIterable`` any
# non-string iterable (the items of both are checked by the method as it reads them, each a
# ValidationError before anything is sent, or, for lazy input, that item's failed result);
# ``Callable`` a callable;
# ``Mapping`` a mapping with string keys; None only where the annotation allows it. Counts
# (``page_size``, ``max_pages``, ``chunk_size``, ``max_in_flight``, ``window``, ``quantity``)
# are at least 1 and ``deadline`` is a positive, finite number of seconds.

COUNT_PARAMETERS = frozenset(
    {"page_size", "max_pages", "chunk_size", "max_in_flight", "window", "quantity"}
)
SECONDS_PARAMETERS = frozenset({"deadline"})

_Check = Callable[[Any], bool]


@attrs.frozen
class _Rule:
    accepts: _Check
    what: str


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _rule_for(annotation: Any) -> _Rule:
    """How to check one annotation (built once per method, not per call)."""
    if annotation is Any or annotation is object:
        return _Rule(lambda _: True, "anything")
    if annotation is type(None) or annotation is None:
        return _Rule(lambda v: v is None, "None")
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _union_rule(typing.get_args(annotation))
    if origin is not None:
        return _generic_rule(origin, typing.get_args(annotation))
    if annotation is bool:
        return _Rule(lambda v: isinstance(v, bool), "a bool")
    if annotation is int:
        return _Rule(lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer")
    if annotation is float:
        return _Rule(checks.is_real, "a number")
    if annotation is str:
        return _Rule(lambda v: isinstance(v, str), "a string")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum_rule(annotation)
    if isinstance(annotation, type):
        cls = annotation
        return _Rule(lambda v: isinstance(v, cls), f"a {cls.__name__}")
    return _Rule(lambda _: True, "anything")  # a form this rule does not know: not checked


def _enum_rule(cls: type[enum.Enum]) -> _Rule:
    values = {member.value for member in cls}
    value_types = {type(value) for value in values}

    def accepts(value: object) -> bool:
        if isinstance(value, cls):
            return True
        if isinstance(value, bool) or type(value) not in value_types | {str, int}:
            return False
        return value in values

    return _Rule(accepts, f"a {cls.__name__} ({', '.join(repr(v) for v in sorted(values))})")


def _union_rule(members: tuple[Any, ...]) -> _Rule:
    enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
    rules: list[_Rule] = []
    for member in members:
        if enums and member is int and any(issubclass(e, int) for e in enums):
            continue  # ints stand for the enum's codes: the enum rule checks them
        rules.append(_rule_for(member))
    checks = tuple(rule.accepts for rule in rules)
    return _Rule(
        lambda v: any(check(v) for check in checks), " or ".join(rule.what for rule in rules)
    )


def _generic_rule(origin: Any, args: tuple[Any, ...]) -> _Rule:
    if origin in (collections.abc.Sequence, list, tuple):
        # The container only: the method checks each item as it reads it (a million items
        # must be refused for their number at once, not checked one by one first).
        item = _rule_for(args[0]) if args else _Rule(lambda _: True, "anything")
        return _Rule(lambda v: isinstance(v, list | tuple), f"a list or tuple of {item.what}")
    if origin in (collections.abc.Iterable, collections.abc.Iterator):
        return _Rule(
            lambda v: (
                isinstance(v, collections.abc.Iterable)
                and not isinstance(v, str | bytes | bytearray | collections.abc.Mapping)
            ),
            "an iterable of items",
        )
    if origin in (collections.abc.AsyncIterable, collections.abc.AsyncIterator):
        return _Rule(lambda v: isinstance(v, collections.abc.AsyncIterable), "an async iterable")
    if origin is collections.abc.Callable:
        return _Rule(callable, "a callable")
    if origin in (collections.abc.Mapping, dict):
        return _Rule(
            lambda v: isinstance(v, collections.abc.Mapping) and all(isinstance(k, str) for k in v),
            "a mapping with string keys",
        )
    return _Rule(lambda v: isinstance(v, origin), f"a {getattr(origin, '__name__', origin)}")


def _value_rule(name: str, rule: _Rule) -> _Rule:
    """The annotation's rule plus the name's value rule (counts, seconds)."""
    # A value the annotation takes that is no number (None, NOT_GIVEN, a Timeout) passes.
    if name in COUNT_PARAMETERS:
        return _Rule(
            lambda v: rule.accepts(v) and (not checks.is_real(v) or v >= 1),
            f"{rule.what}, at least 1",
        )
    if name in SECONDS_PARAMETERS:
        return _Rule(
            lambda v: rule.accepts(v) and (not checks.is_real(v) or checks.is_seconds(v)),
            f"{rule.what}, a positive number of seconds",
        )
    return rule


def _resolved_hints(function: Callable[..., Any]) -> dict[str, Any]:
    """The function's annotations as types. One that cannot be resolved at run time (a name
    imported only for type checkers) is left unchecked rather than breaking every call."""
    try:
        return typing.get_type_hints(function)
    except NameError:
        resolved: dict[str, Any] = {}
        for name, text in function.__annotations__.items():
            try:
                resolved[name] = typing.get_type_hints(
                    _Holder(name, text), globalns=function.__globals__
                )[name]
            except NameError:
                continue
        return resolved


class _Holder:
    """Lets typing resolve one annotation on its own."""

    def __init__(self, name: str, annotation: Any) -> None:
        self.__annotations__ = {name: annotation}


class ArgumentChecker:
    """Checks one function's arguments against its annotations (see the rule above)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        signature = inspect.signature(function)
        hints = _resolved_hints(function)
        self.rules: dict[str, _Rule] = {}
        self._positional: list[str] = []
        for parameter in signature.parameters.values():
            if parameter.name in ("self", "cls"):
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.kind is not parameter.KEYWORD_ONLY:
                self._positional.append(parameter.name)
            if parameter.name in hints:
                rule = _rule_for(hints[parameter.name])
                self.rules[parameter.name] = _value_rule(parameter.name, rule)

    def check(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        """ValidationError naming the first argument that breaks the rule."""
        for name, value in zip(self._positional, args, strict=False):
            self._check_one(name, value)
        for name, value in kwargs.items():
            self._check_one(name, value)

    def _check_one(self, name: str, value: Any) -> None:
        rule = self.rules.get(name)
        if rule is not None and not rule.accepts(value):
            shown = repr(value) if isinstance(value, int | float | Decimal) else _type_name(value)
            raise ValidationError(f"{name} must be {rule.what}, got {shown}")


F = TypeVar("F", bound=Callable[..., Any])


def validate_arguments(function: F) -> F:
    """``function`` with its arguments checked by the rule above before it runs (for a
    coroutine function: before its body, so before any I/O). The checker is built on the
    first call, when every annotation can be resolved."""
    checker: list[ArgumentChecker] = []

    def check(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        if not checker:
            checker.append(ArgumentChecker(function))
        checker[0].check(args, kwargs)

    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            check(args, kwargs)
            return await function(self, *args, **kwargs)

        wrapper: Any = async_wrapper
    else:

        @functools.wraps(function)
        def sync_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            check(args, kwargs)
            return function(self, *args, **kwargs)

        wrapper = sync_wrapper
    wrapper.__validated__ = True
    return typing.cast(F, wrapper)


def argument_checker(function: Callable[..., Any]) -> ArgumentChecker:
    """The checker of a function (unwrapped if it was decorated), for tests and docs."""
    return ArgumentChecker(inspect.unwrap(function))
