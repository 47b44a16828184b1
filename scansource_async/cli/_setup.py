"""Which API a command talks to: the real one (``SCANSOURCE_*`` credentials from the environment
or an ``--env-file``), or the embedded simulator (``--simulator``).

Two environment variables are test and demo hooks of the simulator mode only:

``SCANSOURCE_SIMULATOR_FAULTS``
    a fault model for every API route, as ``name=value`` pairs separated by commas, e.g.
    ``latency=0.05,jitter=0.02,error_rate=0.1`` (the float fields of
    :class:`scansource_async.testing.FaultModel`: latency, jitter, error_rate, throttle_rate,
    throttle_retry_after, drop_rate, slow_body_rate, slow_body_delay).
``SCANSOURCE_SIMULATOR_REQUEST_LOG``
    a file to which the run appends one JSON line per pricing request the simulator answered:
    ``{"customer_number": ..., "items": [[item_number, quantity], ...]}``.

Error messages name variables and files, never their values: they may be secrets.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .. import ScanSourceClient, ValidationError
from .._config import ENV_VARIABLES, config_from_env
from .._extras import missing_extra
from ._errors import CliError, os_reason

if TYPE_CHECKING:
    from ..testing import Simulator

__all__ = ["Connection", "connect", "read_env_file"]

FAULTS_VARIABLE: Final = "SCANSOURCE_SIMULATOR_FAULTS"
REQUEST_LOG_VARIABLE: Final = "SCANSOURCE_SIMULATOR_REQUEST_LOG"
KEY_VARIABLE: Final = "SCANSOURCE_SUBSCRIPTION_KEY"
REDIS_URL_VARIABLE: Final = "SCANSOURCE_REDIS_URL"
#: the client's rate against the embedded simulator when neither --rate nor the environment says
SIMULATOR_RATE: Final = 50.0
_FAULT_FIELDS: Final = (
    "latency",
    "jitter",
    "error_rate",
    "throttle_rate",
    "throttle_retry_after",
    "drop_rate",
    "slow_body_rate",
    "slow_body_delay",
)
# Settings the simulator mode takes from the environment (credentials and URLs are its own).
_SIMULATOR_SETTINGS: Final = (
    "customer_number",
    "max_rate",
    "max_in_flight",
    "max_retries",
    "timeout",
    "deadline",
    "chunk_size",
)
_ENV_LINE: Final = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")


@attrs.define
class Connection:
    """A client to use, and the simulator behind it when there is one."""

    client: ScanSourceClient
    simulator: Simulator | None = None
    request_log: Path | None = None

    def write_request_log(self) -> None:
        """Append the simulator's pricing requests to the request-log hook's file, if set."""
        if self.simulator is None or self.request_log is None:
            return
        try:
            with open(self.request_log, "a", encoding="utf-8") as file:
                for record in self.simulator.requests:
                    if record.operation != "products.pricing" or not isinstance(record.body, dict):
                        continue
                    lines = record.body.get("Lines") or []
                    entry = {
                        "customer_number": record.body.get("CustomerNumber"),
                        "status": record.status,
                        "started": record.started,  # time.monotonic(): comparable across processes
                        "items": [[line["ItemNumber"], line["Quantity"]] for line in lines],
                    }
                    file.write(json.dumps(entry) + "\n")
        except OSError as exc:
            raise CliError(f"{self.request_log}: cannot write: {os_reason(exc)}") from None


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines (blank lines and ``#`` comments skipped, ``export`` and matching
    quotes allowed). Errors name the line, never its value."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "not UTF-8 text"
        raise CliError(f"{path}: cannot read: {reason}") from None
    found: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _ENV_LINE.fullmatch(line)
        if match is None:
            raise CliError(f"{path}:{number}: expected KEY=VALUE")
        name, value = match[1], match[2].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[name] = value
    return found


def connect(
    *,
    simulator: bool,
    env_file: Path | None,
    overrides: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
    redis_url: str | None = None,
) -> Connection:
    """The client a command should use.

    ``--simulator`` always means the embedded simulator (a demo never reaches the real API,
    even with credentials set). Otherwise credentials come from the environment, with the
    ``--env-file`` values taking precedence; with none, a :class:`CliError` says what to do.
    ``overrides`` are client options from the command line (they win over everything).
    """
    merged = dict(os.environ if environ is None else environ)
    if env_file is not None:
        merged.update(read_env_file(env_file))
    redis_url = redis_url or merged.get(REDIS_URL_VARIABLE, "").strip() or None
    try:
        if simulator:
            return _simulator_connection(merged, overrides, redis_url)
        if not merged.get(KEY_VARIABLE, "").strip():
            raise CliError(
                f"no credentials: set {KEY_VARIABLE} (in the environment or an --env-file),"
                " or pass --simulator to use the embedded simulator"
            )
        if redis_url is not None:
            rate = overrides.get("max_rate") or config_from_env(merged).get("max_rate", 10.0)
            limiter = _shared_limiter(redis_url, merged[KEY_VARIABLE].strip(), rate)
            overrides = {**overrides, "rate_limiter": limiter}
        return Connection(ScanSourceClient.from_env(environ=merged, **overrides))
    except ValidationError as exc:
        raise CliError(_name_variable(str(exc), overrides)) from None


def _name_variable(message: str, overrides: Mapping[str, Any]) -> str:
    """``base_url must be …`` as ``SCANSOURCE_BASE_URL must be …`` when the setting came from
    the environment: the user knows the variable, and its value is never repeated."""
    for variable, (name, _) in ENV_VARIABLES.items():
        if name not in overrides and message.startswith(f"{name} "):
            return variable + message[len(name) :]
    return message


def _shared_limiter(url: str, key: str, max_rate: float) -> Any:
    """One rate for every worker sharing the subscription key (the [redis] extra)."""
    try:
        from .. import RedisRateLimiter
    except ImportError as exc:
        raise CliError(str(missing_extra("--redis-url", "redis", exc) or exc)) from None
    return RedisRateLimiter(url, key=key, max_rate=max_rate)


def _simulator_connection(
    environ: Mapping[str, str], overrides: Mapping[str, Any], redis_url: str | None = None
) -> Connection:
    try:
        from ..testing import FaultModel, Simulator
    except ImportError as exc:
        raise CliError(str(missing_extra("--simulator", "cli", exc) or exc)) from None
    if overrides.get("http_backend", "httpx") != "httpx":
        raise CliError("--simulator runs in-process over httpx: leave out --http-backend")
    faults = _faults(environ.get(FAULTS_VARIABLE, ""), FaultModel)
    log_path = environ.get(REQUEST_LOG_VARIABLE, "").strip() or None
    sim = Simulator(faults=faults, request_log_size=None if log_path else 0)
    found = config_from_env(environ)
    settings = {name: value for name, value in found.items() if name in _SIMULATOR_SETTINGS}
    settings.setdefault("max_rate", SIMULATOR_RATE)
    settings.update(overrides)
    if redis_url is not None:
        key = sim.subscription_keys[0]
        settings["rate_limiter"] = _shared_limiter(redis_url, key, settings["max_rate"])
    return Connection(
        sim.client(**settings), simulator=sim, request_log=Path(log_path) if log_path else None
    )


def _faults(spec: str, model: Any) -> Any:
    if not spec.strip():
        return None
    values: dict[str, float] = {}
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in _FAULT_FIELDS:
            known = ", ".join(_FAULT_FIELDS)
            raise CliError(f"{FAULTS_VARIABLE}: expected name=value pairs with names from {known}")
        try:
            values[name] = float(value)
        except ValueError:
            raise CliError(f"{FAULTS_VARIABLE}: {name} must be a number") from None
    try:
        return model(**values)
    except ValueError as exc:
        raise CliError(f"{FAULTS_VARIABLE}: {exc}") from None
