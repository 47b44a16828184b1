"""Client configuration: one frozen, validated object, built from arguments and the environment."""

from __future__ import annotations

import base64
import os
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs

from . import _checks as checks
from ._retry import RetryPolicy
from ._urls import check_relative_path
from ._validate import (
    check_credential,
    check_non_empty,
    check_optional_credential,
    check_optional_non_empty,
    check_optional_positive,
    check_positive,
    check_positive_int,
)
from .errors import ValidationError
from .resources._endpoints import API_LAYOUTS, check_routes

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_SCOPE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOKEN_URL",
    "ENV_VARIABLES",
    "HTTP_BACKENDS",
    "ClientConfig",
    "Timeout",
    "config_from_env",
    "mask_url",
]

#: the HTTP libraries the client can send with (``http_backend=``)
HTTP_BACKENDS = ("httpx", "aiohttp")
#: the default cap on one response body, counted after decompression
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

# Production defaults from the partner portal (see api-notes.md); all configurable.
DEFAULT_BASE_URL = "https://api.scansource.com/"
DEFAULT_TOKEN_URL = (
    "https://login.microsoftonline.com/scansourceb2c.onmicrosoft.com/oauth2/v2.0/token"
)
DEFAULT_SCOPE = (
    "https://scansourceb2c.onmicrosoft.com/a2eccdbd-b208-4e77-a82f-dddd1814309a/.default"
)


def _redacted(value: object) -> str:
    return "None" if value is None else "'***'"


#: the default whole-attempt limit, in seconds
DEFAULT_TOTAL_TIMEOUT = 60.0


@attrs.frozen(kw_only=True)
class Timeout:
    """Per-attempt timeouts in seconds (None waits forever).

    ``connect``, ``read``, ``write`` and ``pool`` bound each phase of an attempt (``read`` is
    the longest wait for the next bytes); ``total`` bounds the whole attempt, from sending to
    the last byte of the body, so no server pace can hold one attempt longer.
    ``Timeout.of(10)`` sets every phase to 10 s and keeps ``total`` at least its default.
    """

    connect: float | None = attrs.field(default=10.0, validator=check_optional_positive)
    read: float | None = attrs.field(default=30.0, validator=check_optional_positive)
    write: float | None = attrs.field(default=30.0, validator=check_optional_positive)
    pool: float | None = attrs.field(default=10.0, validator=check_optional_positive)
    total: float | None = attrs.field(
        default=DEFAULT_TOTAL_TIMEOUT, validator=check_optional_positive
    )

    @classmethod
    def of(cls, value: float | Timeout | None) -> Timeout:
        """A Timeout from seconds (every phase), a Timeout, or None (no timeout)."""
        if isinstance(value, Timeout):
            return value
        if value is None:
            return cls(connect=None, read=None, write=None, pool=None, total=None)
        # Validated by the fields; max() needs a number first.
        total = max(value, DEFAULT_TOTAL_TIMEOUT) if isinstance(value, int | float) else value
        return cls(connect=value, read=value, write=value, pool=value, total=total)


#: the client's default per-attempt timeout
DEFAULT_TIMEOUT = Timeout()


def _to_timeout(value: float | Timeout | None) -> Timeout:
    return Timeout.of(value)


def _check_url(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    parts = urlsplit(checks.http_url(value, attribute.name))
    if parts.query or parts.fragment:
        raise ValidationError(f"{attribute.name} must not have a query or fragment")


def mask_url(url: str) -> str:
    """``url`` with its credentials (``user:password@``), if any, shown as ``***``."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def _masked(value: object) -> str:
    return repr(mask_url(value)) if isinstance(value, str) else repr(value)


def _check_proxy(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(f"proxy must be a URL string, not {type(value).__name__}")
    # Never quoted: a proxy URL may carry credentials.
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  # a port that is no number raises here
    except ValueError:
        raise ValidationError("proxy is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("proxy must be an http:// or https:// URL with a host")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValidationError("proxy must be a URL without a path, query or fragment")


def _check_verify(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool | ssl.SSLContext):
        return
    if not isinstance(value, str):
        raise ValidationError(
            f"verify must be a bool, a path to CA certificates or an ssl.SSLContext,"
            f" not {type(value).__name__}"
        )
    if not os.path.exists(value):
        raise ValidationError(f"verify: no CA certificates at {value!r}")


def _check_bool(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise ValidationError(f"{attribute.name} must be a bool, not {type(value).__name__}")


def _with_trailing_slash(url: str) -> str:
    # Anything but a string is left for the validator to refuse.
    if not isinstance(url, str) or url.endswith("/"):
        return url
    return url + "/"


def _check_retry_policy(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, RetryPolicy):
        raise ValidationError(f"{attribute.name} must be a RetryPolicy, not {type(value).__name__}")


def _check_backend(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in HTTP_BACKENDS:
        choices = " or ".join(repr(name) for name in HTTP_BACKENDS)
        raise ValidationError(f"{attribute.name} must be {choices}, got {value!r}")


def _check_oauth_pair(instance: ClientConfig, _: attrs.Attribute[Any], value: Any) -> None:
    if (instance.client_id is None) != (value is None):
        raise ValidationError("client_id and client_secret must be given together")


def _check_layout(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in API_LAYOUTS:
        raise ValidationError(f"api_layout must be one of {', '.join(API_LAYOUTS)}, got {value!r}")


def _to_routes(value: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValidationError("routes must be a mapping of operation name to route")
    return dict(value)


def _check_routes(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_routes(value)
    # A route is configuration, but it builds a URL too: it must stay under the base URL.
    for name, route in value.items():
        check_relative_path(route, f"routes[{name!r}]")


@attrs.frozen(kw_only=True)
class ClientConfig:
    """Everything a client needs, validated once. Secrets never appear in its repr."""

    subscription_key: str = attrs.field(validator=check_credential, repr=_redacted)
    customer_number: str | None = attrs.field(default=None, validator=check_optional_non_empty)
    base_url: str = attrs.field(
        default=DEFAULT_BASE_URL, validator=_check_url, converter=_with_trailing_slash
    )
    client_id: str | None = attrs.field(default=None, validator=check_optional_credential)
    client_secret: str | None = attrs.field(
        default=None, validator=[check_optional_credential, _check_oauth_pair], repr=_redacted
    )
    token_url: str = attrs.field(default=DEFAULT_TOKEN_URL, validator=_check_url)
    scope: str = attrs.field(default=DEFAULT_SCOPE, validator=check_non_empty)
    max_rate: float = attrs.field(default=10.0, validator=check_positive)
    max_in_flight: int = attrs.field(default=16, validator=check_positive_int)
    # Space out the requests that fill the in-flight cap over the round trip (_in_flight.py).
    pace_in_flight: bool = attrs.field(default=True, validator=_check_bool)
    timeout: Timeout = attrs.field(factory=Timeout, converter=_to_timeout)
    deadline: float | None = attrs.field(default=None, validator=check_optional_positive)
    retry: RetryPolicy = attrs.field(factory=RetryPolicy, validator=_check_retry_policy)
    chunk_size: int = attrs.field(default=40, validator=check_positive_int)
    page_size: int = attrs.field(default=100, validator=check_positive_int)
    # Which URL layout to speak (resources/_endpoints.py): the production gateway
    # (scsc/{group}/v{n}/op?ids=...) or the seeds' legacy paths.
    api_layout: str = attrs.field(default="gateway", validator=_check_layout)
    # Per-operation route overrides ({"sales_orders.cancel": "scsc/salesorder/v1/cancel"}).
    routes: Mapping[str, str] = attrs.field(
        factory=dict, converter=_to_routes, validator=_check_routes
    )
    http_backend: str = attrs.field(default="httpx", validator=_check_backend)
    max_response_bytes: int = attrs.field(
        default=DEFAULT_MAX_RESPONSE_BYTES, validator=check_positive_int
    )
    # Network settings, passed to the HTTP backend (token requests take the same path).
    proxy: str | None = attrs.field(default=None, validator=_check_proxy, repr=_masked)
    verify: bool | str | ssl.SSLContext = attrs.field(default=True, validator=_check_verify)
    trust_env: bool = attrs.field(default=True, validator=_check_bool)

    @property
    def uses_oauth(self) -> bool:
        return self.client_id is not None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret of these settings (the key, the client secret, the proxy's
        credentials), for redaction."""
        found = (self.subscription_key, self.client_secret, *self.proxy_secrets)
        return tuple(secret for secret in found if secret)

    @property
    def proxy_secrets(self) -> tuple[str, ...]:
        """The proxy's credentials in every form a log line or error could show them."""
        if self.proxy is None:
            return ()
        parts = urlsplit(self.proxy)
        if parts.password is None:
            return ()
        userinfo = parts.netloc.rpartition("@")[0]
        plain = f"{unquote(parts.username or '')}:{unquote(parts.password)}"
        encoded = base64.b64encode(plain.encode()).decode()
        return (unquote(parts.password), parts.password, userinfo, plain, encoded)


# Environment variable -> (config field, parser).
ENV_VARIABLES: Mapping[str, tuple[str, type]] = {
    "SCANSOURCE_SUBSCRIPTION_KEY": ("subscription_key", str),
    "SCANSOURCE_CUSTOMER_NUMBER": ("customer_number", str),
    "SCANSOURCE_BASE_URL": ("base_url", str),
    "SCANSOURCE_CLIENT_ID": ("client_id", str),
    "SCANSOURCE_CLIENT_SECRET": ("client_secret", str),
    "SCANSOURCE_TOKEN_URL": ("token_url", str),
    "SCANSOURCE_SCOPE": ("scope", str),
    "SCANSOURCE_MAX_RATE": ("max_rate", float),
    "SCANSOURCE_MAX_IN_FLIGHT": ("max_in_flight", int),
    "SCANSOURCE_MAX_RETRIES": ("max_retries", int),
    "SCANSOURCE_TIMEOUT": ("timeout", float),
    "SCANSOURCE_DEADLINE": ("deadline", float),
    "SCANSOURCE_CHUNK_SIZE": ("chunk_size", int),
    "SCANSOURCE_API_LAYOUT": ("api_layout", str),
    "SCANSOURCE_HTTP_BACKEND": ("http_backend", str),
    "SCANSOURCE_PROXY": ("proxy", str),
}


def config_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Constructor arguments read from ``SCANSOURCE_*`` variables (unset or empty ones skipped)."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for variable, (name, parse) in ENV_VARIABLES.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            found[name] = parse(raw)
        except ValueError:
            raise ValidationError(f"{variable} must be a {parse.__name__}") from None
    return found
