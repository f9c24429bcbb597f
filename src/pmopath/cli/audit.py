"""``pmopath audit``: read the audit log (sign-ins, changes, exports), as a table, JSON or CSV.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, cli_actor, stored
from pmopath.cli.output import console, emit_json, handles_errors

audit_app = typer.Typer(name="audit", rich_markup_mode=None, no_args_is_help=True)

Day = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="A day, YYYY-MM-DD (UTC).")
]


@audit_app.callback()
def audit() -> None:
    """Who did what and when: sign-ins, changes, exports.

    \b
    Example:
      pmopath audit list --kind sign_in --since 2026-12-01 --csv
    """


@audit_app.command("list")
@handles_errors
def list_entries(
    kind: Annotated[
        str,
        typer.Option(
            help="sign_in, accounts, provisioning, exports, people, development, framework "
            "or feedback."
        ),
    ] = "",
    action: Annotated[str, typer.Option(help="An action, or the start of one (plan.).")] = "",
    actor: Annotated[str, typer.Option(help="Part of who acted (an e-mail).")] = "",
    entity: Annotated[str, typer.Option(help="A kind of record: plan, person, account...")] = "",
    entity_id: Annotated[str, typer.Option("--id", help="One record's id.")] = "",
    since: Day = None,
    until: Day = None,
    page: Annotated[int, typer.Option(min=1, help="Which page of --per-page entries.")] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=500, help="Entries a page.")] = 50,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Every matching entry as CSV (paging aside).")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """List audit entries, newest first.

    Days are whole UTC days; --until is included.

    \b
    Example:
      pmopath audit list --actor maria --kind development --json
    """
    from pmopath.domain.audit import action_words
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.accounts.audit_trail import audit_filters, audit_page

    query = audit_filters(
        kind=kind,
        action=action,
        actor=actor,
        entity=entity,
        entity_id=entity_id,
        since=since.date() if since else None,
        until=until.date() if until else None,
        page=page,
        per_page=per_page,
    )
    store = stored(db)
    if as_csv:
        from pmopath.services.exports.audit_csv import audit_csv

        typer.echo(audit_csv(store, SYSTEM, query, actor=cli_actor()), nl=False)
        return
    found = audit_page(store, SYSTEM, query)
    if as_json:
        from pmopath.services.accounts.audit_views import audit_page_view

        emit_json(audit_page_view(found))
        return
    out = console()
    if not found.entries:
        out.print("No audit entry matches.")
        return
    from rich.table import Table

    table = Table(title=f"{found.total:,} entries, page {found.page} of {found.pages}")
    for column in ("When (UTC)", "Who", "What", "Record"):
        table.add_column(column)
    for e in found.entries:
        record = f"{e.entity} {e.entity_id}".strip()
        table.add_row(e.at.strftime("%Y-%m-%d %H:%M"), e.actor, action_words(e.action), record)
    out.print(table)
