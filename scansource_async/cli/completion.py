"""``scansource-async completion bash|zsh|fish``: print a shell completion script.

The script is built from the command line's own parser, so it completes every command,
option and choice the installed version has. Load it from the shell's start-up file::

    eval "$(scansource-async completion bash)"     # ~/.bashrc
    eval "$(scansource-async completion zsh)"      # ~/.zshrc
    scansource-async completion fish | source      # ~/.config/fish/config.fish
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from typing import Any

from ._parser import subcommands, walk

__all__ = ["SHELLS", "register", "script"]

PROG = "scansource-async"
#: the shells a script can be printed for
SHELLS = ("bash", "zsh", "fish")

_DESCRIPTION = """\
Print a completion script for bash, zsh or fish on stdout. Load it from the shell's
start-up file:

  bash  (~/.bashrc):                   eval "$(scansource-async completion bash)"
  zsh   (~/.zshrc):                    eval "$(scansource-async completion zsh)"
  fish  (~/.config/fish/config.fish):  scansource-async completion fish | source"""


def register(subparsers: Any) -> None:
    """Add ``completion`` to the command line."""
    parser = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``completion``: prints the script."""
    from . import build_parser

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` covering every command of ``parser``."""
    if shell == "bash":
        return _bash(parser)
    if shell == "zsh":
        return _zsh(parser)
    if shell == "fish":
        return _fish(parser)
    raise ValueError(f"unknown shell {shell!r}: one of {', '.join(SHELLS)}")


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [action for action in parser._actions if action.option_strings]


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0


def _choices(action: argparse.Action) -> list[str]:
    return [str(choice) for choice in action.choices or ()]


def _summary(text: str) -> str:
    """An option's help up to its first parenthesis or semicolon: one short line."""
    return re.split(r" \(|;", text, maxsplit=1)[0].strip()


def _positionals_with_choices(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not action.option_strings
        and action.choices
        and not isinstance(action, argparse._SubParsersAction)
    ]


def _words(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


#: the bash function (zsh runs it through its bash-completion layer)
_FUNCTION = "_scansource_async"


def _bash_body(parser: argparse.ArgumentParser) -> str:
    tree = list(walk(parser))
    steps: list[str] = []  # "path:word" -> next path
    cases: list[str] = []  # path -> options and commands
    values: list[str] = []  # "path:option" -> its choices, or files
    for path, node in tree:
        key = " ".join(path)
        commands = [name for _, name, _ in subcommands(node)]
        for name in commands:
            target = shlex.quote(" ".join((*path, name)))
            steps.append(f"            {shlex.quote(f'{key}:{name}')}) path={target} ;;")
        options = [o for action in _options(node) for o in action.option_strings]
        cases.append(
            f"        {shlex.quote(key)}) opts={_words(options)}; cmds={_words(commands)} ;;"
        )
        for action in _options(node):
            if not _takes_value(action):
                continue
            choices = _choices(action)
            # an option's value: its choices, else a file name (the shell's own completion)
            reply = (
                f'COMPREPLY=($(compgen -W {_words(choices)} -- "$cur"))'
                if choices
                else 'COMPREPLY=($(compgen -f -- "$cur"))'
            )
            patterns = "|".join(shlex.quote(f"{key}:{o}") for o in action.option_strings)
            values.append(f"        {patterns}) {reply}; return ;;")
    # a positional with choices (``completion SHELL``) completes like a command
    positional_choices = [
        f"        {shlex.quote(' '.join(path))}) cmds={_words(_choices(action))} ;;"
        for path, node in tree
        for action in _positionals_with_choices(node)
    ]
    return f"""\
{_FUNCTION}() {{
    local cur prev path word opts cmds i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    path=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "$path:$word" in
{chr(10).join(steps)}
        esac
    done
    case "$path:$prev" in
{chr(10).join(values)}
    esac
    opts=""
    cmds=""
    case "$path" in
{chr(10).join(cases)}
    esac
    case "$path" in
{chr(10).join(positional_choices) or '        "") ;;'}
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ -n "$cmds" ]]; then
        COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
"""


def _bash(parser: argparse.ArgumentParser) -> str:
    return (
        f"# bash completion for {PROG} (generated by `{PROG} completion bash`)\n"
        + _bash_body(parser)
        + f"complete -o default -F {_FUNCTION} {PROG}\n"
    )


def _zsh(parser: argparse.ArgumentParser) -> str:
    # zsh runs the bash function through its bash-completion layer, so the two stay identical.
    return (
        f"#compdef {PROG}\n"
        f"# zsh completion for {PROG} (generated by `{PROG} completion zsh`)\n"
        "autoload -U +X compinit && compinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n"
        + _bash_body(parser)
        + f"complete -o default -F {_FUNCTION} {PROG}\n"
    )


def _fish(parser: argparse.ArgumentParser) -> str:
    lines = [
        f"# fish completion for {PROG} (generated by `{PROG} completion fish`)",
        f"complete -c {PROG} -f",
    ]
    for path, node in walk(parser):
        if path:
            seen = f"__fish_seen_subcommand_from {path[-1]}"
            deeper = [name for _, name, _ in subcommands(node)]
            condition = seen + (
                f"; and not __fish_seen_subcommand_from {' '.join(deeper)}" if deeper else ""
            )
        else:
            condition = "__fish_use_subcommand"
        for _, name, text in subcommands(node):
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(condition)} -a {shlex.quote(name)}"
                f" -d {shlex.quote(text)}"
            )
        for action in _positionals_with_choices(node):
            choices = " ".join(_choices(action))
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(condition)} -a {shlex.quote(choices)}"
            )
        for action in _options(node):
            flags = []
            for option in action.option_strings:
                if option.startswith("--"):
                    flags.append(f"-l {option[2:]}")
                elif len(option) == 2:
                    flags.append(f"-s {option[1]}")
            if not flags:
                continue
            value = ""
            if _takes_value(action):
                values = _choices(action)
                value = f" -x -a {shlex.quote(' '.join(values))}" if values else " -r -F"
            text = (action.help or "").replace("%%", "%")
            if text == argparse.SUPPRESS:
                continue
            lines.append(
                f"complete -c {PROG} -n {shlex.quote(condition)} {' '.join(flags)}{value}"
                f" -d {shlex.quote(_summary(text))}"
            )
    return "\n".join(lines) + "\n"
