"""The configuration check: which ``SCANSOURCE_*`` variables are set, and whether they make a
valid client. Secret values are never shown, only whether they are set; other values are
shown as the client will use them (defaults included)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .. import ValidationError
from .._config import ENV_VARIABLES, ClientConfig, config_from_env, mask_url
from ._checks import Check

__all__ = ["SECRET_VARIABLES", "config_check"]

#: variables whose values are never shown, written or reported
SECRET_VARIABLES: Final = frozenset({"SCANSOURCE_SUBSCRIPTION_KEY", "SCANSOURCE_CLIENT_SECRET"})
# Shown as set / not set only: an identifier, but nobody needs to read it in a ticket.
_HIDDEN: Final = SECRET_VARIABLES | {"SCANSOURCE_CLIENT_ID"}
PROXY_VARIABLE: Final = "SCANSOURCE_PROXY"
_REQUIRED: Final = ("SCANSOURCE_SUBSCRIPTION_KEY", "SCANSOURCE_CUSTOMER_NUMBER")


def _shown_value(name: str, environ: Mapping[str, str]) -> str:
    if name in _HIDDEN:
        return ""
    value = environ[name].strip()
    # A proxy URL may carry credentials: shown without them.
    return f"={mask_url(value) if name == PROXY_VARIABLE else value}"


def config_check(environ: Mapping[str, str]) -> tuple[Check, ClientConfig | None]:
    """The check, and the configuration when it is valid."""
    variables = [name for name in ENV_VARIABLES if environ.get(name, "").strip()]
    shown = [name.removeprefix("SCANSOURCE_") + _shown_value(name, environ) for name in variables]
    listing = "set: " + (", ".join(shown) if shown else "nothing")
    missing = [name for name in _REQUIRED if name not in variables]
    if missing:
        return Check(
            name="config", ok=False, detail=f"missing {', '.join(missing)}; {listing}"
        ), None
    try:
        found = config_from_env(environ)
        max_retries = found.pop("max_retries", None)
        config = ClientConfig(**found)
    except (ValidationError, TypeError) as exc:
        return Check(name="config", ok=False, detail=f"{exc}; {listing}"), None
    if max_retries is not None and max_retries < 0:
        return Check(
            name="config", ok=False, detail=f"SCANSOURCE_MAX_RETRIES must be >= 0; {listing}"
        ), None
    oauth = "OAuth on" if config.uses_oauth else "OAuth off"
    detail = f"{listing}; {oauth}, base URL {config.base_url}"
    return Check(name="config", ok=True, detail=detail), config
