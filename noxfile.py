"""Developer sessions: tests, lint, typecheck, docs, bench, soak."""

from __future__ import annotations

import shutil
import subprocess

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "docs"]
nox.options.reuse_existing_virtualenvs = True

#: every CPython the package supports (requires-python >= 3.11), newest last
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")


def _runs(version: str) -> bool:
    """Whether ``python3.X`` is on PATH and actually starts (a pyenv shim of a version that is
    installed but not selected is on PATH and fails)."""
    path = shutil.which(f"python{version}")
    if path is None:
        return False
    try:
        done = subprocess.run([path, "-c", "pass"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


#: the supported interpreters this machine has; the tests run on each of them
PYTHONS = [version for version in SUPPORTED_PYTHONS if _runs(version)]


@nox.session(python=PYTHONS or None)
def tests(session: nox.Session) -> None:
    """The default test suite (the README's test command), once per supported Python present."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff lint and format check."""
    session.install("ruff==0.17.6")  # the version pinned in the dev extra
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into site/ and fail on any warning (a broken link, a name
    the API reference cannot find). ``nox -s docs -- serve`` serves it with live reload."""
    session.install("-e", ".[docs]")
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", *session.posargs[1:])
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Every benchmark at full size against the simulator on loopback (about 10 minutes);
    tables on stdout, JSON in benchmarks/results/. ``nox -s bench -- --quick`` for a short run."""
    session.install("-e", ".[bench,cli,simulator,redis]")
    for name in (
        "simulator",
        "ceiling",
        "overhead",
        "memory",
        "coalesce",
        "redis_limiter",
        "web",
        "cli_startup",
        "adaptive",
        "profile",
    ):
        session.run("python", "-m", f"benchmarks.{name}", *session.posargs)


@nox.session
def soak(session: nox.Session) -> None:
    """The long reliability soak: every tests/reliability scenario at full size (100,000-line
    fault soak, 1,000 creates of each kind, 100 cancellations, 20,000-call long-lived client,
    1,000 hypothesis examples per property) on loopback; stops by itself within ``--budget``
    seconds (default 540) and prints what it tried and what held."""
    session.install("-e", ".[test]")
    session.run(
        "python", "tests/reliability/soak_report.py", *session.posargs, env={"SCANSOURCE_SOAK": "1"}
    )
