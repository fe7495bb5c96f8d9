"""Every command and option of the CLI is documented: in --help with an example, and in the README."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from skillgap.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Yield (command path, parser) for the parser and every subcommand below it, nested ones included."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


COMMANDS = list(_commands(build_parser()))
SUBCOMMANDS = [path for path, _ in COMMANDS if path]
OPTIONS = sorted({(" ".join(path), option) for path, parser in COMMANDS for action in parser._actions
                  for option in action.option_strings
                  if option.startswith("--") and not isinstance(action, argparse._HelpAction)})


def _readme() -> str:
    return README.read_text(encoding="utf-8") if README.is_file() else ""


def test_walk_finds_nested_commands():
    assert {("add",), ("profile",), ("profile", "init"), ("profile", "check"), ("watch",)} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"skillgap {' '.join(path)}" in _readme()


@pytest.mark.parametrize("command, option", OPTIONS, ids=[f"{c or 'skillgap'} {o}" for c, o in OPTIONS])
def test_every_option_is_in_the_readme(command, option):
    assert option in _readme(), f"README.md does not mention {option} (of `skillgap {command}`)"


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) or "skillgap" for p, _ in COMMANDS])
def test_every_command_has_an_example_and_every_option_a_help_text(path, parser):
    assert (parser.epilog or "").startswith("Example: skillgap"), f"`skillgap {' '.join(path)}` has no example"
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"`skillgap {' '.join(path)}` {action.option_strings or action.dest} has no help"
