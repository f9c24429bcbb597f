"""``pmopath framework``: the file format's schema, validation, and O*NET import."""

from __future__ import annotations

import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmopath.bootstrap.files import (
    activate_framework_file,
    assessment_schema,
    framework_schema,
    import_onet_framework,
    load_framework,
)
from pmopath.cli import render
from pmopath.cli.options import JsonOption, cli_actor
from pmopath.cli.output import EXIT_BAD_INPUT, console, emit_json, handles_errors
from pmopath.domain.errors import FrameworkError
from pmopath.services.careers.views import problem_view

framework_app = typer.Typer(
    help="Framework files: schema, validation, O*NET import.", no_args_is_help=True
)


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
    """Print the JSON Schema of framework (or assessment) files."""
    emit_json(framework_schema() if kind is SchemaKind.FRAMEWORK else assessment_schema())


@framework_app.command("validate")
@handles_errors
def validate(
    file: Annotated[Path, typer.Argument(help="Framework file (YAML/JSON).", dir_okay=False)],
    as_json: JsonOption = False,
) -> None:
    """Check a framework file; print every problem as FILE:LINE:COL: message (exit 1 if any)."""
    out = console()
    try:
        framework = load_framework(file)
    except FrameworkError as error:
        if as_json:
            problems = [problem_view(p) for p in error.problems]
            emit_json({"valid": False, "file": str(file), "problems": problems})
        else:
            lines = [problem.located() for problem in error.problems]
            sys.stdout.write("\n".join([*lines, f"{len(lines)} problem(s) found."]) + "\n")
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


@framework_app.command("import-onet")
@handles_errors
def import_onet(
    directory: Annotated[Path, typer.Argument(help="Folder of O*NET text files.", file_okay=False)],
    out: Annotated[
        Path, typer.Option("--out", help="Framework file to write (YAML).", dir_okay=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """Convert the O*NET database's text files into a framework file that validates."""
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
        Path, typer.Argument(help="The new framework file (YAML/JSON).", dir_okay=False)
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="Renames: {roles|competencies|actions: {old: new}}.", dir_okay=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change; activate nothing.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL. Default: $PMOPATH_DATABASE_URL, else SQLite."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Make FILE the active framework: shows what changed; refuses to orphan stored data."""
    change = activate_framework_file(db, file, mapping, actor=cli_actor(), dry_run=dry_run)
    view = {
        "activated": not dry_run,
        "added": change.added,
        "removed": change.removed,
        "renamed": change.renamed,
    }
    if as_json:
        emit_json(view)
        return
    render.render_framework_change(console(), change)
    console().print(
        "Dry run: nothing was changed." if dry_run else f"{file} is now the active framework."
    )
