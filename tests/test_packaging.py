"""The package's metadata says what is true: MIT (with the licence file), asyncio only, the
supported Pythons, where the project lives; and the ``nox`` test session runs on each
supported interpreter the machine actually has."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_licence_is_mit_and_shipped() -> None:
    assert PROJECT["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_classifiers_name_asyncio_and_each_supported_python() -> None:
    classifiers = set(PROJECT["classifiers"])
    assert "Framework :: AsyncIO" in classifiers
    assert not any("AnyIO" in c or "Trio" in c for c in classifiers)
    minimum = PROJECT["requires-python"].removeprefix(">=")
    versions = sorted(
        c.rsplit(" ", 1)[1]
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    )
    assert versions == ["3.11", "3.12", "3.13"]
    assert versions[0] == minimum


def test_project_urls_and_changelog() -> None:
    assert set(PROJECT["urls"]) == {"Homepage", "Documentation", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in PROJECT["urls"].values())
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog
    assert "keepachangelog.com" in changelog


def test_the_docs_extra_has_what_mkdocs_yml_uses() -> None:
    docs = " ".join(PROJECT["optional-dependencies"]["docs"])
    config = (ROOT / "mkdocs.yml").read_text()
    assert "mkdocs-material" in docs and "name: material" in config
    assert "mkdocstrings[python]" in docs and "- mkdocstrings:" in config
    assert "pymdown-extensions" in docs and "pymdownx.snippets" in config


def test_nox_runs_the_tests_on_each_supported_python_present() -> None:
    if importlib.util.find_spec("nox") is None:
        pytest.skip("nox is not installed (the [dev] extra)")
    spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    assert set(noxfile.PYTHONS) <= set(noxfile.SUPPORTED_PYTHONS)
    # The interpreter running this test is one the machine has.
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if running in noxfile.SUPPORTED_PYTHONS and noxfile._runs(running):
        assert running in noxfile.PYTHONS
    assert not noxfile._runs("2.9")  # no such interpreter: left out, not an error
