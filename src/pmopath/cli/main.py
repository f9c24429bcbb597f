"""The ``pmopath`` command: career map, roles, paths and gaps in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import find_paths, framework_for, load_assessment, sample_assessment
from pmopath.cli import assess as assess_command
from pmopath.cli import plan_commands, render, review_commands, store_commands
from pmopath.cli import serve as serve_command
from pmopath.cli.export_commands import digest_app, export_app
from pmopath.cli.framework_commands import framework_app
from pmopath.cli.options import DatabaseOption, JsonOption
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.cli.user_commands import users_app
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework
from pmopath.services.careers import views
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.roles import (
    describe_role,
    resolve_role,
    resolve_track,
    roles_by_track,
)
from pmopath.services.people import records as people

app = typer.Typer(
    name="pmopath",
    help="PMO Pathways: where a PMO career can go, what each route demands, and how far you are.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(framework_app, name="framework")
app.add_typer(store_commands.people_app, name="people")
app.add_typer(store_commands.db_app, name="db")
app.add_typer(store_commands.person_app, name="person")
app.add_typer(users_app, name="users")
app.add_typer(plan_commands.plan_app, name="plan")
plan_commands.plan_app.command("versions")(review_commands.versions)
plan_commands.plan_app.command("compare")(review_commands.compare)
plan_commands.plan_app.command("cadence")(review_commands.cadence)
reviews_app = typer.Typer(help="Plan reviews.", no_args_is_help=True)
reviews_app.command("overdue")(review_commands.overdue)
app.add_typer(reviews_app, name="reviews")
app.command("notifications")(review_commands.inbox)
app.add_typer(export_app, name="export")
app.add_typer(digest_app, name="digest")
app.command("target")(store_commands.target)
app.command("backup")(store_commands.backup)
app.command("restore")(store_commands.restore)
app.command("assess")(assess_command.assess)
app.command("serve")(serve_command.serve)
app.command("eligibility")(plan_commands.eligibility)

FrameworkOption = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        help="Framework file (YAML/JSON). Default: $PMOPATH_FRAMEWORK, else the shipped one.",
        dir_okay=False,
    ),
]
AssessmentOption = Annotated[
    Path | None,
    typer.Option("--assessment", "-a", help="Assessment file (YAML/JSON).", dir_okay=False),
]


def _assessment(path: Path | None, framework: Framework) -> Assessment | None:
    return load_assessment(path, framework) if path is not None else None


@app.command("roles")
@handles_errors
def roles(
    track: Annotated[str | None, typer.Option(help="Only roles of this track.")] = None,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List every role, by track and seniority."""
    fw = framework_for(framework)
    found = roles_by_track(fw)
    if track is not None:
        track_id = resolve_track(fw, track)
        found = [role for role in found if role.track == track_id]
    if as_json:
        emit_json(views.roles_view(fw, found))
    else:
        render.render_roles(console(), fw, found)


@app.command("role")
@handles_errors
def role(
    name: Annotated[str, typer.Argument(help="Role id, title or alias.")],
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a role: requirements, routes in and out, and suitable development actions."""
    fw = framework_for(framework)
    detail = describe_role(fw, name)
    if as_json:
        emit_json(views.role_detail_view(detail))
    else:
        render.render_role(console(), fw, detail)


@app.command("map")
@handles_errors
def career_map(framework: FrameworkOption = None, as_json: JsonOption = False) -> None:
    """Show the career map: roles by track and seniority, with the routes between them."""
    fw = framework_for(framework)
    if as_json:
        emit_json(views.career_map_view(fw, roles_by_track(fw)))
    else:
        render.render_career_map(console(), fw)


@app.command("paths")
@handles_errors
def paths(
    from_role: Annotated[str, typer.Option("--from", help="Starting role.")],
    to_role: Annotated[str, typer.Option("--to", help="Target role.")],
    assessment: AssessmentOption = None,
    k: Annotated[int, typer.Option("-k", help="How many routes.", min=1, max=50)] = 3,
    avoid: Annotated[
        list[str] | None,
        typer.Option("--avoid", help="A role or track to route around (repeatable)."),
    ] = None,
    max_steps: Annotated[
        int | None, typer.Option("--max-steps", help="At most this many moves.", min=1, max=50)
    ] = None,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find the best routes between two roles, ranked by expected months."""
    fw = framework_for(framework)
    person = _assessment(assessment, fw)
    source = resolve_role(fw, from_role)
    target = resolve_role(fw, to_role)
    found = find_paths(
        fw, source, target, assessment=person, k=k, avoid=avoid or [], max_steps=max_steps
    )
    if as_json:
        emit_json(views.paths_view(source, target, found))
    else:
        render.render_paths(console(), fw, source, target, found, personal=person is not None)


@app.command("gap")
@handles_errors
def gap(
    person: Annotated[
        str | None, typer.Argument(help="A stored person (e-mail or id): use their stored levels.")
    ] = None,
    role_name: Annotated[
        str | None,
        typer.Option("--role", help="Role to measure against (default: the primary target)."),
    ] = None,
    assessment: AssessmentOption = None,
    target: Annotated[
        float, typer.Option("--target", help="Readiness to reach (0-100).", min=0, max=100)
    ] = 80.0,
    framework: FrameworkOption = None,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the gaps and readiness for a role, and what gets you to the target.

    Either from a file (--role and --assessment) or from a stored PERSON's current levels.
    """
    if person is not None:
        store = closed_after_command(open_store(db, framework))
        fw = store.framework
        _, report = people.person_gap(store, person, role_name, target=target)
    else:
        if role_name is None or assessment is None:
            raise InvalidRequest("give a stored PERSON, or both --role and --assessment FILE")
        fw = framework_for(framework)
        report = analyse_gap(fw, role_name, load_assessment(assessment, fw), target=target)
    if as_json:
        emit_json(views.gap_view(report))
    else:
        render.render_gap(console(), fw, report)


@app.command("demo")
@handles_errors
def demo(framework: FrameworkOption = None, as_json: JsonOption = False) -> None:
    """The career map, then Sam's routes from PMO Administrator to Head of PMO (make run)."""
    fw = framework_for(framework)
    sam_roles = {"pmo_administrator", "head_of_pmo", "pmo_analyst"}
    sam = sample_assessment(fw) if sam_roles <= set(fw.roles_by_id) else None
    if as_json:
        emit_json(_demo_view(fw, sam))
        return
    out = console()
    render.render_career_map(out, fw)
    if sam is None:
        return
    out.print(
        Text.assemble(
            "\n",
            ("Sam", "bold"),
            " has been a PMO Administrator for 18 months and wonders how far Head of PMO is.",
        )
    )
    source, target = fw.role("pmo_administrator"), fw.role("head_of_pmo")
    found = find_paths(fw, source, target, assessment=sam)
    render.render_paths(out, fw, source, target, found, personal=True)
    render.render_gap(out, fw, analyse_gap(fw, "pmo_analyst", sam))
    out.print("\nTry:")
    for example in (
        "pmopath role 'PMO Manager'",
        "pmopath assess --role 'PMO Manager' --out me.yaml",
        "pmopath gap --role 'PMO Manager' --assessment me.yaml",
        "pmopath paths --from 'PMO Analyst' --to 'Head of PMO' --assessment me.yaml",
    ):
        out.print(f"  {example}", style="bold")


def _demo_view(fw: Framework, sam: Assessment | None) -> dict[str, object]:
    view: dict[str, object] = views.career_map_view(fw, roles_by_track(fw)).model_dump(mode="json")
    if sam is not None:
        source, target = fw.role("pmo_administrator"), fw.role("head_of_pmo")
        found = find_paths(fw, source, target, assessment=sam)
        view["sample_paths"] = views.paths_view(source, target, found)
        view["sample_gap"] = views.gap_view(analyse_gap(fw, "pmo_analyst", sam))
    return view


def run() -> None:
    """Console-script entry point."""
    app()
