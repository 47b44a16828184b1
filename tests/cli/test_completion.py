"""``scansource-async completion bash|zsh|fish``: scripts that load in their shell and complete
the commands, options and choices of the parser they were built from."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from scansource_async.cli import build_parser, main
from scansource_async.cli._parser import walk
from scansource_async.cli.completion import SHELLS, script

from .clihelpers import cli_env, run_cli

BASH = shutil.which("bash")


def _script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", SHELLS)
def test_the_command_prints_the_script_built_from_the_parser(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _script(shell, capsys)
    assert text == script(shell, build_parser())
    for path, node in walk(build_parser()):
        for name in path:
            assert name in text
        for action in node._actions:
            for option in action.option_strings:
                if option.startswith("--"):
                    assert option[2:] in text, (path, option)


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_the_bash_script_parses(tmp_path: Path) -> None:
    done = run_cli("completion", "bash", cwd=tmp_path)
    assert done.returncode == 0
    path = tmp_path / "scansource-async.bash"
    path.write_text(done.stdout)
    checked = subprocess.run([BASH, "-n", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def _complete(script_path: Path, words: list[str]) -> list[str]:
    """What the loaded bash function offers for ``words`` (the last one being typed)."""
    assert BASH is not None
    program = (
        f"source {shlex.quote(str(script_path))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "COMPREPLY=()\n"
        "_scansource_async\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=script_path.parent,
        env=cli_env(),
    )
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize(
    ("words", "offered"),
    [
        (
            ["scansource-async", ""],
            ["simulator", "price-sheet", "merge-sheets", "doctor", "completion"],
        ),
        (["scansource-async", "pri"], ["price-sheet"]),
        (["scansource-async", "--lo"], ["--log-level"]),
        (["scansource-async", "price-sheet", "--form"], ["--format"]),
        (["scansource-async", "price-sheet", "--format", ""], ["csv", "jsonl"]),
        (["scansource-async", "price-sheet", "--sim"], ["--simulator"]),
        (["scansource-async", "simulator", ""], ["serve"]),
        (["scansource-async", "simulator", "serve", "--ht"], ["--http"]),
        (["scansource-async", "simulator", "serve", "--http", "h"], ["h11", "httptools"]),
        (["scansource-async", "completion", ""], ["bash", "zsh", "fish"]),
        (["scansource-async", "--log-level", "d"], ["debug"]),
        (["scansource-async", "price-sheet", "-o", "it"], ["items.csv"]),
    ],
)
def test_the_bash_script_completes_commands_options_choices_and_files(
    words: list[str], offered: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scansource-async.bash"
    path.write_text(_script("bash", capsys))
    (tmp_path / "items.csv").write_text("item_number,quantity\n")
    assert sorted(_complete(path, words)) == sorted(offered)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_zsh_and_fish_scripts_parse_if_the_shell_exists(
    shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"scansource-async.{shell}"
    path.write_text(_script(shell, capsys))
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed")
    checked = subprocess.run([found, "-n", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_the_fish_script_is_only_complete_commands(capsys: pytest.CaptureFixture[str]) -> None:
    # A sanity check that needs no fish: every line a comment or a well-quoted `complete` call.
    for line in _script("fish", capsys).splitlines():
        if line.startswith("#"):
            continue
        words = shlex.split(line)
        assert words[:3] == ["complete", "-c", "scansource-async"], line


def test_the_zsh_script_runs_the_bash_function_through_bashcompinit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = _script("zsh", capsys)
    assert text.startswith("#compdef scansource-async\n")
    assert "bashcompinit" in text
    body = text.split("bashcompinit\n", 1)[1]
    assert body == _script("bash", capsys).split("\n", 1)[1]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_the_bash_script_parses_when_zsh_syntax_is_checked_by_bash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # zsh is rarely installed where tests run; its script is bash-compatible shell code.
    assert BASH is not None
    path = tmp_path / "scansource-async.zsh"
    path.write_text(_script("zsh", capsys))
    checked = subprocess.run([BASH, "-n", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
