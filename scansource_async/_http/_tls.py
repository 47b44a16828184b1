"""``verify=`` in the terms both backends share: a path to CA certificates becomes a context."""

from __future__ import annotations

import functools
import os
import ssl

__all__ = ["Verify", "ca_context"]

#: True: verify against the default CA bundle; False: do not verify; a path to a CA bundle
#: file or directory; or a ready :class:`ssl.SSLContext`
Verify = bool | str | ssl.SSLContext


@functools.lru_cache(maxsize=8)  # loading a bundle takes tens of ms; clients share it
def ca_context(path: str) -> ssl.SSLContext:
    """A verifying context trusting the CA certificates of ``path`` (a file or a directory)."""
    if os.path.isdir(path):
        return ssl.create_default_context(capath=path)
    return ssl.create_default_context(cafile=path)
