"""Structure functions for plain attrs response models: cattrs' result with fewer calls.

cattrs' generated function calls one hook per field, and most response fields are
``X | None``, whose hook only passes ``None`` (or an ``X`` already of its exact type) through
to the inner hook. A pricing response is 40 products of 20 such fields, so those calls were
about a tenth of a request's CPU. The function generated here does the same steps inline:
for each field present in the object, ``None`` and values of exactly the field's plain type
(``str``, ``int``, ``bool``, ``Decimal``) are taken as they are, anything else goes through
the very hook cattrs would call; a missing field takes its default. A model whose attrs
``__init__`` only sets its slots has them set directly (the same instance, without matching
twenty keyword arguments per call). Values, defaults and exceptions are those of cattrs'
function (``tests/test_convert_fast.py`` compares the two on every response model).

Only classes of plain fields qualify (set in ``__init__``, no attrs converter, no default
factory, concrete types); the others keep cattrs' function. Used by the fast converter only:
the converter that explains a failure keeps cattrs' detailed one.
"""

from __future__ import annotations

import linecache
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import attrs

__all__ = ["OptionalParts", "make_structure_fn"]

Hook = Callable[[Any, Any], Any]


class OptionalParts(NamedTuple):
    """What an ``X | None`` hook does: ``inner`` through ``inner_hook``, values of exact type
    ``as_is`` (or None) unchanged."""

    inner: Any
    inner_hook: Hook
    as_is: type | None


def _plain(field: attrs.Attribute[Any]) -> bool:
    tp = field.type
    return (
        field.init
        and field.converter is None
        and tp is not None
        and not isinstance(tp, typing.TypeVar | str)
        and typing.get_origin(tp) is not typing.Final
        and tp is not typing.Final  # type: ignore[comparison-overlap]
        and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
    )


def _slot_setters(cls: type, fields: tuple[attrs.Attribute[Any], ...]) -> list[Any] | None:
    """Each field's slot setter, when attrs' ``__init__`` of ``cls`` does nothing but set
    every field as given (slotted, no validator, no pre- or post-init hook, no cached hash);
    else None, and the instance is built by calling the class.

    Setting the slots directly builds the same instance as that ``__init__`` (which sets each
    slot with ``object.__setattr__``), without matching twenty keyword arguments per call.
    """
    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None  # an __init__ of the class's own
    if cls.__new__ is not object.__new__:  # type: ignore[comparison-overlap]
        return None
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return None
    if hasattr(cls, "_attrs_cached_hash") or any(f.validator is not None for f in fields):
        return None
    setters = []
    for field in fields:
        slot = getattr(cls, field.name, None)
        if type(slot) is not types.MemberDescriptorType:
            return None  # not slotted
        setters.append(slot.__set__)
    return setters


def _value(
    index: int, tp: Any, hook: Hook, optional: OptionalParts | None, names: dict[str, Any]
) -> str:
    """The expression structuring ``v`` (not None unless the field is optional)."""
    names[f"h{index}"] = hook
    names[f"t{index}"] = tp
    if optional is not None:
        names[f"h{index}"] = optional.inner_hook
        names[f"t{index}"] = optional.inner
        if optional.as_is is not None:
            names[f"p{index}"] = optional.as_is
            return f"v if v is None or type(v) is p{index} else h{index}(v, t{index})"
        return f"None if v is None else h{index}(v, t{index})"
    return f"h{index}(v, t{index})"


def make_structure_fn(
    cls: type,
    key_of: Callable[[attrs.Attribute[Any]], str],
    hook_of: Callable[[Any], Hook],
    optional_parts: Callable[[Hook], OptionalParts | None],
) -> Hook | None:
    """A structure function for ``cls`` from a JSON object, or None when ``cls`` has a field
    this does not handle (cattrs' function is used then).

    ``key_of``: a field's JSON key; ``hook_of``: the converter's hook for a type;
    ``optional_parts``: the parts of an ``X | None`` hook (None for any other hook).
    """
    if typing.get_origin(cls) is not None or getattr(cls, "__parameters__", None):
        return None  # a generic class: cattrs maps its type variables
    try:
        attrs.resolve_types(cls)
    except Exception:  # a forward reference that does not resolve: cattrs' business
        return None
    fields = attrs.fields(cls)
    if not all(_plain(field) for field in fields):
        return None
    names: dict[str, Any] = {"__cl": cls, "Mapping": Mapping}
    body: list[str] = []
    required: list[str] = []
    # cattrs structures the fields with a default first, then the required ones (as the
    # constructor's arguments): the same order here, so the same error surfaces first.
    for index, field in enumerate(fields):
        key = key_of(field)
        hook = hook_of(field.type)
        optional = optional_parts(hook)
        value = _value(index, field.type, hook, optional, names)
        if field.default is attrs.NOTHING:
            required.append(f"  v = o[{key!r}]\n  a{index} = {value}")
        elif field.default is None and optional is not None:
            # Missing and null are both the default None.
            body.append(f"  v = get({key!r})\n  a{index} = {value}")
        else:
            names[f"d{index}"] = field.default
            body.append(
                f"  if {key!r} in o:\n    v = o[{key!r}]\n    a{index} = {value}\n"
                f"  else:\n    a{index} = d{index}"
            )
    setters = _slot_setters(cls, fields)
    if setters is None:
        arguments = ", ".join(f"{field.alias}=a{i}" for i, field in enumerate(fields))
        build = [f"  return __cl({arguments})"]
    else:
        names["__new"] = object.__new__
        names.update((f"s{index}", setter) for index, setter in enumerate(setters))
        build = ["  self = __new(__cl)", *(f"  s{i}(self, a{i})" for i in range(len(fields)))]
        build.append("  return self")
    source = "\n".join(
        [
            f"def structure_{cls.__name__}(o, _):",
            # A list or a string would otherwise pass as an object with no known keys.
            "  if type(o) is not dict and not isinstance(o, Mapping):",
            f"    raise TypeError('expected an object for {cls.__name__}, got '"
            " + type(o).__name__)",
            "  get = o.get",
            *body,
            *required,
            *build,
        ]
    )
    filename = f"<scansource_async structure {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), names)  # the source is built above
    # Tracebacks through the function show its lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    function: Hook = names[f"structure_{cls.__name__}"]
    return function
