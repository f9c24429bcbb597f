"""Commands on stored data: people, targets and the database itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pmopath.bootstrap.database import (
    backup_database,
    open_store,
    restore_database,
    upgrade_database,
)
from pmopath.bootstrap.files import import_people_file, save_json
from pmopath.cli.options import DatabaseOption, JsonOption, StoreFrameworkOption, cli_actor
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.domain.errors import InvalidRequest
from pmopath.services.people import privacy
from pmopath.services.people import records as people
from pmopath.services.people import views as store_views

people_app = typer.Typer(help="People: import from CSV, list, show.", no_args_is_help=True)
db_app = typer.Typer(help="The database: create and migrate.", no_args_is_help=True)


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
    """Import people from CSV: every row is checked first; any bad row means nothing is imported."""
    store = closed_after_command(open_store(db, framework))
    report = import_people_file(store, file, actor=cli_actor(), dry_run=dry_run)
    if as_json:
        emit_json(store_views.import_view(report))
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


@people_app.command("list")
@handles_errors
def list_people(
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored people."""
    store = closed_after_command(open_store(db, framework))
    found = people.list_people(store, team=team)
    if as_json:
        emit_json(store_views.people_view(found))
        return
    table = Table(title=f"People ({len(found)})", title_justify="left")
    for column in ("Id", "Name", "E-mail", "Role", "Team"):
        table.add_column(column)
    for person in found:
        role = store.framework.roles_by_id.get(person.role or "")
        table.add_row(
            str(person.id),
            person.name,
            person.email or "",
            role.title if role else (person.role or ""),
            person.team or "",
        )
    console().print(table)


@people_app.command("show")
@handles_errors
def show_person(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one person: manager, role history, current levels and targets."""
    store = closed_after_command(open_store(db, framework))
    record = people.show_person(store, person)
    if as_json:
        emit_json(store_views.record_view(record))
        return
    out = console()
    p = record.person
    role = store.framework.roles_by_id.get(p.role or "")
    out.print(f"{p.name} <{p.email}>", style="bold")
    out.print(
        f"Role: {role.title if role else p.role or '—'}"
        + (f" since {p.role_since}" if p.role_since else "")
    )
    out.print(f"Team: {p.team or '—'}; manager: {record.manager.name if record.manager else '—'}")
    targets = ", ".join(f"{t.role}{' (primary)' if t.is_primary else ''}" for t in record.targets)
    out.print(f"Targets: {targets or '—'}; assessments recorded: {record.assessments}")
    if record.levels:
        table = Table(title="Current levels", title_justify="left")
        table.add_column("Competency")
        table.add_column("Level")
        for competency, level in sorted(record.levels.items()):
            c = store.framework.competencies_by_id.get(competency)
            table.add_row(c.name if c else competency, str(level))
        out.print(table)


@handles_errors
def target(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    role: Annotated[str, typer.Argument(help="Role id, title or alias.")],
    secondary: Annotated[
        bool, typer.Option("--secondary", help="Add as a further, not the primary, target.")
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set a person's target role (primary unless --secondary)."""
    store = closed_after_command(open_store(db, framework))
    found = people.set_target(store, person, role, actor=cli_actor(), primary=not secondary)
    record = people.show_person(store, str(found.id))
    if as_json:
        emit_json(store_views.record_view(record))
    else:
        kind = "a further" if secondary else "the primary"
        console().print(f"{found.name}: {role} is now {kind} target.")


@db_app.command("upgrade")
@handles_errors
def upgrade(db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Create the database or bring it to the newest schema (safe to run again)."""
    url, applied = upgrade_database(db)
    if as_json:
        emit_json({"database": url, "upgraded": applied})
    else:
        console().print(f"{url}: {'upgraded' if applied else 'already up to date'}.")


@handles_errors
def backup(
    file: Annotated[Path, typer.Argument(help="Archive to write (JSON).", dir_okay=False)],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write everything in the database to a portable, versioned JSON archive."""
    counts = backup_database(db, file)
    if as_json:
        emit_json({"file": str(file), "rows": counts})
    else:
        console().print(f"Wrote {file}: {sum(counts.values())} rows in {len(counts)} tables.")


@handles_errors
def restore(
    file: Annotated[
        Path, typer.Argument(help="Archive written by 'pmopath backup'.", dir_okay=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace everything already in the database.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Restore an archive into an empty database (or, with --force, replace its contents)."""
    counts = restore_database(db, file, force=force)
    if as_json:
        emit_json({"file": str(file), "rows": counts})
    else:
        console().print(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables from {file}."
        )


person_app = typer.Typer(help="One person's data: export it, or erase it.", no_args_is_help=True)


@person_app.command("export")
@handles_errors
def export_person(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file, not stdout.", dir_okay=False)
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
) -> None:
    """Everything stored about one person, as JSON (for a data-subject access request)."""
    store = closed_after_command(open_store(db, framework))
    data = privacy.export_person(store, person, actor=cli_actor())
    if out is None:
        emit_json(data)
    else:
        save_json(out, data)
        console().print(f"Wrote {out}.")


@person_app.command("erase")
@handles_errors
def erase_person(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Remove a person's personal data; keep anonymous figures and a consistent audit trail."""
    if not yes:
        raise InvalidRequest("erasing cannot be undone: run again with --yes to confirm")
    store = closed_after_command(open_store(db, framework))
    erased = privacy.erase_person(store, person, actor=cli_actor())
    if as_json:
        emit_json({"erased": erased})
    else:
        console().print(f"Erased the personal data of person #{erased}.")
