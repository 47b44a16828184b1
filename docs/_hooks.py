"""mkdocs hooks: the command line reference is each command's ``--help``, generated at build
time, so the page cannot drift from the parser."""

from __future__ import annotations

import os
import re
from typing import Any

_MARKER = re.compile(r"^<!-- cli-help:(?P<path>[^>]*)-->$", re.MULTILINE)


def _help(path: str) -> str:
    from scansource_async.cli import build_parser
    from scansource_async.cli._parser import walk

    os.environ["COLUMNS"] = "100"  # argparse wraps at the terminal width: one width for all
    words = tuple(path.split())
    for found, parser in walk(build_parser()):
        if found == words:
            return parser.format_help()
    raise ValueError(f"cli-help: no command {path.strip()!r}")


def on_page_markdown(markdown: str, **_: Any) -> str:
    return _MARKER.sub(lambda m: f"```text\n{_help(m['path'])}```", markdown)
