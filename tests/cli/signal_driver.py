"""Runs ``price-sheet`` many times and signals each run at a chosen instant.

Started once as a process (so the imports are paid once); every trial is a forked child that
calls the command line's ``main`` in its own directory, and the driver sends the signal after
the trial's delay. Prints one JSON line per trial: delay, exit status, stderr, files left.

Usage: python signal_driver.py WORKDIR ITEMS.csv SIGNAL FIRST DELAY [DELAY ...]
  (trials are numbered from FIRST: trial N runs in WORKDIR/tN)
  (a DELAY of -1 measures a run without a signal; "parse" or "connect" makes the child signal
  itself during start-up: as it parses its arguments, or as it connects)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import scansource_async.cli._job
import scansource_async.cli._progress
import scansource_async.testing
from scansource_async import ScanSourceClient
from scansource_async.cli import main

# Loaded here, once: the package imports lazily, and a child paying for them would spend most
# of its life starting up, where few signals would then be told apart.
_PRELOADED = (scansource_async.cli._job, scansource_async.cli._progress, ScanSourceClient)


def _child(workdir: Path, items: Path, early: tuple[str, int] | None) -> None:
    out = os.open(workdir / "stdout.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(workdir / "stderr.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.chdir(workdir)
    if early is not None:
        _signal_self_during(*early)
    argv = ["price-sheet", str(items), "-o", "p.csv", "--simulator", "--rate", "2000", "-q"]
    status = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _signal_self_during(step: str, signum: int) -> None:
    """Make the run signal itself as it parses its arguments or as it connects."""
    import scansource_async.cli as cli
    from scansource_async.cli import _setup

    module: Any = cli if step == "parse" else _setup
    name = "build_parser" if step == "parse" else "connect"
    original = getattr(module, name)

    def signalled(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signum)
        return original(*args, **kwargs)

    setattr(module, name, signalled)


def trial(workdir: Path, items: Path, signum: int, delay: str) -> dict[str, object]:
    workdir.mkdir(parents=True, exist_ok=True)
    # Made before the fork: a signal can end the child before it opens them itself.
    for name in ("stdout.txt", "stderr.txt"):
        (workdir / name).touch()
    early = (delay, signum) if delay in ("parse", "connect") else None
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            _child(workdir, items, early)
        finally:
            os._exit(99)
    wait = float(delay) if early is None else -1.0
    if wait >= 0:
        time.sleep(wait)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
    _, raw = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(raw)
    return {
        "delay": delay,
        "elapsed": time.monotonic() - started,
        "status": status,
        "stderr": (workdir / "stderr.txt").read_text(),
        "files": sorted(p.name for p in workdir.iterdir()),
    }


def run() -> None:
    workdir, items, signame, first, *delays = sys.argv[1:]
    signum = int(getattr(signal, signame))
    for number, delay in enumerate(delays, start=int(first)):
        result = trial(Path(workdir) / f"t{number}", Path(items).resolve(), signum, delay)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    run()
