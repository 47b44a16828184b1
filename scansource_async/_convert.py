"""The one cattrs converter between the API's PascalCase JSON and our snake_case attrs models.

- Names: ``unit_price`` <-> ``UnitPrice``; known acronyms stay upper case (``deal_id`` <->
  ``DealID``, ``msrp`` <-> ``MSRP``); a field can name its key with ``metadata=json_key("items")``.
- Money is Decimal, parsed from JSON without passing through float.
- Unknown keys are ignored (the API adds fields); missing keys take the field's default;
  ``null`` lists become empty tuples.
- Hooks are generated once per class by cattrs' factories and cached, never per call.
- A body of the wrong shape raises InvalidResponseError naming the JSON path of the first bad
  values (``$[3].UnitPrice: invalid Decimal 'abc'``). Responses are structured without
  cattrs' detailed validation (it costs on every call); only a failure is structured again
  with it, to find the path. A bad value is quoted cut short (``_checks.shown``).
"""

from __future__ import annotations

import contextlib
import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
from cattrs import ClassValidationError, Converter, IterableValidationError
from cattrs.errors import IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._checks import shown
from ._fast_structure import OptionalParts, make_structure_fn
from .errors import InvalidResponseError

__all__ = ["converter", "json_key", "json_name", "structure", "unstructure"]

T = TypeVar("T")

_JSON_KEY = "scansource_json_key"
# Segments the API writes in capitals (ID, not Id: "DealID", "SPADescription", "PONumber").
ACRONYMS = frozenset({"id", "ids", "msrp", "spa", "po", "mac", "rma", "url", "api", "ups"})


def json_key(name: str) -> dict[str, str]:
    """Field metadata naming the JSON key when the default spelling is wrong."""
    return {_JSON_KEY: name}


def _pascal(name: str) -> str:
    parts = []
    for part in name.split("_"):
        if part in ACRONYMS:
            parts.append("IDs" if part == "ids" else part.upper())
        else:
            parts.append(part[:1].upper() + part[1:])
    return "".join(parts)


def json_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of an attrs field."""
    explicit = field.metadata.get(_JSON_KEY)
    return str(explicit) if explicit is not None else _pascal(field.name)


# The hooks below return a value of exactly one of these types unchanged.
_UNCHANGED_TYPES = frozenset({str, int, bool, Decimal})


def _invalid(kind: str, value: Any) -> ValueError:
    """The error of a hook: the bad value quoted cut short (a text or a number), else its type."""
    if isinstance(value, str | int | float | Decimal):
        return ValueError(f"invalid {kind} {shown(value)}")
    return ValueError(f"expected {kind}, got {shown(value)}")


def _to_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            pass
    raise _invalid("Decimal", value)


def _to_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _invalid("bool", value)


def _to_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value.strip())
    raise _invalid("int", value)


def _to_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    raise _invalid("str", value)


def _to_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value.strip())
    raise _invalid("datetime", value)


def _to_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        text = value.strip()
        with contextlib.suppress(ValueError):
            return (
                datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
            )
    raise _invalid("date", value)


def _to_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)  # an enum's _missing_ may map unknown values to an UNKNOWN member
    except ValueError:
        raise _invalid(cls.__name__, value) from None


def _make_converter(*, detailed: bool = False) -> Converter:
    """The converter; ``detailed``: one whose errors carry the path of each bad value (slower,
    used only to explain a failure)."""
    conv = Converter(detailed_validation=detailed)
    conv.register_structure_hook(Decimal, _to_decimal)
    conv.register_structure_hook(bool, _to_bool)
    conv.register_structure_hook(int, _to_int)
    conv.register_structure_hook(str, _to_str)
    # Hooks dispatch along the MRO, where StrEnum/IntEnum come before str/int: without these
    # an enum field would get the raw value instead of the member.
    for enum_base in (enum.StrEnum, enum.IntEnum, enum.Enum):
        conv.register_structure_hook(enum_base, _to_enum)
    conv.register_structure_hook(datetime, _to_datetime)
    conv.register_structure_hook(date, _to_date)
    conv.register_unstructure_hook(datetime, lambda value: value.isoformat())
    conv.register_unstructure_hook(date, lambda value: value.isoformat())
    conv.register_unstructure_hook(Decimal, lambda value: value)

    # The parts of each ``X | None`` hook, for the generated structure functions to inline.
    optional_hooks: dict[Callable[[Any, type], Any], OptionalParts] = {}

    def structure_attrs(cls: type) -> Callable[[Any, type], Any]:
        if not detailed:
            fast = make_structure_fn(cls, json_name, conv.get_structure_hook, optional_hooks.get)
            if fast is not None:
                return fast
        overrides = {field.name: override(rename=json_name(field)) for field in attrs.fields(cls)}
        from_dict: Callable[[Any, type], Any] = make_dict_structure_fn(
            cls,
            conv,
            _cattrs_forbid_extra_keys=False,
            **overrides,  # type: ignore[arg-type]
        )

        def structure(value: Any, tp: type) -> Any:
            # A list or a string would otherwise pass as an object with no known keys.
            if not isinstance(value, dict | Mapping):
                kind = type(value).__name__
                raise TypeError(f"expected an object for {cls.__name__}, got {kind}")
            return from_dict(value, tp)

        return structure

    def unstructure_attrs(cls: type) -> Callable[[Any], Any]:
        overrides = {
            field.name: override(rename=json_name(field), omit_if_default=field.default is None)
            for field in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, conv, **overrides)  # type: ignore[arg-type]

    def optional_inner(tp: Any) -> Any:
        """``X`` for ``X | None`` (or ``Optional[X]``), else None."""
        args = typing.get_args(tp)
        if typing.get_origin(tp) not in (typing.Union, types.UnionType) or len(args) != 2:
            return None
        if args[1] is type(None):
            return args[0]
        return args[1] if args[0] is type(None) else None

    def structure_optional(tp: Any) -> Callable[[Any, type], Any]:
        # cattrs' own Optional hook looks the inner hook up on every call; most response
        # fields are ``X | None``, so resolve it once here (same result, a fraction of the cost).
        inner = optional_inner(tp)
        inner_hook = conv.get_structure_hook(inner)
        as_is = inner if inner in _UNCHANGED_TYPES else None

        def structure(value: Any, _: type) -> Any:
            if value is None or type(value) is as_is:
                return value
            return inner_hook(value, inner)

        optional_hooks[structure] = OptionalParts(inner, inner_hook, as_is)
        return structure

    def is_homogeneous_sequence(tp: Any) -> bool:
        args = typing.get_args(tp)
        return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis

    def structure_sequence(tp: Any) -> Callable[[Any, type], Any]:
        element_type = typing.get_args(tp)[0]
        element_hook = conv.get_structure_hook(element_type)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            if type(value) is list:  # what JSON gives: the checks below are for other values
                return tuple([element_hook(element, element_type) for element in value])
            if value is None:
                return ()
            if isinstance(value, str | bytes | dict):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return tuple([element_hook(element, element_type) for element in value])

        def structure_noting_index(value: Any, _: type) -> tuple[Any, ...]:
            # Stops at the first bad element: its index is what the error needs.
            if value is None or isinstance(value, str | bytes | dict):
                return structure(value, tp)
            elements = []
            for index, element in enumerate(value):
                try:
                    elements.append(element_hook(element, element_type))
                except Exception as exc:
                    note = IterableValidationNote(f"@ index {index}", index, element_type)
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                    raise IterableValidationError(f"while structuring {tp!r}", [exc], tp) from None
            return tuple(elements)

        return structure_noting_index if detailed else structure

    conv.register_structure_hook_factory(attrs.has, structure_attrs)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_attrs)
    conv.register_structure_hook_factory(is_homogeneous_sequence, structure_sequence)
    conv.register_structure_hook_factory(
        lambda tp: optional_inner(tp) is not None, structure_optional
    )
    conv.register_unstructure_hook(enum.Enum, lambda value: value.value)
    return conv


converter = _make_converter()
_explaining_converter = _make_converter(detailed=True)

# A response with a thousand bad lines is explained by its first few.
MAX_REPORTED = 3


def structure(data: Any, cls: type[T] | Any, *, what: str = "response") -> T:
    """Build ``cls`` from decoded JSON; a body of the wrong shape raises InvalidResponseError
    naming the JSON path of what is wrong (``$[3].UnitPrice: invalid Decimal 'abc'``)."""
    try:
        return converter.structure(data, cls)  # type: ignore[no-any-return]
    except Exception as exc:  # any failure here is the body's shape
        problems = _explain(data, cls) or [_describe(exc)]
        listed = "; ".join(problems[:MAX_REPORTED])
        if len(problems) > MAX_REPORTED:
            listed += f" (and {len(problems) - MAX_REPORTED} more)"
        raise InvalidResponseError(
            f"the {what} does not have the expected shape: {listed}", status_code=200, body=None
        ) from exc


def _explain(data: Any, cls: Any) -> list[str]:
    """Each bad value of ``data`` as ``path: problem``, from a second, detailed structuring."""
    try:
        _explaining_converter.structure(data, cls)
    except Exception as exc:  # the failure being explained
        return _paths(exc, "$")
    return []


def _paths(exc: BaseException, path: str) -> list[str]:
    """``cattrs.transform_error`` with the JSON keys in the path (``$.Items[3].UnitPrice``)
    instead of the attribute names."""
    if isinstance(exc, ClassValidationError):
        fields = {field.name: json_name(field) for field in attrs.fields(exc.cl)}
        found: list[str] = []
        by_field, without = exc.group_exceptions()
        for inner, field in by_field:
            found += _paths(inner, f"{path}.{fields.get(field.name, field.name)}")
        return found + [f"{path}: {_describe(inner)}" for inner in without]
    if isinstance(exc, IterableValidationError):
        found = []
        by_index, rest = exc.group_exceptions()
        for inner, element in by_index:
            found += _paths(inner, f"{path}[{element.index!r}]")
        return found + [f"{path}: {_describe(inner)}" for inner in rest]
    return [f"{path}: {_describe(exc)}"]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    return str(exc) if isinstance(exc, ValueError | TypeError) else f"{type(exc).__name__}: {exc}"


def unstructure(value: Any) -> Any:
    """A model as the API's JSON data (None-default fields left out when unset)."""
    return converter.unstructure(value)
