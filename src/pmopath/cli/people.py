"""``pmopath people``: stored people, their assessments, targets and data (export, erase); the
commands on what a person has reached and what is due are in ``people_progress``.

Only Typer and the domain's enums are imported here: each command imports what it needs when it
runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli import people_cv, people_history, people_progress
from pmopath.cli.options import (
    DatabaseOption,
    JsonOption,
    PersonArgument,
    StoreFrameworkOption,
    cli_actor,
    stored,
)
from pmopath.cli.output import (
    console,
    emit_json,
    handles_errors,
)
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AssessmentSource

people_app = typer.Typer(name="people", rich_markup_mode=None, no_args_is_help=True)


@people_app.callback()
def people() -> None:
    """Stored people, their assessments, targets and data.

    \b
    Example:
      pmopath people import people.csv --db postgresql+psycopg://postgres@127.0.0.1/pmopath
    """


@people_app.command("list")
@handles_errors
def list_people(
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored people, by name.

    \b
    Example:
      pmopath people list --team PMO
    """
    from pmopath.services.people import records

    store = stored(db, framework)
    found = records.list_people(store, team=team)
    if as_json:
        from pmopath.services.people.views import people_view

        emit_json(people_view(found))
    else:
        from pmopath.cli.render_records import render_people

        render_people(console(), store.framework, found)


@people_app.command("show")
@handles_errors
def show_person(
    person: PersonArgument,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a person: manager, history, levels, targets.

    \b
    Example:
      pmopath people show sam@example.org
    """
    from pmopath.services.people import records

    store = stored(db, framework)
    record = records.show_person(store, person)
    if as_json:
        from pmopath.services.people.views import record_view

        emit_json(record_view(record))
    else:
        from pmopath.cli.render_records import render_person

        render_person(console(), store.framework, record)


@people_app.command("import")
@handles_errors
def import_people(
    file: Annotated[
        Path, typer.Argument(help="CSV: email,name,current_role,role_since,manager_email,team")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import people from a CSV file (all rows or none).

    Every row is checked first; any bad row means nothing is imported.

    \b
    Example:
      pmopath people import people.csv --dry-run
    """
    from pmopath.bootstrap.files import import_people_file

    report = import_people_file(stored(db, framework), file, actor=cli_actor(), dry_run=dry_run)
    if as_json:
        from pmopath.services.people.views import import_view

        emit_json(import_view(report))
        return
    out = console()
    verb = "Would import" if dry_run else "Imported"
    out.print(
        f"{verb} {len(report.created) + len(report.updated) + len(report.unchanged)} people: "
        f"{len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )
    if report.ignored_columns:
        out.print(f"Ignored column(s): {', '.join(report.ignored_columns)}")


@people_app.command("assess")
@handles_errors
def assess(
    person: PersonArgument,
    from_file: Annotated[
        Path, typer.Option("--from", help="The assessment file to record.", dir_okay=False)
    ],
    source: Annotated[
        AssessmentSource, typer.Option("--source", help="Who gave the ratings.")
    ] = AssessmentSource.SELF,
    assessor: Annotated[
        str | None, typer.Option("--assessor", help="The assessor (e-mail or id), if stored.")
    ] = None,
    note: Annotated[
        str, typer.Option("--note", help="A note kept with the assessment.", max=2000)
    ] = "",
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record an assessment of a person from a file.

    Assessments are kept, never overwritten.

    To assess yourself into a file first, use 'pmopath roles assess'.

    \b
    Example:
      pmopath people assess sam@example.org --from sam.yaml --source manager \\
        --assessor maria@example.org
    """
    from pmopath.bootstrap.files import load_assessment
    from pmopath.services.people import records

    store = stored(db, framework)
    assessment = load_assessment(from_file, store.framework)
    recorded = records.record_assessment(
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


@people_app.command("target")
@handles_errors
def target(
    person: PersonArgument,
    role: Annotated[str, typer.Argument(help="Role id, title or alias.")],
    secondary: Annotated[
        bool, typer.Option("--secondary", help="Add as a further, not the primary, target.")
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set a person's target role.

    The primary target unless --secondary.

    \b
    Example:
      pmopath people target sam@example.org "PMO Analyst"
    """
    from pmopath.services.people import records

    store = stored(db, framework)
    found = records.set_target(store, person, role, actor=cli_actor(), primary=not secondary)
    if as_json:
        from pmopath.services.people.views import record_view

        emit_json(record_view(records.show_person(store, str(found.id))))
    else:
        kind = "a further" if secondary else "the primary"
        console().print(f"{found.name}: {role} is now {kind} target.")


@people_app.command("export")
@handles_errors
def export_person(
    person: PersonArgument,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file, not stdout.", dir_okay=False)
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
) -> None:
    """Everything stored about a person, as JSON.

    For a data-subject access request.

    \b
    Example:
      pmopath people export sam@example.org --out sam.json
    """
    from pmopath.services.people import privacy

    data = privacy.export_person(stored(db, framework), person, actor=cli_actor())
    if out is None:
        emit_json(data)
    else:
        from pmopath.bootstrap.files import save_json

        save_json(out, data)
        console().print(f"Wrote {out}.")


@people_app.command("erase")
@handles_errors
def erase_person(
    person: PersonArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase a person's personal data (figures stay).

    Anonymous figures and a consistent audit trail are kept.

    \b
    Example:
      pmopath people erase sam@example.org --yes
    """
    if not yes:
        raise InvalidRequest("erasing cannot be undone: run again with --yes to confirm")
    from pmopath.services.people import privacy

    erased = privacy.erase_person(stored(db, framework), person, actor=cli_actor())
    if as_json:
        emit_json({"erased": erased})
    else:
        console().print(f"Erased the personal data of person #{erased}.")


for _name, _command in (
    *people_progress.COMMANDS,
    *people_history.COMMANDS,
    *people_cv.COMMANDS,
):
    people_app.command(_name)(_command)
