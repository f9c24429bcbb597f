"""``pmopath export plan|pack`` (PDFs) and ``pmopath digest send`` (e-mail reminders)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmopath.bootstrap.container import process_container
from pmopath.bootstrap.database import open_store
from pmopath.cli.options import DatabaseOption, JsonOption
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.domain.permissions import SYSTEM
from pmopath.services.exports import documents as exports
from pmopath.services.plans import digests

export_app = typer.Typer(help="Export plans and readiness packs as PDF.", no_args_is_help=True)
digest_app = typer.Typer(help="E-mail digests of reviews and actions due.", no_args_is_help=True)

PersonArgument = Annotated[str, typer.Argument(help="A stored person (e-mail or id).")]
PdfOption = Annotated[
    Path, typer.Option("--pdf", help="The PDF file to write.", dir_okay=False, writable=True)
]


def _write(path: Path, content: bytes, what: str, as_json: bool) -> None:
    path.write_bytes(content)
    if as_json:
        emit_json({"file": str(path), "bytes": len(content)})
    else:
        console().print(f"Wrote {what} to {path} ({len(content) // 1024 + 1} KiB).")


@export_app.command("plan")
@handles_errors
def export_plan(
    person: PersonArgument, pdf: PdfOption, db: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """Write PERSON's open development plan as a PDF."""
    store = closed_after_command(open_store(db))
    plan_id = exports.current_plan_id(store, person)
    content = exports.plan_pdf(store, SYSTEM, plan_id)
    _write(pdf, content, f"plan #{plan_id}", as_json)


@export_app.command("pack")
@handles_errors
def export_pack(
    person: PersonArgument,
    pdf: PdfOption,
    role: Annotated[
        str | None, typer.Option("--role", help="Target role (default: the primary target).")
    ] = None,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write PERSON's readiness pack for a role (profile, evidence as STAR, plan) as a PDF."""
    store = closed_after_command(open_store(db))
    content = exports.readiness_pack_pdf(store, SYSTEM, person, role)
    _write(pdf, content, "the readiness pack", as_json)


@digest_app.command("send")
@handles_errors
def send_digests(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would get what; send nothing.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """E-mail each person their overdue and upcoming reviews and actions (PMOPATH_SMTP_*)."""
    store = closed_after_command(open_store(db))
    public_url = process_container().settings.public_url
    mails = digests.send_digests(store, store.clock().date(), public_url, dry_run=dry_run)
    if as_json:
        emit_json(
            {
                "dry_run": dry_run,
                "data": [{"to": m.to, "subject": m.subject, "body": m.body} for m in mails],
                "count": len(mails),
            }
        )
        return
    out = console()
    for mail in mails:
        out.print(f"{'Would send' if dry_run else 'Sent'} to {mail.to}: {mail.subject}")
        if dry_run:
            out.print(mail.body, markup=False, highlight=False)
    out.print(f"{len(mails)} digest(s) {'to send' if dry_run else 'sent'}.")
