"""Configuration: ClientConfig validation, Timeout, and ScanSourceClient.from_env."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

from scansource_async import ClientConfig, RetryPolicy, ScanSourceClient, Timeout, ValidationError
from scansource_async._config import ENV_VARIABLES, config_from_env
from tests.helpers import CLIENT_SECRET, SUBSCRIPTION_KEY, assert_no_secrets

FULL_ENV = {
    "SCANSOURCE_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY,
    "SCANSOURCE_CUSTOMER_NUMBER": "1000001",
    "SCANSOURCE_BASE_URL": "https://apitest.test.invalid",
    "SCANSOURCE_CLIENT_ID": "env-client",
    "SCANSOURCE_CLIENT_SECRET": CLIENT_SECRET,
    "SCANSOURCE_TOKEN_URL": "https://login.test.invalid/token",
    "SCANSOURCE_SCOPE": "api://env/.default",
    "SCANSOURCE_MAX_RATE": "25.5",
    "SCANSOURCE_MAX_IN_FLIGHT": "8",
    "SCANSOURCE_MAX_RETRIES": "5",
    "SCANSOURCE_TIMEOUT": "12",
    "SCANSOURCE_DEADLINE": "90",
    "SCANSOURCE_CHUNK_SIZE": "20",
    "SCANSOURCE_API_LAYOUT": "legacy",
    "SCANSOURCE_HTTP_BACKEND": "aiohttp",
    "SCANSOURCE_PROXY": "http://proxy-user:proxy-password-0042@proxy.test.invalid:3128",
}


async def test_from_env_reads_every_variable() -> None:
    async with ScanSourceClient.from_env(environ=FULL_ENV) as client:
        config = client.config
    assert config.subscription_key == SUBSCRIPTION_KEY
    assert config.customer_number == "1000001"
    assert config.base_url == "https://apitest.test.invalid/"
    assert config.api_layout == "legacy"
    assert config.client_id == "env-client"
    assert config.client_secret == CLIENT_SECRET
    assert config.token_url == "https://login.test.invalid/token"
    assert config.scope == "api://env/.default"
    assert config.max_rate == 25.5
    assert config.max_in_flight == 8
    assert config.retry.max_retries == 5
    assert config.timeout == Timeout(connect=12, read=12, write=12, pool=12)
    assert config.deadline == 90
    assert config.chunk_size == 20
    assert config.http_backend == "aiohttp"
    assert client.pipeline.backend == "aiohttp"
    assert config.uses_oauth
    assert config.proxy == FULL_ENV["SCANSOURCE_PROXY"]
    assert "proxy-password-0042" not in repr(config)


def test_every_documented_variable_is_read() -> None:
    assert set(FULL_ENV) == set(ENV_VARIABLES)


async def test_arguments_win_over_the_environment() -> None:
    async with ScanSourceClient.from_env(
        environ=FULL_ENV,
        customer_number="2000002",
        max_rate=3,
        max_retries=0,
        base_url="https://other.test.invalid/",
    ) as client:
        config = client.config
    assert config.customer_number == "2000002"
    assert config.max_rate == 3
    assert config.retry.max_retries == 0
    assert config.base_url == "https://other.test.invalid/"
    assert config.max_in_flight == 8  # not overridden: from the environment


async def test_from_env_with_only_the_key_uses_defaults() -> None:
    async with ScanSourceClient.from_env(
        environ={"SCANSOURCE_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY, "SCANSOURCE_DEADLINE": "  "}
    ) as client:
        assert client.config == ClientConfig(subscription_key=SUBSCRIPTION_KEY)


async def test_from_env_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SCANSOURCE_SUBSCRIPTION_KEY", SUBSCRIPTION_KEY)
    monkeypatch.setenv("SCANSOURCE_CUSTOMER_NUMBER", " 1234 ")
    async with ScanSourceClient.from_env() as client:
        assert client.customer_number == "1234"


async def test_from_env_key_may_come_from_arguments() -> None:
    async with ScanSourceClient.from_env(environ={}, subscription_key=SUBSCRIPTION_KEY) as client:
        assert client.config.subscription_key == SUBSCRIPTION_KEY


def test_from_env_without_a_key_raises() -> None:
    with pytest.raises(ValidationError, match="SCANSOURCE_SUBSCRIPTION_KEY"):
        ScanSourceClient.from_env(environ={"SCANSOURCE_CUSTOMER_NUMBER": "1"})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SCANSOURCE_MAX_RATE", "fast"),
        ("SCANSOURCE_MAX_RATE", "-1"),
        ("SCANSOURCE_MAX_RATE", "nan"),
        ("SCANSOURCE_MAX_IN_FLIGHT", "1.5"),
        ("SCANSOURCE_MAX_IN_FLIGHT", "0"),
        ("SCANSOURCE_MAX_RETRIES", "many"),
        ("SCANSOURCE_TIMEOUT", "-2"),
        ("SCANSOURCE_DEADLINE", "0"),
        ("SCANSOURCE_BASE_URL", "ftp://x.invalid/"),
        ("SCANSOURCE_CHUNK_SIZE", "x"),
    ],
)
def test_bad_environment_values_raise_validation_error(variable: str, value: str) -> None:
    environ = {"SCANSOURCE_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY, variable: value}
    with pytest.raises(ValidationError) as info:
        ScanSourceClient.from_env(environ=environ)
    assert_no_secrets(str(info.value))


def test_config_from_env_skips_unset_and_blank_values() -> None:
    found = config_from_env({"SCANSOURCE_MAX_RATE": " 7 ", "SCANSOURCE_SCOPE": "", "OTHER": "x"})
    assert found == {"max_rate": 7.0}


def test_bad_environment_value_names_the_variable_not_the_value() -> None:
    with pytest.raises(ValidationError, match="SCANSOURCE_MAX_IN_FLIGHT") as info:
        config_from_env({"SCANSOURCE_MAX_IN_FLIGHT": "secret-looking-value"})
    assert "secret-looking-value" not in str(info.value)


# -- ClientConfig -----------------------------------------------------------------------------


def test_config_repr_hides_secrets() -> None:
    config = ClientConfig(
        subscription_key=SUBSCRIPTION_KEY, client_id="id", client_secret=CLIENT_SECRET
    )
    assert_no_secrets(repr(config), str(config))
    assert "subscription_key='***'" in repr(config)
    assert "client_secret='***'" in repr(config)
    assert "client_secret=None" in repr(ClientConfig(subscription_key=SUBSCRIPTION_KEY))


def test_config_is_frozen_and_evolve_validates() -> None:
    config = ClientConfig(subscription_key=SUBSCRIPTION_KEY)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.max_rate = 5  # type: ignore[misc]
    with pytest.raises(ValidationError):
        attrs.evolve(config, max_in_flight=0)


@pytest.mark.parametrize(
    "changes",
    [
        {"scope": "s", "token_url": "https://h.invalid/t?x=1"},
        {"timeout": -5},
        {"max_rate": 0.0},
        {"deadline": math.inf},
    ],
    ids=repr,
)
def test_config_rejects(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ClientConfig(subscription_key=SUBSCRIPTION_KEY, **changes)


# -- Timeout ----------------------------------------------------------------------------------


def test_timeout_of() -> None:
    assert Timeout.of(5) == Timeout(connect=5, read=5, write=5, pool=5, total=60)
    # A plain number never shortens the whole-attempt limit below its default.
    assert Timeout.of(90) == Timeout(connect=90, read=90, write=90, pool=90, total=90)
    assert Timeout.of(None) == Timeout(connect=None, read=None, write=None, pool=None, total=None)
    custom = Timeout(read=60)
    assert Timeout.of(custom) is custom
    assert Timeout() == Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0, total=60.0)


@pytest.mark.parametrize("total", [0, -1, math.nan, math.inf, "5", True])
def test_bad_total_timeout_is_a_validation_error(total: object) -> None:
    with pytest.raises(ValidationError):
        Timeout(total=total)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        ScanSourceClient(subscription_key="k" * 12, timeout=Timeout.of(total))  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, "5", True])
def test_timeout_rejects_bad_values(bad: object) -> None:
    with pytest.raises(ValidationError):
        Timeout(read=bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Timeout.of(bad)  # type: ignore[arg-type]


# -- RetryPolicy as configuration -------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"max_retries": -1},
        {"max_retries": 1.5},
        {"max_retries": True},
        {"backoff_base": 0},
        {"backoff_cap": -1},
        {"max_retry_after": -1},
        {"max_retry_after": math.nan},
    ],
    ids=repr,
)
def test_retry_policy_rejects(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        RetryPolicy(**changes)


def test_retry_policy_statuses_become_a_frozenset() -> None:
    policy = RetryPolicy(retry_statuses=[500, 503])
    assert policy.retry_statuses == frozenset({500, 503})
    assert RetryPolicy().retry_statuses == frozenset({429, 500, 502, 503, 504})


def test_token_url_must_be_a_url() -> None:
    from scansource_async import ScanSourceClient, ValidationError

    with pytest.raises(ValidationError, match="token_url"):
        ScanSourceClient(subscription_key="k" * 16, token_url=None)  # type: ignore[arg-type]


# -- HTTP backend and response cap --------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"http_backend": "requests"},
        {"http_backend": None},
        {"max_response_bytes": 0},
        {"max_response_bytes": -5},
        {"max_response_bytes": 1.5},
        {"max_response_bytes": "32MB"},
    ],
)
def test_bad_backend_or_cap_is_a_validation_error(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ScanSourceClient(subscription_key=SUBSCRIPTION_KEY, **options)


def test_an_httpx_transport_needs_the_httpx_backend() -> None:
    import httpx

    with pytest.raises(ValidationError, match="http_backend='httpx'"):
        ScanSourceClient(
            subscription_key=SUBSCRIPTION_KEY,
            http_backend="aiohttp",
            transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        )


async def test_defaults_are_httpx_and_32_mib() -> None:
    async with ScanSourceClient(subscription_key=SUBSCRIPTION_KEY) as client:
        assert client.config.http_backend == "httpx"
        assert client.pipeline.backend == "httpx"
        assert client.config.max_response_bytes == 32 * 1024 * 1024
