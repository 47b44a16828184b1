"""The fault model: what can go wrong with a request, how often, and the seeded decisions.

A :class:`FaultModel` is plain configuration. The simulator takes either one model (applied to
every API route, but not to the token endpoint) or a mapping of route keys to models:

* a key is ``"[METHOD ]path-prefix"``, the path written as in the seeds, without a leading
  slash: ``"POST product/pricing"``, ``"product/"``, ``"GET customer"``; ``""`` (or ``"*"``)
  is the default for every API route;
* the longest matching prefix wins; at equal length a key naming the method beats one that
  does not;
* the token endpoint (``oauth2/v2.0/token``, which in production lives on another host) only
  gets faults from a key that names it explicitly (a prefix of at least ``"oauth2"``).

Per request, one uniform draw picks at most one of the exclusive outcomes, in this order:
5xx error (``error_rate``), 429 (``throttle_rate``), dropped connection (``drop_rate``), slow body
(``slow_body_rate``); so each happens at its configured rate. Latency (``latency`` plus a uniform
``[0, jitter)``), drawn independently, is the time to answer: the answer (or the fault) comes
that long after the request arrived. The route runs on arrival, within it, as an API's own work
is part of its latency; only a route slower than the latency delays the answer further (a
simulator whose Python work was added on top would answer later the busier or colder it is).
With ``after_action=True`` an error or a drop strikes after the route has run (its state change
is kept but the answer is lost), the ambiguous outcome creates must handle; a 429 always strikes
before (it means "not processed"). All draws come from one ``random.Random(seed)``, so a
sequential run is repeatable.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["FaultDecision", "FaultInjector", "FaultModel", "FaultsSpec"]

TOKEN_PATH_PREFIX: Final = "oauth2"


def _fraction(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be a fraction between 0 and 1, got {value!r}")


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0.0:
        raise ValueError(f"{attribute.name} must be >= 0 seconds, got {value!r}")


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0.0:
        raise ValueError(f"{attribute.name} must be > 0 seconds, got {value!r}")


def _statuses(
    _: object, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
) -> None:
    if not value or not all(isinstance(s, int) and 500 <= s <= 599 for s in value):
        raise ValueError(f"{attribute.name} must be a non-empty tuple of 5xx codes, got {value!r}")


@attrs.frozen(slots=True, kw_only=True)
class FaultModel:
    """What goes wrong, and how often. Times are seconds, rates fractions of requests.

    The four rates are exclusive outcomes of one draw, so their sum must not exceed 1.
    """

    latency: float = attrs.field(default=0.0, validator=_non_negative, converter=float)
    jitter: float = attrs.field(default=0.0, validator=_non_negative, converter=float)
    error_rate: float = attrs.field(default=0.0, validator=_fraction, converter=float)
    error_statuses: tuple[int, ...] = attrs.field(
        default=(500, 502, 503), validator=_statuses, converter=tuple
    )
    throttle_rate: float = attrs.field(default=0.0, validator=_fraction, converter=float)
    throttle_retry_after: float = attrs.field(default=1.0, validator=_positive, converter=float)
    drop_rate: float = attrs.field(default=0.0, validator=_fraction, converter=float)
    slow_body_rate: float = attrs.field(default=0.0, validator=_fraction, converter=float)
    #: total extra time a slow body takes, spread over ``slow_body_chunks`` pieces
    slow_body_delay: float = attrs.field(default=0.5, validator=_non_negative, converter=float)
    slow_body_chunks: int = attrs.field(default=4)
    after_action: bool = False

    def __attrs_post_init__(self) -> None:
        if self.slow_body_chunks < 2:
            raise ValueError("slow_body_chunks must be at least 2")
        total = self.error_rate + self.throttle_rate + self.drop_rate + self.slow_body_rate
        if total > 1.0 + 1e-9:
            raise ValueError(f"the fault rates add up to {total}, more than 1")

    @property
    def is_noop(self) -> bool:
        """True when this model never does anything (the fast path skips it entirely)."""
        return (
            self.latency == 0.0
            and self.jitter == 0.0
            and self.error_rate == 0.0
            and self.throttle_rate == 0.0
            and self.drop_rate == 0.0
            and self.slow_body_rate == 0.0
        )


FaultsSpec = FaultModel | Mapping[str, FaultModel] | None


@attrs.frozen(slots=True)
class FaultDecision:
    """What to do to one request. ``kind`` is None, "error", "throttle", "drop" or "slow_body"."""

    kind: str | None
    delay: float = 0.0
    status: int = 0
    model: FaultModel = attrs.field(factory=FaultModel)

    @property
    def after_action(self) -> bool:
        return self.model.after_action and self.kind in ("error", "drop")


_NO_FAULT: Final = FaultDecision(None)


def _parse_key(key: str) -> tuple[str | None, str]:
    key = key.strip()
    if key in ("", "*"):
        return None, ""
    method, _, rest = key.partition(" ")
    if rest and method.isalpha() and method.isupper():
        return method, rest.strip().lstrip("/")
    return None, key.lstrip("/")


class FaultInjector:
    """Holds the active fault configuration and draws seeded decisions for requests."""

    def __init__(self, faults: FaultsSpec = None, *, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._rules: list[tuple[str | None, str, FaultModel]] = []
        self._cache: dict[tuple[str, str], FaultModel | None] = {}
        self.set(faults)

    def set(self, faults: FaultsSpec, *, seed: int | None = None) -> None:
        """Replace the configuration (takes effect for the next request); optionally re-seed."""
        if seed is not None:
            self._rng.seed(seed)
        if faults is None:
            items: list[tuple[str, FaultModel]] = []
        elif isinstance(faults, FaultModel):
            items = [("", faults)]
        elif isinstance(faults, Mapping):
            items = list(faults.items())
        else:
            raise TypeError(
                "faults must be a FaultModel, a mapping of route key to FaultModel, or None"
            )
        rules: list[tuple[str | None, str, FaultModel]] = []
        for key, model in items:
            if not isinstance(model, FaultModel):
                raise TypeError(f"faults[{key!r}] must be a FaultModel, got {type(model).__name__}")
            method, prefix = _parse_key(key)
            rules.append((method, prefix, model))  # a no-op model still shadows broader keys
        # Most specific first: longer prefix, then method-qualified.
        rules.sort(key=lambda r: (len(r[1]), r[0] is not None), reverse=True)
        self._rules = rules
        self._cache = {}

    @property
    def active(self) -> bool:
        """Whether any fault may happen at all (lets the hot path skip the lookup)."""
        return any(not model.is_noop for _, _, model in self._rules)

    def model_for(self, method: str, path: str) -> FaultModel | None:
        """The model that applies to ``METHOD path`` (path without leading slash), if any."""
        key = (method, path)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found: FaultModel | None = None
        for rule_method, prefix, model in self._rules:
            if rule_method is not None and rule_method != method:
                continue
            if not path.startswith(prefix):
                continue
            if path.startswith(TOKEN_PATH_PREFIX) and len(prefix) < len(TOKEN_PATH_PREFIX):
                continue
            found = model
            break
        if len(self._cache) > 4096:  # paths carry ids; keep the memo bounded
            self._cache.clear()
        self._cache[key] = found
        return found

    def decide(self, method: str, path: str) -> FaultDecision:
        """Draw what happens to one request."""
        model = self.model_for(method, path)
        if model is None or model.is_noop:
            return _NO_FAULT
        rng = self._rng
        delay = model.latency
        if model.jitter:
            delay += rng.random() * model.jitter
        u = rng.random()
        kind: str | None = None
        status = 0
        if u < model.error_rate:
            kind = "error"
            status = rng.choice(model.error_statuses)
        elif (u := u - model.error_rate) < model.throttle_rate:
            kind = "throttle"
            status = 429
        elif (u := u - model.throttle_rate) < model.drop_rate:
            kind = "drop"
        elif u - model.drop_rate < model.slow_body_rate:
            kind = "slow_body"
        return FaultDecision(kind, delay, status, model)
