"""The suite's own layout: every test folder is a package of ``tests`` and nothing imports a
conftest module, so helpers are found by their package, never by where pytest put sys.path."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CONFTEST_IMPORT = re.compile(r"^\s*(from\s+\S*conftest\s+import|import\s+\S*conftest)", re.M)


def python_folders() -> list[Path]:
    return sorted({path.parent for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts})


def test_every_test_folder_is_a_package() -> None:
    missing = [
        str(folder.relative_to(TESTS.parent))
        for folder in python_folders()
        if not (folder / "__init__.py").exists()
    ]
    assert missing == []


def test_no_module_imports_a_conftest() -> None:
    offenders = [
        str(path.relative_to(TESTS.parent))
        for path in TESTS.rglob("*.py")
        if CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
