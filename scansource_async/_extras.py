"""One wording for "this needs an extra": the missing module and the command that installs it."""

from __future__ import annotations

__all__ = ["missing_extra"]

#: the top-level modules each optional feature needs, by extra
EXTRA_MODULES: dict[str, frozenset[str]] = {
    "simulator": frozenset({"starlette", "uvicorn"}),
    "redis": frozenset({"redis"}),
    "moving-window": frozenset({"redis", "limits"}),
    "cli": frozenset({"rich", "starlette", "uvicorn"}),
    "otel": frozenset({"opentelemetry"}),
}


def missing_extra(what: str, extra: str, exc: ImportError) -> ImportError | None:
    """``ModuleNotFoundError("WHAT needs the [EXTRA] extra: pip install ...")`` if ``exc`` is
    one of that extra's modules missing, else ``None`` (a different failure, to re-raise)."""
    missing = (getattr(exc, "name", None) or "").partition(".")[0]
    if missing not in EXTRA_MODULES[extra]:
        return None
    return ModuleNotFoundError(
        f"{what} needs the [{extra}] extra: pip install 'scansource-async[{extra}]'"
        f" (no module named {missing!r})",
        name=exc.name,
    )
