"""Developer sessions: tests, lint, typecheck, bench, soak."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The default test suite (the README's test command)."""
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
def bench(session: nox.Session) -> None:
    """Every benchmark at full size against the simulator on loopback (about 10 minutes);
    tables on stdout, JSON in benchmarks/results/. ``nox -s bench -- --quick`` for a short run."""
    session.install("-e", ".[bench,cli,simulator,redis]")
    for name in ("simulator", "ceiling", "overhead", "memory", "coalesce", "redis_limiter", "web"):
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
