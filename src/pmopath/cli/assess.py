"""``pmopath assess``: a guided self-assessment, one competency at a time, with its anchors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import framework_for, load_assessment, save_assessment
from pmopath.cli import render
from pmopath.cli.options import cli_actor
from pmopath.cli.output import (
    closed_after_command,
    console,
    emit_json,
    error_console,
    handles_errors,
)
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Competency, Framework, Role
from pmopath.domain.people import AssessmentSource
from pmopath.services.careers import views
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.roles import resolve_role
from pmopath.services.people import records as people

SUFFIXES = (".yaml", ".yml", ".json")


@handles_errors
def assess(
    person: Annotated[
        str | None,
        typer.Argument(help="A stored person (e-mail or id) to record the assessment for."),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="Assessment file to record for PERSON.", dir_okay=False),
    ] = None,
    source: Annotated[
        AssessmentSource, typer.Option("--source", help="Who gave the ratings.")
    ] = AssessmentSource.SELF,
    assessor: Annotated[
        str | None, typer.Option("--assessor", help="The assessor (e-mail or id), if stored.")
    ] = None,
    note: Annotated[
        str, typer.Option("--note", help="A note kept with the assessment.", max=2000)
    ] = "",
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL. Default: $PMOPATH_DATABASE_URL, else SQLite."),
    ] = None,
    role_name: Annotated[
        str | None, typer.Option("--role", help="The role to assess yourself against.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Assessment file to write (.yaml or .json).", dir_okay=False),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous", help="An earlier assessment: its levels are the defaults.", dir_okay=False
        ),
    ] = None,
    every_competency: Annotated[
        bool, typer.Option("--all", help="Ask about every competency, not just the role's.")
    ] = False,
    current_role: Annotated[str | None, typer.Option(help="Your current role.")] = None,
    months_in_role: Annotated[
        int | None, typer.Option(help="Months in your current role.", min=0, max=720)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    framework: Annotated[
        Path | None, typer.Option("--framework", help="Framework file (YAML/JSON).", dir_okay=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Record PERSON's assessment from a file (--from), or assess yourself (--role, --out).

    With --role and --out: a guided self-assessment, one competency at a time with the anchors
    of each level, written to an assessment file.
    """
    if person is not None and from_file is not None:
        _record(person, from_file, source, assessor, note, db, framework, as_json=as_json)
        return
    if role_name is None or out is None:
        raise InvalidRequest(
            "give PERSON --from FILE to record an assessment, "
            "or --role ROLE --out FILE for a guided self-assessment"
        )
    _guided(
        role_name,
        out,
        previous,
        every_competency,
        current_role,
        months_in_role,
        force=force,
        framework=framework,
        as_json=as_json,
    )


def _record(
    person: str,
    from_file: Path,
    source: AssessmentSource,
    assessor: str | None,
    note: str,
    db: str | None,
    framework: Path | None,
    *,
    as_json: bool,
) -> None:
    store = closed_after_command(open_store(db, framework))
    assessment = load_assessment(from_file, store.framework)
    recorded = people.record_assessment(
        store, person, assessment, source, actor=cli_actor(), assessor=assessor, note=note
    )
    if as_json:
        emit_json(
            {
                "id": recorded.id,
                "person_id": recorded.person_id,
                "source": source.value,
                "levels": dict(recorded.levels),
                "assessed_at": recorded.assessed_at.isoformat(),
            }
        )
    else:
        console().print(
            f"Recorded a {source.value} assessment of {len(recorded.levels)} competencies "
            f"for {person} (#{recorded.id})."
        )


def _guided(
    role_name: str,
    out: Path,
    previous: Path | None,
    every_competency: bool,
    current_role: str | None,
    months_in_role: int | None,
    *,
    force: bool,
    framework: Path | None,
    as_json: bool,
) -> None:
    if out.suffix.lower() not in SUFFIXES:
        raise InvalidRequest(f"--out must end in .yaml, .yml or .json, not '{out.name}'")
    if out.exists() and not force:
        raise InvalidRequest(f"{out} already exists; use --force to overwrite it")
    folder = out.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise InvalidRequest(f"cannot write {out}: {folder} is not a folder you can write to")
    fw = framework_for(framework)
    role = resolve_role(fw, role_name)
    earlier = load_assessment(previous, fw) if previous else None
    resolved_current = resolve_role(fw, current_role).id if current_role else None
    ui = error_console() if as_json else console()
    levels = _ask_levels(
        ui, fw, role, earlier, every_competency=every_competency, to_stderr=as_json
    )
    base = earlier or Assessment()
    assessment = Assessment(
        {**base.levels, **levels},
        resolved_current or base.current_role,
        months_in_role if months_in_role is not None else base.months_in_role,
        base.certifications,
    )
    save_assessment(out, assessment)
    report = analyse_gap(fw, role, assessment)
    if as_json:
        gap = views.gap_view(report).model_dump(mode="json")
        emit_json({"out": str(out), "levels": levels, **gap})
        return
    ui.print(f"\nSaved to {out}.")
    render.render_gap(ui, fw, report)


def _ask_levels(
    ui: Console,
    fw: Framework,
    role: Role,
    earlier: Assessment | None,
    *,
    every_competency: bool,
    to_stderr: bool,
) -> dict[str, int]:
    """Walk through the competencies one at a time, showing each level's anchor."""
    wanted = role.required_levels
    competencies = [c for c in fw.competencies if every_competency or c.id in wanted]
    ui.print(
        Text.assemble(
            (f"Self-assessment against {role.title}", "bold"),
            f": {len(competencies)} competencies. For each, pick the level whose description "
            "sounds most like you today.",
        )
    )
    levels: dict[str, int] = {}
    for number, competency in enumerate(competencies, start=1):
        default = earlier.level(competency.id) if earlier else 0
        _show_competency(ui, fw, competency, wanted.get(competency.id), number, len(competencies))
        levels[competency.id] = _ask_level(ui, fw, default, to_stderr=to_stderr)
        if earlier and levels[competency.id] != default:
            ui.print(f"  changed since last time: {default} → {levels[competency.id]}")
    return levels


def _ask_level(ui: Console, fw: Framework, default: int, *, to_stderr: bool) -> int:
    low, high = fw.scale.minimum, fw.scale.maximum
    while True:
        answer: int = typer.prompt("Your level", default=default, type=int, err=to_stderr)
        if low <= answer <= high:
            return answer
        ui.print(f"Please choose a level from {low} to {high}.")


def _show_competency(
    ui: Console,
    fw: Framework,
    competency: Competency,
    required: int | None,
    number: int,
    total: int,
) -> None:
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("Level", justify="right")
    table.add_column("Label")
    table.add_column("Looks like")
    for entry in fw.scale.levels:
        anchor = competency.anchors.get(entry.level, entry.description)
        marker = " ← role needs" if required == entry.level else ""
        table.add_row(str(entry.level), entry.label + marker, anchor)
    title = f"{number}/{total} {competency.name}"
    ui.print(Panel(table, title=title, subtitle=competency.description or None, title_align="left"))
