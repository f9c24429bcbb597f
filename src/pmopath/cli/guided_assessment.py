"""``pmopath roles assess``: a guided self-assessment, one competency at a time, with its anchors.

Imported when the command runs (it loads Rich, the file parsers and the services).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmopath.bootstrap.files import framework_for, load_assessment, save_assessment
from pmopath.cli import render
from pmopath.cli.output import console, emit_json, error_console, jsonable
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Competency, Framework, Role
from pmopath.services.careers import views
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.roles import resolve_role

SUFFIXES = (".yaml", ".yml", ".json")


def guided_assessment(
    role_name: str,
    out: Path,
    previous: Path | None,
    *,
    every_competency: bool,
    current_role: str | None,
    months_in_role: int | None,
    force: bool,
    framework: Path | None,
    as_json: bool,
) -> None:
    """Ask for a level of each of the role's competencies (or all, ``every_competency``), write
    the assessment file ``out``, then show the gap to the role.

    Refuses, before asking anything, an ``out`` that exists (unless ``force``), has the wrong
    suffix or lies in a folder that cannot be written to.
    """
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
        emit_json({"out": str(out), "levels": levels, **jsonable(views.gap_view(report))})
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
