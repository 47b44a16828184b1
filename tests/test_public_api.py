"""The package's public surface: exactly what ``__all__`` says, every name importable."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import scansource_async
from scansource_async import _exports, errors
from scansource_async._version import __version__ as version

# The foundation's part of the surface; other groups add their models and helpers.
FOUNDATION = {
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientConfig",
    "ClientStats",
    "ConflictError",
    "CreditData",
    "Customer",
    "DeadlineExceededError",
    "EventLoopMismatchError",
    "InvalidResponseError",
    "ItemError",
    "LimiterStats",
    "LocalRateLimiter",
    "NOT_GIVEN",
    "NotFoundError",
    "NotGiven",
    "OutcomeUnknownError",
    "PartnerProfile",
    "PartnerProfileValidation",
    "Payer",
    "PermissionDeniedError",
    "PipelineStats",
    "TransportStats",
    "ProgressEvent",
    "RateLimitError",
    "RateLimitEvent",
    "RateLimiter",
    "RequestOptions",
    "ResponseTooLargeError",
    "RetryEvent",
    "RetryPolicy",
    "ScanSourceClient",
    "ScanSourceError",
    "ServerError",
    "Timeout",
    "ValidationError",
    "__version__",
}


def _public_modules() -> list[str]:
    names = ["scansource_async"]
    for info in pkgutil.walk_packages(scansource_async.__path__, "scansource_async."):
        parts = info.name.split(".")[1:]
        if not any(part.startswith("_") for part in parts):
            names.append(info.name)
    return sorted(names)


PUBLIC_MODULES = _public_modules()


def _own_public_names(module: types.ModuleType) -> set[str]:
    """Public names bound in a module, other than its submodules."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def _type_checking_imports() -> dict[str, str]:
    """Name -> module of the imports type checkers see in ``scansource_async/__init__.py``."""
    tree = ast.parse(Path(scansource_async.__file__).read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    found[alias.asname or alias.name] = "." * statement.level + (
                        statement.module or ""
                    )
    return found


def test_all_is_exactly_the_public_names_of_the_package() -> None:
    # Names load on first use: __all__, the interpreter's table and what type checkers see
    # must be one list (the Redis names stay out of __all__: they need the [redis] extra).
    exported = set(scansource_async.__all__)
    assert len(exported) == len(scansource_async.__all__), "no duplicates"
    lazy = _exports.EXPORTS
    seen_by_checkers = _type_checking_imports()
    redis_only = set(_exports.NEEDS_REDIS)
    assert exported - {"__version__"} == set(lazy), (
        f"exported but not loadable: {sorted(exported - set(lazy) - {'__version__'})}; "
        f"loadable but not exported: {sorted(set(lazy) - exported)}"
    )
    how = "a public name goes in __all__, _exports.EXPORTS and the TYPE_CHECKING imports"
    assert set(seen_by_checkers) == set(lazy) | redis_only, how
    for name, module in lazy.items():
        assert seen_by_checkers[name] == module, f"{name}: {how}"
    eager = _own_public_names(scansource_async) - exported - redis_only
    assert not eager, f"imported eagerly (it would slow every import): {sorted(eager)}; {how}"


def test_importing_the_package_loads_nothing_but_the_version_and_the_export_table() -> None:
    code = (
        "import sys, scansource_async; "
        "print(sorted(m for m in sys.modules if m.startswith(('scansource_async.', 'httpx'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(
        ["scansource_async._exports", "scansource_async._extras", "scansource_async._version"]
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        scansource_async.Nope  # noqa: B018
    assert "ScanSourceClient" in dir(scansource_async)


def test_the_foundation_is_exported() -> None:
    assert set(scansource_async.__all__) >= FOUNDATION


def test_every_exported_name_is_importable() -> None:
    namespace: dict[str, object] = {}
    exec("from scansource_async import *", namespace)
    for name in scansource_async.__all__:
        assert namespace[name] is getattr(scansource_async, name)
        assert namespace[name] is not None


def test_no_private_names_are_exported() -> None:
    assert [n for n in scansource_async.__all__ if n.startswith("_")] == ["__version__"]


def test_version() -> None:
    assert scansource_async.__version__ == version
    assert isinstance(version, str)
    assert version.count(".") >= 1


def test_every_error_is_re_exported_as_the_same_class() -> None:
    for name in errors.__all__:
        assert getattr(scansource_async, name) is getattr(errors, name)
        assert name in scansource_async.__all__


def test_exported_classes_say_where_they_live_publicly() -> None:
    # Every exported class is defined in the package (none leaked from a dependency).
    for name in scansource_async.__all__:
        value = getattr(scansource_async, name)
        if inspect.isclass(value):
            assert value.__module__.startswith("scansource_async"), name


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_module_has_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    if not hasattr(module, "__all__"):
        # Only a package with nothing of its own (a plain namespace of submodules) may omit it.
        assert _own_public_names(module) == set(), f"{module_name} needs __all__"
        return
    listed = list(module.__all__)
    assert len(set(listed)) == len(listed), f"duplicates in {module_name}.__all__"
    missing = [name for name in listed if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what it does not define: {missing}"


def test_the_public_module_walk_found_the_foundation() -> None:
    assert {
        "scansource_async.errors",
        "scansource_async.events",
        "scansource_async.models.customers",
        "scansource_async.resources.customers",
        "scansource_async.resources.partner_profile",
    } <= set(PUBLIC_MODULES)


# Web backends: the price caches, their protocol and the events listeners receive.
WEB_BACKENDS = {
    "PRICE_CACHE_ENTRY_BYTES",
    "CacheEvent",
    "CachedPrice",
    "CallEndEvent",
    "Event",
    "PriceCache",
    "PriceCacheBackend",
    "RequestEvent",
    "ResponseEvent",
}
# Need the [redis] extra: importable from the package on first use, not in ``import *``.
LAZY = {"RedisLimiterStats", "RedisRateLimiter", "RedisPriceCache"}


def test_the_web_backend_names_are_exported() -> None:
    assert set(scansource_async.__all__) >= WEB_BACKENDS
    for name in WEB_BACKENDS:
        assert getattr(scansource_async, name) is not None


def test_the_redis_names_load_on_first_use() -> None:
    pytest.importorskip("redis")
    for name in LAZY:
        value = getattr(scansource_async, name)
        assert value.__module__.startswith("scansource_async._redis_")
        assert name not in scansource_async.__all__
    assert isinstance(
        scansource_async.RedisPriceCache("redis://127.0.0.1:1/0"),
        scansource_async.PriceCacheBackend,
    )
    assert isinstance(scansource_async.PriceCache(), scansource_async.PriceCacheBackend)


def test_the_0_1_0_name_of_the_pipeline_stats_still_works() -> None:
    assert scansource_async.TransportStats is scansource_async.PipelineStats
