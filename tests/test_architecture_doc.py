"""docs/architecture.md names modules that exist, so a reader's one hop lands somewhere."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scansource_async"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

# A module path as the page writes it, relative to the package: `_http/_body.py`, `cli/_job.py`.
# Placeholders (`models/<group>.py`) and patterns (`cli/_*check*.py`) are not matched.
_PATH = re.compile(r"(?<![\w./<>*-])((?:[a-z_]+/)*[a-z_]+\.py)(?![\w*])")
# A function named with its module: `_call_errors.should_retry`, `_retry.retry_wait`.
_MODULE_NAME = re.compile(r"`(_[a-z_]+)\.(?!py`)([a-z_]+)`")


def test_every_module_path_on_the_page_exists() -> None:
    named = set(_PATH.findall(DOC))
    assert len(named) > 60, "the page names the package's modules"
    missing = sorted(path for path in named if not (PACKAGE / path).is_file())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_directory_on_the_page_exists() -> None:
    named = set(re.findall(r"`([a-z_]+/)`|\(([a-z_]+/)\)", DOC))
    directories = {name for pair in named for name in pair if name}
    assert {"testing/", "cli/"} <= directories
    for directory in directories - {"scansource_async/"}:
        assert (PACKAGE / directory).is_dir(), directory


def test_every_function_the_page_names_is_in_its_module() -> None:
    named = set(_MODULE_NAME.findall(DOC))
    assert ("_retry", "retry_wait") in named
    for module, name in named:
        assert hasattr(importlib.import_module(f"scansource_async.{module}"), name), (
            f"docs/architecture.md names {module}.{name}, which does not exist"
        )
