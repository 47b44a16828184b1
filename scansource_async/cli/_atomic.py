"""Files that appear whole or not at all: written under a temporary name, then renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO

from ._errors import CliError, os_reason

__all__ = ["AtomicFile", "check_writable_target"]


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
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
