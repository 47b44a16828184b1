"""The generated structure functions give cattrs' own result on every response model."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import random
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from cattrs.gen import make_dict_structure_fn, override

import scansource_async.models
from scansource_async import InvalidResponseError, PricingLine, Product
from scansource_async._convert import converter, json_name, structure


def model_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(scansource_async.models.__path__):
        module = importlib.import_module(f"scansource_async.models.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def generated(cls: type) -> bool:
    try:
        hook = converter.get_structure_hook(cls)
    except Exception:  # not a response model (a result holding an exception)
        return False
    return hook.__code__.co_filename.startswith("<scansource_async structure")


RESPONSE_MODELS = [cls for cls in model_classes() if generated(cls)]


def cattrs_function(cls: type) -> Callable[[Any], Any]:
    """cattrs' own function for ``cls``, with the converter's hooks for the fields."""
    overrides = {field.name: override(rename=json_name(field)) for field in attrs.fields(cls)}
    from_dict = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=False,
        **overrides,  # type: ignore[arg-type]
    )
    return lambda value: from_dict(value, cls)


BAD = ["not a number", [], {}, [1, 2], 1.5, "2024-13-45", -3, True]


def sample(tp: Any, rng: random.Random, depth: int = 0) -> Any:
    """A JSON value for ``tp``: mostly valid (in the spellings the hooks accept), now and then
    null or a bad value."""
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(BAD)
    args = typing.get_args(tp)
    if type(None) in args:
        if roll < 0.25:
            return None
        tp = next(arg for arg in args if arg is not type(None))
    if typing.get_origin(tp) is tuple:
        if roll < 0.1:
            return None
        return [sample(args[0] if args else Any, rng, depth + 1) for _ in range(rng.randint(0, 2))]
    if attrs.has(tp):
        return object_for(tp, rng, depth + 1) if depth < 3 else {}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return rng.choice([member.value for member in tp] + ["UNHEARD-OF"])
    choices: dict[Any, list[Any]] = {
        str: ["SS12345", "", " padded ", 7, Decimal("2.5")],
        int: [5, 0, "12", Decimal("3"), " 8 "],
        bool: [True, False, 1, 0, "true", " False "],
        Decimal: [Decimal("1.50"), 3, "2.25", 1.25, Decimal("0")],
        datetime: ["2024-01-02T03:04:05", "2024-01-02T03:04:05+00:00", "2024-01-02"],
        date: ["2024-01-02", "2024-01-02T03:04:05"],
    }
    return rng.choice(choices.get(tp, [None, "x", 1]))


def object_for(cls: type, rng: random.Random, depth: int = 0) -> dict[str, Any]:
    data = {}
    for field in attrs.fields(attrs.resolve_types(cls)):
        if rng.random() < 0.8:  # else missing
            data[json_name(field)] = sample(field.type, rng, depth)
    data["UnknownKey"] = "ignored"
    return data


def outcome(function: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    try:
        return "value", function(value)
    except Exception as exc:
        return "error", (type(exc), str(exc))


def test_the_response_models_get_generated_functions() -> None:
    assert Product in RESPONSE_MODELS
    assert len(RESPONSE_MODELS) >= 40
    # A class with attrs converters keeps cattrs' function.
    assert not generated(PricingLine)


@pytest.mark.parametrize("cls", RESPONSE_MODELS, ids=lambda cls: cls.__qualname__)
def test_the_same_result_as_cattrs_own_function(cls: type) -> None:
    rng = random.Random(cls.__qualname__)
    ours = converter.get_structure_hook(cls)
    theirs = cattrs_function(cls)
    outcomes = {"value": 0, "error": 0}
    for _ in range(150):
        data = object_for(cls, rng)
        expected = outcome(theirs, data)
        assert outcome(lambda value: ours(value, cls), data) == expected, data
        outcomes[expected[0]] += 1
    validated = any(field.validator is not None for field in attrs.fields(cls))
    assert outcomes["value"] > 0 or validated  # a request model's checks may refuse them all
    # Missing required keys and bad values fail alike; only a class of all-string fields
    # never fails.
    assert outcomes["error"] > 0 or all(f.type == str | None for f in attrs.fields(cls))


def test_an_empty_object_takes_every_default() -> None:
    assert structure({}, Product) == Product()


@pytest.mark.parametrize("value", [[], "text", 3, None])
def test_a_value_that_is_not_an_object_is_refused(value: Any) -> None:
    with pytest.raises(InvalidResponseError, match="expected an object for Product"):
        structure(value, Product)


def test_a_bad_field_is_still_reported_by_its_json_path() -> None:
    data = [{"ItemNumber": "A"}, {"ItemNumber": "B", "UnitPrice": "abc", "SPA": "maybe"}]
    with pytest.raises(InvalidResponseError) as caught:
        structure(data, tuple[Product, ...])
    message = str(caught.value)
    assert "$[1].UnitPrice: invalid Decimal 'abc'" in message
    assert "$[1].SPA: invalid bool 'maybe'" in message


def test_a_structured_model_is_the_instance_its_constructor_builds() -> None:
    data = object_for(Product, random.Random(7))
    built = structure(data, Product)
    fields = {field.name: getattr(built, field.name) for field in attrs.fields(Product)}
    constructed = Product(**fields)
    assert built == constructed
    assert (repr(built), hash(built)) == (repr(constructed), hash(constructed))
    assert attrs.asdict(built) == attrs.asdict(constructed)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.unit_price = Decimal(1)  # type: ignore[misc]
