"""``pmopath calibration``: flags, calibrated levels and calibration sessions, for scripts.

Only Typer is imported here: each command imports what it needs when it runs. The command line
acts as the local operator (an admin), as every other command does.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, PersonArgument, cli_actor, stored
from pmopath.cli.output import console, emit_json, handles_errors

calibration_app = typer.Typer(name="calibration", rich_markup_mode=None, no_args_is_help=True)

Team = Annotated[str, typer.Option("--team", help="A team's name.")]
Manager = Annotated[str, typer.Option("--manager", help="A manager (e-mail or id): their tree.")]
Role = Annotated[str, typer.Option("--role", help="A role id: everyone in it.")]
SessionId = Annotated[int, typer.Argument(help="The session's number.", min=1)]


@calibration_app.callback()
def calibration() -> None:
    """Disagreeing levels, calibrated levels, sessions.

    \b
    Example:
      pmopath calibration flags --team Reporting --json
    """


def _group(team: str, manager: str, role: str) -> tuple[str, str]:
    """The one group named (kind, reference); InvalidRequest unless exactly one is given."""
    from pmopath.domain.errors import InvalidRequest

    given = [(k, v) for k, v in (("team", team), ("manager", manager), ("role", role)) if v]
    if len(given) != 1:
        raise InvalidRequest("--team: name one group: --team, --manager or --role")
    return given[0]


@calibration_app.command("flags")
@handles_errors
def flags(
    team: Team = "",
    manager: Manager = "",
    role: Role = "",
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """List a group's levels two or more apart.

    Self, manager, peer, evidence and feedback levels that disagree by two levels or more
    and have not been calibrated since; the widest first.

    \b
    Example:
      pmopath calibration flags --manager maria@example.org --json
    """
    from pmopath.domain.calibration import GroupKind
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import flags as calibration_flags
    from pmopath.services.calibration.views import flags_view

    kind, reference = _group(team, manager, role)
    store = stored(db)
    report = calibration_flags.team_flags(
        store, viewer=SYSTEM, kind=GroupKind(kind), reference=reference
    )
    if as_json:
        emit_json(flags_view(report))
        return
    out = console()
    out.print(
        f"{len(report.flags)} open in {report.group.label} ({len(report.group.people)} people)."
    )
    names = store.framework.competencies_by_id
    for flag in report.flags:
        given = ", ".join(f"{source} {level}" for source, level in flag.row.given().items())
        out.print(f"{flag.person.name}: {names[flag.row.competency].name}: {given}")


@calibration_app.command("show")
@handles_errors
def show(person: PersonArgument, db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Show a person's sources side by side and decisions.

    \b
    Example:
      pmopath calibration show sam@example.org --json
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import decisions
    from pmopath.services.calibration.views import person_calibration_view

    store = stored(db)
    found = person_calibration_view(decisions.person_calibration(store, person, viewer=SYSTEM))
    if as_json:
        emit_json(found)
        return
    out = console()
    for row in found.levels:
        flag = "  apart" if row.flagged else ""
        out.print(
            f"{row.competency}: self {row.self_level}, manager {row.manager_level}, "
            f"current {row.current}{flag}"
        )
    for d in found.decisions:
        out.print(
            f"{d.decided_at:%Y-%m-%d} {d.competency}: {d.previous_level} -> {d.level}: {d.reason}"
        )


@calibration_app.command("record")
@handles_errors
def record(
    person: PersonArgument,
    competency: Annotated[str, typer.Argument(help="The competency's id.")],
    level: Annotated[int, typer.Argument(help="The calibrated level.")],
    reason: Annotated[str, typer.Option("--reason", help="Why this is the level (required).")],
    session: Annotated[
        int | None, typer.Option("--session", help="The open session it is decided in.")
    ] = None,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a calibrated level with its reason.

    It becomes the person's current level; earlier decisions are kept.

    \b
    Example:
      pmopath calibration record sam@example.org data_analysis 3 \\
        --reason "Two reports reviewed with the team"
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import decisions
    from pmopath.services.calibration.views import decision_view
    from pmopath.services.people.access import names_of

    store = stored(db)
    made = decisions.record_calibration(
        store,
        person,
        competency,
        level,
        reason,
        viewer=SYSTEM,
        actor=cli_actor(),
        session_id=session,
    )
    if as_json:
        named = {made.person_id, made.decided_by_id or made.person_id}
        emit_json(decision_view(made, names_of(store.unit_of_work, named)))
        return
    console().print(
        f"Calibrated {competency} at {made.level} for {person} "
        f"(was {made.previous_level if made.previous_level is not None else 'none'})."
    )


@calibration_app.command("sessions")
@handles_errors
def sessions(db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """List calibration sessions, newest first.

    \b
    Example:
      pmopath calibration sessions --json
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import sessions as calibration_sessions
    from pmopath.services.calibration.views import sessions_view

    found = sessions_view(calibration_sessions.list_sessions(stored(db), viewer=SYSTEM))
    if as_json:
        emit_json(found)
        return
    for s in found.data:
        state = "open" if s.is_open else f"closed {s.closed_at:%Y-%m-%d}"
        console().print(f"#{s.id} {s.name} ({s.kind.value} {s.group}), {state}")


@calibration_app.command("open")
@handles_errors
def open_session(
    name: Annotated[str, typer.Argument(help="The session's name.")],
    team: Team = "",
    manager: Manager = "",
    role: Role = "",
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open a calibration session over a group.

    \b
    Example:
      pmopath calibration open "Reporting, first quarter" --team Reporting
    """
    from pmopath.domain.calibration import GroupKind
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import sessions as calibration_sessions
    from pmopath.services.calibration.views import session_view

    kind, reference = _group(team, manager, role)
    opened = calibration_sessions.open_session(
        stored(db), name, GroupKind(kind), reference, viewer=SYSTEM, actor=cli_actor()
    )
    if as_json:
        emit_json(session_view(opened))
        return
    console().print(f"Opened session #{opened.id}: {opened.name}.")


@calibration_app.command("session")
@handles_errors
def session_report(
    session_id: SessionId, db: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """Show a session: spread, outliers, flags, decisions.

    \b
    Example:
      pmopath calibration session 1 --json
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import sessions as calibration_sessions
    from pmopath.services.calibration.views import session_report_view

    report = session_report_view(
        calibration_sessions.session_report(stored(db), session_id, viewer=SYSTEM)
    )
    if as_json:
        emit_json(report)
        return
    out = console()
    out.print(f"{report.session.name}: {report.group}, {report.people} people.")
    for o in report.outliers:
        out.print(f"Outlier: {o.name}, {o.competency} at {o.level} (median {o.median})")
    out.print(f"{len(report.flags)} open flags; {len(report.decisions)} decisions.")
    for d in report.decisions:
        out.print(f"{d.person}: {d.competency} {d.previous_level} -> {d.level} by {d.decided_by}")


@calibration_app.command("close")
@handles_errors
def close(session_id: SessionId, db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Close a calibration session.

    \b
    Example:
      pmopath calibration close 1
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.calibration import sessions as calibration_sessions
    from pmopath.services.calibration.views import session_view

    closed = calibration_sessions.close_session(
        stored(db), session_id, viewer=SYSTEM, actor=cli_actor()
    )
    if as_json:
        emit_json(session_view(closed))
        return
    console().print(f"Closed session #{closed.id}: {closed.name}.")
