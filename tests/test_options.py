"""The "not given" sentinel and the per-call options object."""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest

from scansource_async import (
    NOT_GIVEN,
    ClientConfig,
    NotGiven,
    RequestOptions,
    RetryPolicy,
    ScanSourceClient,
    Timeout,
    ValidationError,
)

CONFIG = ClientConfig(
    subscription_key="key-0123456789",
    timeout=Timeout(read=7),
    deadline=30,
    retry=RetryPolicy(max_retries=4, backoff_base=0.5),
)


def test_not_given_is_one_falsy_object_that_survives_copies() -> None:
    assert NotGiven() is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"


def test_options_not_given_take_the_clients_settings() -> None:
    options = RequestOptions()
    assert options.resolve_timeout(CONFIG) == CONFIG.timeout
    assert options.resolve_deadline(CONFIG) == 30
    assert options.resolve_retry(CONFIG) is CONFIG.retry


def test_options_given_override_and_none_means_none() -> None:
    options = RequestOptions(timeout=None, deadline=None, max_retries=0)
    assert options.resolve_timeout(CONFIG) == Timeout(
        connect=None, read=None, write=None, pool=None, total=None
    )
    assert options.resolve_deadline(CONFIG) is None
    retry = options.resolve_retry(CONFIG)
    assert retry.max_retries == 0
    assert retry.backoff_base == 0.5  # the rest of the client's policy is kept
    assert RequestOptions(timeout=2).resolve_timeout(CONFIG).read == 2
    assert RequestOptions(deadline=1.5).resolve_deadline(CONFIG) == 1.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_retries": -1},
        {"max_retries": False},
        {"max_retries": "2"},
        {"timeout": 0},
        {"timeout": float("inf")},
        {"timeout": True},
        {"deadline": -3},
        {"deadline": "10"},
    ],
)
def test_bad_values_are_validation_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match=next(iter(kwargs))):
        RequestOptions(**kwargs)  # type: ignore[arg-type]


def test_request_and_with_options_default_to_the_same_sentinel() -> None:
    for method in (ScanSourceClient.request, ScanSourceClient.with_options):
        parameters = inspect.signature(method).parameters
        for name in ("timeout", "deadline", "max_retries"):
            assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
            assert parameters[name].default is NOT_GIVEN, (method.__name__, name)
