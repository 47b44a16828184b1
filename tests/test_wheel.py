"""The wheel ships what users import and nothing else: every module of the package, the
``py.typed`` marker, the entry points, and no test or benchmark tooling. The wheel is built
here from the working tree with the project's own build backend (the ``[test]`` extra
installs it)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "scansource_async"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("wheel")
    # The PEP 517 hook, as pip calls it, in a child process: it builds from the current
    # directory, which this process must not change.
    hook = "import sys, hatchling.build as b; print(b.build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", hook, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    name = done.stdout.strip().splitlines()[-1]
    assert name.startswith("scansource_async-") and name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(out / name) as archive:
        yield archive


def _source_files() -> set[str]:
    """The package's files as the working tree has them (what git would track)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / PACKAGE).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _package_entries(wheel: zipfile.ZipFile) -> set[str]:
    return {name for name in wheel.namelist() if not name.split("/", 1)[0].endswith(".dist-info")}


def test_the_wheel_holds_exactly_the_package(wheel: zipfile.ZipFile) -> None:
    entries = _package_entries(wheel)
    assert entries == _source_files()
    assert all(name.startswith(f"{PACKAGE}/") for name in entries)
    assert f"{PACKAGE}/py.typed" in entries
    modules = (
        "__init__.py",
        "_client.py",
        "cli/__init__.py",
        "testing/__init__.py",
        "testing/pytest_plugin.py",
        "testing/_catalog.py",
        "testing/routes/sales_order.py",
    )
    for module in modules:
        assert f"{PACKAGE}/{module}" in entries


def test_no_test_or_benchmark_tooling_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    tooling = ("_redis_server", "_limiter_worker", "conftest", "benchmarks/", "tests/")
    assert [name for name in names if any(word in name for word in tooling)] == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_metadata_names_the_entry_points_and_the_extras(wheel: zipfile.ZipFile) -> None:
    info = next(n.split("/", 1)[0] for n in wheel.namelist() if ".dist-info/" in n)
    entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert "scansource-async = scansource_async.cli:main" in entry_points
    assert "scansource_async = scansource_async.testing.pytest_plugin" in entry_points
    metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
    requires = [Requirement(r) for r in metadata.get_all("Requires-Dist") or []]

    def needs(extra: str) -> set[str]:
        return {r.name for r in requires if r.marker and r.marker.evaluate({"extra": extra})}

    # limits only for the moving-window strategy, not with every shared rate limiter.
    assert needs("redis") == {"redis"}
    assert needs("moving-window") == {"redis", "limits"}
    assert "limits" in needs("test") and "hatchling" in needs("test")
    assert not {r.name for r in requires if r.marker is None} & {"redis", "limits", "hatchling"}
