"""Files that appear whole or not at all: written under a temporary name, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO

from ._errors import CliError, os_reason

__all__ = ["AtomicFile", "check_writable_target", "remove_stale_temps"]

_TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temps(*paths: Path) -> int:
    """Delete the temporary files that dead runs left next to ``paths``; returns how many.

    A temporary file is named ``.NAME.PID.RANDOM.tmp``: one whose process is gone (or whose
    name holds no process id) belongs to a run that was killed outright (``kill -9``, power
    loss) and will never be renamed. Files of live runs are left alone.
    """
    removed = 0
    for path in paths:
        prefix = _temp_prefix(path)
        try:
            candidates = [
                entry
                for entry in path.parent.iterdir()
                if entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIX)
            ]
        except OSError:
            continue  # an unreadable directory: opening the output will say so
        for entry in candidates:
            pid_text = entry.name[len(prefix) :].split(".", 1)[0]
            if pid_text.isdigit() and _alive(int(pid_text)):
                continue
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a pid we can ask about: keep it
    return True


def check_writable_target(path: Path) -> None:
    """Fail early (before any request is sent) when ``path`` cannot become a file."""
    if path.is_dir():
        raise CliError(f"{path}: is a directory, not a file to write")
    if not path.parent.is_dir():
        raise CliError(f"{path}: cannot write: the directory {str(path.parent)!r} does not exist")


class AtomicFile:
    """A text file written under a temporary name in the target's directory.

    :meth:`commit` renames it over the target (``os.replace``, atomic on one file system);
    :meth:`discard` deletes it. Either way the target is never seen half-written. Opening
    fails with :class:`CliError` when the directory is not writable.
    """

    def __init__(self, path: Path) -> None:
        check_writable_target(path)
        self.path = path
        try:
            fd, temp = tempfile.mkstemp(
                prefix=f"{_temp_prefix(path)}{os.getpid()}.", suffix=_TEMP_SUFFIX, dir=path.parent
            )
        except OSError as exc:
            raise CliError(f"{path}: cannot write: {os_reason(exc)}") from None
        self._temp = Path(temp)
        self.file: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._done = False

    def commit(self) -> None:
        """Flush to disk and rename over the target, with the permissions a new file gets."""
        if self._done:
            return
        self._done = True
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.chmod(self._temp, 0o666 & ~_umask())
            os.replace(self._temp, self.path)
        except OSError as exc:
            self._remove_temp()
            raise CliError(f"{self.path}: cannot write: {os_reason(exc)}") from None

    def discard(self) -> None:
        """Delete the temporary file; the target is left as it was. No-op after commit."""
        if self._done:
            return
        self._done = True
        self._remove_temp()

    def _remove_temp(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(OSError):
            self._temp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
