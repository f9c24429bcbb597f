"""``pmopath framework``: the file format's schema, validation, O*NET import, and the framework
the database uses.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, cli_actor
from pmopath.cli.output import EXIT_BAD_INPUT, console, emit_json, handles_errors
from pmopath.domain.errors import FrameworkError, InvalidRequest, Problem

framework_app = typer.Typer(name="framework", rich_markup_mode=None, no_args_is_help=True)


@framework_app.callback()
def framework() -> None:
    """Framework files: schema, validate, import, activate.

    \b
    Example:
      pmopath framework validate my-framework.yaml
    """


class SchemaKind(StrEnum):
    FRAMEWORK = "framework"
    ASSESSMENT = "assessment"


@framework_app.command("schema")
@handles_errors
def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", help="Which file format.")
    ] = SchemaKind.FRAMEWORK,
    as_json: JsonOption = True,
) -> None:
    """Print the JSON Schema of framework or assessment files.

    \b
    Example:
      pmopath framework schema --kind assessment
    """
    from pmopath.bootstrap.files import assessment_schema, framework_schema

    emit_json(framework_schema() if kind is SchemaKind.FRAMEWORK else assessment_schema())


@framework_app.command("validate")
@handles_errors
def validate(
    file: Annotated[Path, typer.Argument(help="Framework file (YAML/JSON).", dir_okay=False)],
    as_json: JsonOption = False,
) -> None:
    """Check a framework file; list every problem located.

    Each problem as FILE:LINE:COL: message; exit 1 if there is any.

    \b
    Example:
      pmopath framework validate my-framework.yaml
    """
    from pmopath.bootstrap.files import load_framework

    out = console()
    try:
        framework = load_framework(file)
    except FrameworkError as error:
        if as_json:
            from pmopath.services.careers.views import problem_view

            problems = [problem_view(p) for p in error.problems]
            emit_json({"valid": False, "file": str(file), "problems": problems})
        else:
            sys.stdout.write("\n".join(_grouped_lines(error.problems)) + "\n")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    counts = {
        "roles": len(framework.roles),
        "competencies": len(framework.competencies),
        "transitions": len(framework.transitions),
        "actions": len(framework.actions),
    }
    if as_json:
        emit_json({"valid": True, "file": str(file), "id": framework.id, **counts})
    else:
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        out.print(f"{file}: valid ({framework.name} {framework.version}: {summary})")


def _grouped_lines(problems: Sequence[Problem]) -> list[str]:
    """Each distinct problem once, at its first place (FILE:LINE:COL), with how many places
    and their first lines when it repeats; then the count."""
    from pmopath.domain.problem_groups import grouped_problems

    groups = {g.message: g for g in grouped_problems(problems)}
    lines: list[str] = []
    for problem in problems:
        group = groups.pop(problem.message, None)
        if group is None:
            continue
        more = ""
        if group.count > 1:
            more = f" ({group.text().removeprefix(group.message).strip()})"
        lines.append(problem.located() + more)
    distinct = "" if len(lines) == len(problems) else f" ({len(lines)} distinct)"
    return [*lines, f"{len(problems)} problem(s) found.{distinct}"]


@framework_app.command("import-onet")
@handles_errors
def import_onet(
    directory: Annotated[Path, typer.Argument(help="Folder of O*NET text files.", file_okay=False)],
    out: Annotated[
        Path, typer.Option("--out", help="Framework file to write (YAML).", dir_okay=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """Convert O*NET's text files into a framework file.

    The framework is validated before it is written.

    \b
    Example:
      pmopath framework import-onet ../shared/data/onet-29.3-subset --out onet.json
    """
    from dataclasses import asdict

    from pmopath.bootstrap.files import import_onet_framework

    summary = import_onet_framework(directory, out)
    if as_json:
        emit_json({"out": str(out), **asdict(summary)})
    else:
        shown = console()
        for line in summary.lines():
            shown.print(line)
        shown.print(f"Wrote {out}")


@framework_app.command("activate")
@handles_errors
def activate(
    file: Annotated[
        Path | None, typer.Argument(help="The new framework file (YAML/JSON).", dir_okay=False)
    ] = None,
    shipped: Annotated[
        bool,
        typer.Option("--shipped", help="The framework this version ships (instead of a file)."),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="Renames: {roles|competencies|actions: {old: new}}.", dir_okay=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change; activate nothing.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make a framework file the database's active one.

    Shows what changed; refuses a change that would orphan stored data.

    With --shipped, the framework this version of PMO Pathways ships (to move a database to
    a new edition, such as 2027.1).

    \b
    Example:
      pmopath framework activate next.yaml --mapping renames.yaml --dry-run
      pmopath framework activate --shipped --dry-run
    """
    from pmopath.bootstrap.files import SHIPPED, activate_framework_file
    from pmopath.cli.render import render_framework_change

    if (file is None) == (not shipped):
        raise InvalidRequest("give a framework file or --shipped (one of them)")
    chosen = file if file is not None else SHIPPED
    change = activate_framework_file(db, chosen, mapping, actor=cli_actor(), dry_run=dry_run)
    view = {
        "activated": not dry_run,
        "added": change.added,
        "removed": change.removed,
        "renamed": change.renamed,
    }
    if as_json:
        emit_json(view)
        return
    render_framework_change(console(), change)
    console().print(
        "Dry run: nothing was changed."
        if dry_run
        else f"{file or 'The shipped framework'} is now the active framework."
    )
