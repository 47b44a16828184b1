"""attrs validators that raise our typed ValidationError (shared by config and request models)."""

from __future__ import annotations

import collections.abc
import enum
import functools
import inspect
import math
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from .errors import ValidationError

__all__ = [
    "COUNT_PARAMETERS",
    "SECONDS_PARAMETERS",
    "ArgumentChecker",
    "argument_checker",
    "check_credential",
    "check_non_empty",
    "check_non_negative",
    "check_optional_non_empty",
    "check_optional_positive",
    "check_positive",
    "check_positive_int",
    "check_status_codes",
    "is_header_safe",
    "validate_arguments",
]


def _number(attribute: attrs.Attribute[Any], value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{attribute.name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise ValidationError(f"{attribute.name} must be finite, got {value!r}")
    return float(value)


def check_positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if _number(attribute, value) <= 0:
        raise ValidationError(f"{attribute.name} must be greater than 0, got {value!r}")


def check_optional_positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_positive(instance, attribute, value)


def check_non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if _number(attribute, value) < 0:
        raise ValidationError(f"{attribute.name} must not be negative, got {value!r}")


def check_positive_int(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{attribute.name} must be an integer, not {type(value).__name__}")
    if value < 1:
        raise ValidationError(f"{attribute.name} must be at least 1, got {value!r}")


def check_non_empty(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ValidationError(f"{attribute.name} must not be empty")


def check_optional_non_empty(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_non_empty(instance, attribute, value)


def is_header_safe(value: str) -> bool:
    """Printable ASCII without spaces: what a credential in a header may hold (nothing an
    HTTP library would refuse, quote in its error, or split into a second header)."""
    return bool(value) and all("!" <= char <= "~" for char in value)


def check_credential(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A subscription key, client id or secret: printable ASCII, no whitespace. The message
    never quotes the value (it is a secret, or a secret mistyped)."""
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, not {type(value).__name__}")
    if not value:
        raise ValidationError(f"{attribute.name} must not be empty")
    if not is_header_safe(value):
        raise ValidationError(
            f"{attribute.name} must be printable ASCII without spaces or control characters"
        )


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
        return _Rule(_is_real, "a number")
    if annotation is str:
        return _Rule(lambda v: isinstance(v, str), "a string")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum_rule(annotation)
    if isinstance(annotation, type):
        cls = annotation
        return _Rule(lambda v: isinstance(v, cls), f"a {cls.__name__}")
    return _Rule(lambda _: True, "anything")  # a form this rule does not know: not checked


def _is_real(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    return isinstance(value, int) or math.isfinite(value)


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
            lambda v: rule.accepts(v) and (not _is_real(v) or v >= 1),
            f"{rule.what}, at least 1",
        )
    if name in SECONDS_PARAMETERS:
        return _Rule(
            lambda v: rule.accepts(v) and (not _is_real(v) or v > 0),
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
