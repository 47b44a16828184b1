"""The one error type of the command line: bad usage, input or output (exit status 2)."""

from __future__ import annotations

__all__ = ["CliError", "os_reason"]


class CliError(Exception):
    """A problem with the command line, the input or the output.

    Its message is one line naming the file (and row or column) at fault; the command prints
    it and exits with status 2 without leaving anything half-written.
    """


def os_reason(exc: OSError) -> str:
    """The human part of an OS error (``No such file or directory``), without the errno noise."""
    return exc.strerror or str(exc) or type(exc).__name__
