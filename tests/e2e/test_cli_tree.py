"""The command tree: grouped by resource, every command with a summary and an example that parses,
and the README and CHANGELOG naming only commands that exist."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

from pmopath.cli.main import GROUPS, GroupsOnDemand, app

ROOT = typer.main.get_command(app)
assert isinstance(ROOT, GroupsOnDemand)
CONTEXT = ROOT.context_class(ROOT, info_name="pmopath")
REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def subcommands(group: TyperGroup) -> dict[str, TyperCommand | TyperGroup]:
    """A group's commands by name (the top level builds each group when asked for it)."""
    found = {name: group.get_command(CONTEXT, name) for name in group.list_commands(CONTEXT)}
    assert all(isinstance(command, TyperCommand | TyperGroup) for command in found.values())
    return found  # type: ignore[return-value]


def every_command(
    command: TyperCommand | TyperGroup = ROOT, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], TyperCommand | TyperGroup]]:
    """Every group and command below ``command``, with the words that name it."""
    if isinstance(command, TyperGroup):
        for name, sub in subcommands(command).items():
            yield (*path, name), sub
            yield from every_command(sub, (*path, name))


COMMANDS = dict(every_command())


def resolve(words: list[str]) -> tuple[tuple[str, ...], TyperCommand | TyperGroup, list[str]]:
    """The command that ``pmopath WORDS...`` names, its path, and the words left for it."""
    command: TyperCommand | TyperGroup = ROOT
    path: list[str] = []
    rest = list(words)
    while isinstance(command, TyperGroup) and rest and rest[0] in subcommands(command):
        path.append(rest.pop(0))
        command = subcommands(command)[path[-1]]
    return tuple(path), command, rest


def test_the_top_level_lists_the_resource_groups_then_demo_and_serve() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:")[1].split()
    entries = [word for word in listed if word in subcommands(ROOT)]
    assert entries == [*GROUPS, "demo", "serve"]
    # one screen: the resource groups (issue 18 names feedback, mentoring and insight as groups
    # of their own) and the two top-level commands
    assert len(entries) <= 15
    assert all(isinstance(COMMANDS[(name,)], TyperGroup) for name in GROUPS)


@pytest.mark.parametrize("name", list(GROUPS))
def test_the_top_level_lists_each_group_by_its_own_summary(name: str) -> None:
    result = runner.invoke(app, ["--help"])
    listed = dict(
        line.split(maxsplit=1)
        for line in result.stdout.split("Commands:")[1].splitlines()[1 : len(GROUPS) + 1]
    )
    assert listed[name] == GROUPS[name][1] == COMMANDS[(name,)].get_short_help_str(limit=60)
    usage = runner.invoke(app, [name, "--help"]).stdout
    assert usage.startswith(f"Usage: pmopath {name} [OPTIONS] COMMAND")


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


def test_options_of_the_roles_list_before_another_command_are_refused() -> None:
    result = runner.invoke(app, ["roles", "--json", "show", "PMO Manager"])
    assert result.exit_code == 2 and "go after the command: pmopath roles show" in result.output
    assert runner.invoke(app, ["roles", "show", "PMO Manager", "--json"]).exit_code == 0


@pytest.mark.parametrize(
    "old",
    ["role", "map", "paths", "gap", "assess", "target", "eligibility", "notifications"]
    + ["backup", "restore", "person", "plan", "reviews", "export", "digest"],
)
def test_verbs_no_longer_sit_beside_the_groups(old: str) -> None:
    result = runner.invoke(app, [old, "--help"])
    assert result.exit_code == 2 and "No such command" in result.output


COMMAND_WORDS = re.compile(r"(?<![\w/.])pmopath((?: [a-z][a-z-]*\b(?![@./]))+)")


def _mentioned(text: str) -> list[list[str]]:
    """The command words of every 'pmopath ...' in ``text``, up to the first argument."""
    return [match.group(1).split() for match in COMMAND_WORDS.finditer(text)]


def _check_named(words: list[str], where: str) -> None:
    path, command, rest = resolve(words)
    assert path, f"{where}: 'pmopath {' '.join(words)}' names no command"
    stray = rest[0] if isinstance(command, TyperGroup) and rest else None
    assert stray is None, f"{where}: 'pmopath {' '.join(words)}': no command '{stray}' there"


def test_the_readme_names_only_commands_that_exist() -> None:
    mentioned = _mentioned((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(mentioned) > 30
    for words in mentioned:
        _check_named(words, "README.md")
    named = {resolve(words)[0] for words in mentioned}
    leaves = {path for path, command in COMMANDS.items() if not isinstance(command, TyperGroup)}
    assert leaves <= named, f"README never shows: {sorted(' '.join(p) for p in leaves - named)}"


def test_the_changelog_maps_each_old_command_to_one_that_exists() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    pairs = re.findall(r"^\| `pmopath ([^`]*)` \| `pmopath ([^`]*)` \|", text, flags=re.MULTILINE)
    assert len(pairs) >= 20
    for old, new in pairs:
        (old_words,), (new_words,) = _mentioned(f"pmopath {old}"), _mentioned(f"pmopath {new}")
        _check_named(new_words, "CHANGELOG.md")
        assert resolve(old_words)[0] != tuple(old_words), f"'pmopath {old}' is still there"
