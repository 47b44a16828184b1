"""A missing extra is one line naming the extra and the command that installs it, at every
entry point: the library's names, ``scansource_async.testing``, its pytest fixtures and each
command of the command line. Each case runs in a fresh process where the extra's module is
made unimportable (``sys.modules[name] = None``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli.clihelpers import cli_env

ROOT = Path(__file__).resolve().parents[1]


def _run(missing: str, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    program = f"import sys\nsys.modules[{missing!r}] = None\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**cli_env(), "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert lines, done
    return lines[-1]


@pytest.mark.parametrize(
    ("missing", "code", "extra"),
    [
        ("starlette", "from scansource_async.testing import Simulator", "simulator"),
        ("uvicorn", "from scansource_async.testing import Simulator", "simulator"),
        ("redis", "from scansource_async import RedisRateLimiter", "redis"),
        ("redis", "import scansource_async as s; s.RedisLimiterStats", "redis"),
        ("redis", "from scansource_async import RedisPriceCache", "redis"),
        (
            "limits",
            "from scansource_async import RedisRateLimiter\n"
            "RedisRateLimiter('redis://127.0.0.1:9/0', key='k', max_rate=5,"
            " strategy='moving-window')",
            "moving-window",
        ),
        ("opentelemetry", "import scansource_async.otel", "otel"),
    ],
)
def test_importing_a_name_says_which_extra_to_install(
    missing: str, code: str, extra: str, tmp_path: Path
) -> None:
    done = _run(missing, code, tmp_path)
    assert done.returncode == 1
    line = _last_line(done)
    assert line.startswith("ModuleNotFoundError: ")
    assert f"needs the [{extra}] extra: pip install 'scansource-async[{extra}]'" in line
    assert f"no module named {missing!r}" in line


def test_the_rest_of_the_package_imports_without_any_extra(tmp_path: Path) -> None:
    code = """
    for name in ("starlette", "uvicorn", "redis", "limits", "rich"):
        sys.modules[name] = None
    import scansource_async, scansource_async.testing, scansource_async.testing.pytest_plugin
    from scansource_async import *
    print(len(scansource_async.__all__))
    """
    done = _run("aiohttp", code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50


def test_the_pytest_fixture_says_which_extra_to_install(tmp_path: Path) -> None:
    (tmp_path / "test_uses_fixture.py").write_text("def test_it(scansource_simulator):\n    pass\n")
    code = """
    import pytest
    raise SystemExit(pytest.main(["-q", "-p", "no:cacheprovider", "test_uses_fixture.py"]))
    """
    done = _run("starlette", code, tmp_path)
    assert done.returncode == 1
    assert (
        "scansource_async.testing.Simulator needs the [simulator] extra: "
        "pip install 'scansource-async[simulator]'" in done.stdout
    )


def _cli(*args: str) -> str:
    return f"""
    from scansource_async.cli import main
    raise SystemExit(main({list(args)!r}))
    """


@pytest.mark.parametrize(
    ("missing", "args", "message"),
    [
        (
            "rich",
            ("price-sheet", "items.csv", "-o", "p.csv"),
            "scansource-async price-sheet: needs the [cli] extra:"
            " pip install 'scansource-async[cli]'",
        ),
        (
            "starlette",
            ("price-sheet", "items.csv", "-o", "p.csv", "--simulator"),
            "scansource-async price-sheet: error: --simulator needs the [cli] extra:"
            " pip install 'scansource-async[cli]' (no module named 'starlette')",
        ),
        (
            "redis",
            ("price-sheet", "items.csv", "-o", "p.csv", "--simulator", "--redis-url", "redis://x"),
            "scansource-async price-sheet: error: --redis-url needs the [redis] extra:"
            " pip install 'scansource-async[redis]' (no module named 'redis')",
        ),
        (
            "uvicorn",
            ("simulator", "serve", "--port", "0"),
            "scansource-async simulator serve: scansource_async.testing.Simulator needs the"
            " [simulator] extra: pip install 'scansource-async[simulator]'"
            " (no module named 'uvicorn')",
        ),
    ],
)
def test_each_command_says_which_extra_to_install_in_one_line(
    missing: str, args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    (tmp_path / "items.csv").write_text("item_number,quantity\nSS0000001,1\n")
    done = _run(missing, _cli(*args), tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [_last_line(done)]
    assert _last_line(done).startswith(message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv"]
