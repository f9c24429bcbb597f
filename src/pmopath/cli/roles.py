"""``pmopath roles``: the framework's roles, the career map, routes between roles, and a gap or a
self-assessment against a role, from files (nothing stored).

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli.options import AssessmentOption, FrameworkOption, JsonOption
from pmopath.cli.output import console, emit_json, handles_errors

roles_app = typer.Typer(name="roles", rich_markup_mode=None, no_args_is_help=False)

RoleArgument = Annotated[str, typer.Argument(help="Role id, title or alias.")]
TrackOption = Annotated[str | None, typer.Option(help="Only roles of this track.")]


@roles_app.callback(invoke_without_command=True)
@handles_errors
def roles(
    ctx: typer.Context,
    track: TrackOption = None,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """The framework's roles, career map, routes and gaps.

    Without a command, lists the roles (as 'pmopath roles list').

    \b
    Example:
      pmopath roles --track pmo
    """
    if ctx.invoked_subcommand is None:
        _list_roles(track, framework, as_json=as_json)
    elif track is not None or framework is not None or as_json:
        raise typer.BadParameter(
            "--track, --framework and --json go after the command: "
            f"pmopath roles {ctx.invoked_subcommand} ... --json",
            ctx=ctx,
        )


@roles_app.command("list")
@handles_errors
def list_roles(
    track: TrackOption = None, framework: FrameworkOption = None, as_json: JsonOption = False
) -> None:
    """List every role, by track and seniority.

    \b
    Example:
      pmopath roles list --track delivery --json
    """
    _list_roles(track, framework, as_json=as_json)


def _list_roles(track: str | None, framework: Path | None, *, as_json: bool) -> None:
    from pmopath.bootstrap.files import framework_for
    from pmopath.services.careers.roles import resolve_track, roles_by_track

    fw = framework_for(framework)
    found = roles_by_track(fw)
    if track is not None:
        track_id = resolve_track(fw, track)
        found = [role for role in found if role.track == track_id]
    if as_json:
        from pmopath.services.careers.views import roles_view

        emit_json(roles_view(fw, found))
    else:
        from pmopath.cli import render

        render.render_roles(console(), fw, found)


@roles_app.command("show")
@handles_errors
def show_role(
    name: RoleArgument, framework: FrameworkOption = None, as_json: JsonOption = False
) -> None:
    """Show a role: requirements, routes and actions.

    Its required levels, the routes in and out, and the development actions that suit it.

    \b
    Example:
      pmopath roles show "Director of PMO"
    """
    from pmopath.bootstrap.files import framework_for
    from pmopath.services.careers.roles import describe_role

    fw = framework_for(framework)
    detail = describe_role(fw, name)
    if as_json:
        from pmopath.services.careers.views import role_detail_view

        emit_json(role_detail_view(detail, fw.rules.awareness_level))
    else:
        from pmopath.cli import render

        render.render_role(console(), fw, detail)


@roles_app.command("map")
@handles_errors
def career_map(framework: FrameworkOption = None, as_json: JsonOption = False) -> None:
    """Show the career map: roles by track and seniority.

    Each role with the routes onward from it and their typical months.

    \b
    Example:
      pmopath roles map
    """
    from pmopath.bootstrap.files import framework_for

    fw = framework_for(framework)
    if as_json:
        from pmopath.services.careers.roles import roles_by_track
        from pmopath.services.careers.views import career_map_view

        emit_json(career_map_view(fw, roles_by_track(fw)))
    else:
        from pmopath.cli import render

        render.render_career_map(console(), fw)


@roles_app.command("paths")
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
    """Find the best routes between two roles.

    Ranked by expected months.

    With --assessment the months are worked out for you: your levels and time in role.

    \b
    Example:
      pmopath roles paths --from "PMO Administrator" --to "Head of PMO" -a me.yaml
    """
    from pmopath.bootstrap.files import framework_for, load_assessment
    from pmopath.services.careers.paths import find_paths
    from pmopath.services.careers.roles import resolve_role

    fw = framework_for(framework)
    person = load_assessment(assessment, fw) if assessment is not None else None
    source = resolve_role(fw, from_role)
    target = resolve_role(fw, to_role)
    found = find_paths(
        fw, source, target, assessment=person, k=k, avoid=avoid or [], max_steps=max_steps
    )
    if as_json:
        from pmopath.services.careers.views import paths_view

        emit_json(paths_view(source, target, found))
    else:
        from pmopath.cli import render

        render.render_paths(console(), fw, source, target, found, personal=person is not None)


TargetOption = Annotated[
    float, typer.Option("--target", help="Readiness to reach (0-100).", min=0, max=100)
]


@roles_app.command("gap")
@handles_errors
def gap(
    role: RoleArgument,
    assessment: Annotated[
        Path,
        typer.Option("--assessment", "-a", help="Assessment file (YAML/JSON).", dir_okay=False),
    ],
    target: TargetOption = 80.0,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your gaps and readiness for a role, from a file.

    What helps most, and the fewest level raises that reach the target.

    For a stored person's levels, use 'pmopath people gap'.

    \b
    Example:
      pmopath roles gap "PMO Manager" --assessment me.yaml --target 80
    """
    from pmopath.bootstrap.files import framework_for, load_assessment
    from pmopath.cli.render import show_gap
    from pmopath.services.careers.gaps import analyse_gap

    fw = framework_for(framework)
    report = analyse_gap(fw, role, load_assessment(assessment, fw), target=target)
    show_gap(fw, report, as_json=as_json)


@roles_app.command("closest")
@handles_errors
def closest(
    assessment: Annotated[
        Path,
        typer.Option("--assessment", "-a", help="Assessment file (YAML/JSON).", dir_okay=False),
    ],
    limit: Annotated[int, typer.Option("--limit", help="How many roles.", min=1, max=50)] = 5,
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """The roles you are closest to: readiness and when.

    Your current role and roles below its seniority are left out.

    \b
    Example:
      pmopath roles closest --assessment me.yaml
    """
    from pmopath.bootstrap.files import framework_for, load_assessment
    from pmopath.cli.render import show_closest_roles
    from pmopath.services.careers.gaps import closest_roles

    fw = framework_for(framework)
    reports = closest_roles(fw, load_assessment(assessment, fw), limit=limit)
    show_closest_roles(fw, reports, as_json=as_json)


@roles_app.command("assess")
@handles_errors
def assess(
    role: RoleArgument,
    out: Annotated[
        Path,
        typer.Option("--out", help="Assessment file to write (.yaml or .json).", dir_okay=False),
    ],
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
    framework: FrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Assess yourself against a role, into a file.

    One competency at a time, each with the anchors of its levels.

    Each competency is shown with the anchors of its levels; the file is then measured against
    the role. To record an assessment of a stored person, use 'pmopath people assess'.

    \b
    Example:
      pmopath roles assess "PMO Manager" --out me.yaml --current-role "PMO Analyst"
    """
    from pmopath.cli.guided_assessment import guided_assessment

    guided_assessment(
        role,
        out,
        previous,
        every_competency=every_competency,
        current_role=current_role,
        months_in_role=months_in_role,
        force=force,
        framework=framework,
        as_json=as_json,
    )
