"""The command tree: grouped by resource, every command with a summary and an example that parses."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

import pytest
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

from pmopath.cli.main import app

ROOT = typer.main.get_command(app)
GROUPS = ["roles", "people", "plans", "users", "framework", "db"]
runner = CliRunner()


def every_command(
    command: TyperCommand | TyperGroup = ROOT, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], TyperCommand | TyperGroup]]:
    """Every group and command below ``command``, with the words that name it."""
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            assert isinstance(sub, TyperCommand | TyperGroup)
            yield (*path, name), sub
            yield from every_command(sub, (*path, name))


COMMANDS = dict(every_command())


def resolve(words: list[str]) -> tuple[tuple[str, ...], TyperCommand | TyperGroup, list[str]]:
    """The command that ``pmopath WORDS...`` names, its path, and the words left for it."""
    command: TyperCommand | TyperGroup = ROOT  # type: ignore[assignment]
    path: list[str] = []
    rest = list(words)
    while isinstance(command, TyperGroup) and rest and rest[0] in command.commands:
        path.append(rest.pop(0))
        command = command.commands[path[-1]]  # type: ignore[assignment]
    return tuple(path), command, rest


def test_the_top_level_lists_the_resource_groups_then_demo_and_serve() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:")[1].split()
    entries = [word for word in listed if word in ROOT.commands]  # type: ignore[attr-defined]
    assert entries == [*GROUPS, "demo", "serve"]
    assert len(ROOT.commands) < 12  # type: ignore[attr-defined]
    assert all(isinstance(COMMANDS[(name,)], TyperGroup) for name in GROUPS)


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_every_command_has_a_one_line_summary_and_an_example_that_parses(
    path: tuple[str, ...],
) -> None:
    command = COMMANDS[path]
    summary = command.get_short_help_str(limit=55)
    assert summary.endswith(".") and not summary.endswith("..."), (path, summary)
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    examples = _examples(result.stdout)
    assert examples, f"'pmopath {' '.join(path)} --help' shows no example"
    for example in examples:
        named, target, rest = resolve(shlex.split(example)[1:])
        assert named[: len(path)] == path, (path, example)
        if isinstance(target, TyperGroup):
            assert target.invoke_without_command and not (rest and rest[0][0] != "-"), example
        target.make_context(named[-1], rest)  # raises a usage error if the example is wrong


def _examples(help_text: str) -> list[str]:
    """The command lines after 'Example:' (a line ending in a backslash goes on)."""
    after = help_text.split("Example:", 1)[1] if "Example:" in help_text else ""
    lines = re.findall(r"^\s+(pmopath (?:.*\\\n)*.*)", after, flags=re.MULTILINE)
    return [re.sub(r"\\\n\s*", " ", line).split(" < ")[0] for line in lines]


@pytest.mark.parametrize("group", GROUPS)
def test_a_group_without_a_command_shows_its_commands_or_lists(group: str) -> None:
    result = runner.invoke(app, [group])
    if group == "roles":  # the group a newcomer types first lists the roles
        assert result.exit_code == 0 and "Roles in PMO Pathways" in result.stdout
    else:
        assert "Commands:" in result.output and "Example:" in result.output


@pytest.mark.parametrize(
    "old",
    ["role", "map", "paths", "gap", "assess", "target", "eligibility", "notifications"]
    + ["backup", "restore", "person", "plan", "reviews", "export", "digest"],
)
def test_verbs_no_longer_sit_beside_the_groups(old: str) -> None:
    result = runner.invoke(app, [old, "--help"])
    assert result.exit_code == 2 and "No such command" in result.output
