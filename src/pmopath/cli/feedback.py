"""``pmopath feedback``: stakeholder feedback by single-use links, from a script.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, PersonArgument, cli_actor, stored
from pmopath.cli.output import console, emit_json, handles_errors

if TYPE_CHECKING:
    from pmopath.services.feedback.requests import SentRequest

feedback_app = typer.Typer(name="feedback", rich_markup_mode=None, no_args_is_help=True)


@feedback_app.callback()
def feedback() -> None:
    """Stakeholders' views, asked by single-use links.

    Answers show only together, never attributed, from PMOPATH_FEEDBACK_MIN_RESPONSES.

    \b
    Example:
      pmopath feedback request sam@example.org --competency stakeholder_engagement \\
        --question "What should Sam keep doing?" --ask "Pat Jones <pat@example.org>"
    """


def _competency_ids(store: object, given: list[str]) -> list[str]:
    """Competencies by id or by name, in any case (unknown ones are left for the service to
    refuse, by what was typed)."""
    from pmopath.services.ports.store import Store

    assert isinstance(store, Store)
    by_name = {c.name.lower(): c.id for c in store.framework.competencies}
    return [by_name.get(name.strip().lower(), name.strip()) for name in given]


@feedback_app.command("request")
@handles_errors
def request(
    person: PersonArgument,
    competency: Annotated[
        list[str], typer.Option("--competency", "-c", help="Id or name; repeatable.")
    ],
    question: Annotated[str, typer.Option("--question", "-q", help="One free-text question.")],
    ask: Annotated[list[str], typer.Option("--ask", help='"Name <e-mail>" to ask; repeatable.')],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ask people for feedback; print each link once.

    Each person gets a single-use link, e-mailed through PMOPATH_SMTP_* when a mail server
    is set up; the links are printed this once (only their hashes are stored).

    \b
    Example:
      pmopath feedback request sam@example.org -c "Data analysis & metrics" \\
        -q "What should Sam do more of?" --ask "Pat <pat@example.org>" --ask lee@example.org
    """
    from pmopath.bootstrap.container import process_container
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.feedback import requests
    from pmopath.services.feedback.checks import parse_invitee
    from pmopath.services.feedback.views import created_view

    settings = process_container().settings
    store = stored(db)
    sent = requests.request_feedback(
        store,
        person,
        competencies=_competency_ids(store, competency),
        question=question,
        invitees=[parse_invitee(line) for line in ask],
        viewer=SYSTEM,
        actor=cli_actor(),
        policy=settings.feedback_policy,
        base_url=settings.public_url,
    )
    if as_json:
        emit_json(created_view(sent, store.clock()))
        return
    _print_sent(sent)


def _print_sent(sent: SentRequest) -> None:
    out = console()
    request = sent.request
    out.print(
        f"Feedback request {request.id} about {sent.person.name}, "
        f"open until {request.expires_at:%d %B %Y}.",
        markup=False,
    )
    for link in sent.links:
        how = "e-mailed" if link.mailed else "send it yourself"
        out.print(
            f"  {link.name} <{link.email}> ({how}): {link.url}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    out.print("The links are shown only this once.")


@feedback_app.command("list")
@handles_errors
def list_requests(
    person: PersonArgument, db: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """List a person's feedback requests, newest first.

    With how many answered of how many asked, and whether the answers are open.

    \b
    Example:
      pmopath feedback list sam@example.org --json
    """
    from pmopath.bootstrap.container import process_container
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.feedback import requests
    from pmopath.services.feedback.views import requests_view

    policy = process_container().settings.feedback_policy
    store = stored(db)
    who, found = requests.requests_of(store, person, viewer=SYSTEM, policy=policy)
    now = store.clock()
    if as_json:
        emit_json(requests_view(found, now))
        return
    out = console()
    out.print(f"Feedback requests about {who.name}: {len(found)}", markup=False)
    for summary in found:
        request = summary.request
        shown = " (answers open)" if summary.aggregates_open else ""
        out.print(
            f"  {request.id}  {request.created_at:%d %b %Y}  {summary.status(now):9}  "
            f"{summary.answered} of {summary.asked} answered{shown}  {request.question[:60]}",
            markup=False,
            highlight=False,
        )


@feedback_app.command("remind")
@handles_errors
def remind(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would be reminded; send nothing.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """E-mail people whose feedback link expires soon.

    Once each, within PMOPATH_FEEDBACK_REMIND_DAYS of expiry, with a fresh link (the first
    one keeps working; either is used up by one answer).

    \b
    Example:
      pmopath feedback remind --dry-run
    """
    from pmopath.bootstrap.container import process_container
    from pmopath.services.feedback import reminders

    settings = process_container().settings
    store = stored(db)
    sent = reminders.send_reminders(
        store, policy=settings.feedback_policy, base_url=settings.public_url, dry_run=dry_run
    )
    if as_json:
        # never the body: it holds a live single-use link, and this output goes to logs
        data = [
            {"to": s.mail.to, "subject": s.mail.subject, "request_id": s.request_id} for s in sent
        ]
        emit_json({"dry_run": dry_run, "data": data, "count": len(sent)})
        return
    out = console()
    for reminder in sent:
        verb = "Would remind" if dry_run else "Reminded"
        out.print(f"{verb} {reminder.mail.to} (request {reminder.request_id})", markup=False)
    out.print(f"{len(sent)} reminder(s) {'to send' if dry_run else 'sent'}.")


@feedback_app.command("withdraw")
@handles_errors
def withdraw(
    request_id: Annotated[int, typer.Argument(min=1, help="The feedback request's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the links stop working.")] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Withdraw a feedback request; its links stop working.

    \b
    Example:
      pmopath feedback withdraw 12 --yes
    """
    from pmopath.domain.errors import InvalidRequest
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.feedback import requests

    if not yes:
        raise InvalidRequest("withdrawing cannot be undone: run again with --yes to confirm")
    store = stored(db)
    done = requests.withdraw_request(store, request_id, viewer=SYSTEM, actor=cli_actor())
    if as_json:
        emit_json({"id": done.id, "withdrawn_at": done.withdrawn_at})
        return
    console().print(f"Feedback request {done.id} withdrawn: its links no longer work.")
