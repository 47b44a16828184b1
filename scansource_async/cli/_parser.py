"""The command line's argument parser: a mistyped option or command gets the usage of the
command it was typed for and the nearest spelling ("did you mean --output?").

argparse alone reports an unknown option of a subcommand with the top-level usage, and a
typo'd required option as a missing one; this parser remembers the words each (sub)parser was
given, so its ``error`` can name the unknown option first.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

from .. import _checks as checks
from ..errors import ValidationError

T = TypeVar("T")

__all__ = [
    "Parser",
    "command_parser",
    "non_negative_float",
    "positive_float",
    "positive_int",
    "subcommands",
    "walk",
]

# argparse's own wording, stable since 3.2 (quotes vary by version).
_INVALID_CHOICE = re.compile(r"invalid choice: '?([^' ]*)'?")


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors suggest the nearest option or command."""

    _given: list[str]

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._given = list(sys.argv[1:] if args is None else args)
        parsed, extras = super().parse_known_args(args, namespace)
        # The innermost parser returns first: the namespace remembers the command that ran.
        if not hasattr(parsed, "_command_parser"):
            parsed._command_parser = self
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        unknown = self.unknown_options()
        if unknown:
            message = "unrecognized arguments: " + " ".join(unknown)
            hint = self.suggest(unknown[0])
            if hint:
                message += f" (did you mean {hint}?)"
        else:
            match = _INVALID_CHOICE.search(message)
            if match:
                close = difflib.get_close_matches(match[1], self._command_names(), n=1)
                if close:
                    message += f" (did you mean {close[0]!r}?)"
        super().error(message)

    def option_strings(self) -> list[str]:
        return [option for action in self._actions for option in action.option_strings]

    def unknown_options(self) -> list[str]:
        """The words given to this parser that look like options it does not have."""
        known = self.option_strings()
        unknown: list[str] = []
        for word in self._own_words():
            if word == "--":
                break
            if not word.startswith("-") or word == "-" or _looks_negative(word):
                continue
            name = word.split("=", 1)[0]
            if name in known:
                continue
            if name.startswith("--") and any(option.startswith(name) for option in known):
                continue  # an abbreviation argparse accepts (or reports as ambiguous)
            if not name.startswith("--") and any(name.startswith(o) for o in known if len(o) == 2):
                continue  # -q, -ofile, grouped short flags
            unknown.append(word)
        return unknown

    def suggest(self, word: str) -> str | None:
        """The option nearest to ``word``, if one is close."""
        name = word.split("=", 1)[0]
        close = difflib.get_close_matches(name, self.option_strings(), n=1, cutoff=0.6)
        return close[0] if close else None

    def _own_words(self) -> list[str]:
        """The words meant for this parser: for a parser with subcommands, those before the
        command's name (the rest belong to the command's own parser)."""
        given = getattr(self, "_given", [])
        names = set(self._command_names())
        if not names:
            return given
        for position, word in enumerate(given):
            if word in names:
                return given[:position]
        return given

    def _command_names(self) -> list[str]:
        return [name for _, name, _ in subcommands(self)]


def _looks_negative(word: str) -> bool:
    return re.fullmatch(r"-[0-9.]+", word) is not None


def subcommands(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[argparse.ArgumentParser, str, str]]:
    """``(parser, name, one-line help)`` of each direct subcommand of ``parser``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield child, name, helps.get(name, "")


def walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser of the tree with its command path (``()`` for the top level)."""
    yield path, parser
    for child, name, _ in subcommands(parser):
        yield from walk(child, (*path, name))


def command_parser(args: argparse.Namespace, default: Any) -> Any:
    """The parser of the command that was run (``default`` if none was)."""
    return getattr(args, "_command_parser", default)


# -- option values: the package's plain-value checks, as argparse ``type=`` functions ----------


def _option_type(
    parse: Callable[[str], T], kind: str, check: Callable[[Any, str], T]
) -> Callable[[str], T]:
    def convert(text: str) -> T:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not {kind}") from None
        try:
            return check(value, "the value")
        except ValidationError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check.__name__  # argparse names the type in "invalid <name> value"
    return convert


positive_int = _option_type(int, "a whole number", checks.positive_int)
positive_float = _option_type(float, "a number", checks.positive_number)
non_negative_float = _option_type(float, "a number", checks.non_negative_number)
