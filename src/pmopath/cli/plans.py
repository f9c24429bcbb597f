"""``pmopath plans``: suggest an optimised development plan, a plan's versions, its review
cadence, overdue reviews, the plan as a PDF, and e-mail digests of what is due.

Only Typer and the domain's enums are imported here: each command imports what it needs when it
runs.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli.options import (
    DatabaseOption,
    EducationOption,
    HeldOption,
    JsonOption,
    PersonArgument,
    StoreFrameworkOption,
    cli_actor,
    stored,
)
from pmopath.cli.output import console, emit_json, handles_errors, jsonable, show_lines, write_file
from pmopath.domain.reviews import Cadence

plans_app = typer.Typer(name="plans", rich_markup_mode=None, no_args_is_help=True)

PlanId = Annotated[int, typer.Argument(min=1, help="The plan's id.")]


@plans_app.callback()
def plans() -> None:
    """Development plans: suggestions, versions, reviews.

    Also the plan as a PDF, and e-mail digests of what is due.

    \b
    Example:
      pmopath plans suggest sam@example.org --hours-per-month 20 --budget 1200
    """


@contextlib.contextmanager
def _solver_output_silenced() -> Iterator[None]:
    """Keep the solver library's stray prints off stdout (they would spoil --json).

    HiGHS (bundled by scipy) writes a debugging line straight to file descriptor 1 now and then
    (ERGO-Code/HiGHS#2783); the CLI is the only place that owns the process's stdout.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (as under a test runner): nothing to guard
        yield
        return
    with open(os.devnull, "wb") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(None).fflush(None)
            os.dup2(saved, 1)
            os.close(saved)


@plans_app.command("suggest")
@handles_errors
def suggest(
    person: PersonArgument,
    hours_per_month: Annotated[
        float, typer.Option("--hours-per-month", help="Hours a month to spend.", min=0)
    ] = 16.0,
    budget: Annotated[float, typer.Option("--budget", help="Money to spend.", min=0)] = 2000.0,
    by: Annotated[
        str | None, typer.Option("--by", help="Target month, YYYY-MM (default: a year).")
    ] = None,
    goal: Annotated[
        float | None,
        typer.Option("--goal", help="Readiness to reach soonest (0-100).", min=0, max=100),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="Target role (default: the primary target).")
    ] = None,
    pin: Annotated[
        list[str] | None, typer.Option("--pin", help="ACTION or ACTION@YYYY-MM to keep.")
    ] = None,
    without: Annotated[
        list[str] | None, typer.Option("--without", help="An action to leave out.")
    ] = None,
    held: HeldOption = None,
    education: EducationOption = None,
    balance: Annotated[
        str,
        typer.Option("--balance", help="Effort shares experience/social/formal in %, or 'off'."),
    ] = "70/20/10",
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Points each share may be off by.", min=0)
    ] = 10.0,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="Seconds the solver may take (default: the web app's, under a second).",
            min=0.1,
        ),
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Suggest the plan that raises readiness most.

    By the target month, or the plan that reaches --goal soonest.

    Hours per month are never exceeded, the budget is kept, prerequisites and exam eligibility
    are respected and effort is balanced 70/20/10 (experience, social, formal).

    \b
    Example:
      pmopath plans suggest sam@example.org --hours-per-month 20 --by 2027-06 --pin capm
    """
    from pmopath.services.optimiser.optimise import INTERACTIVE_SECONDS
    from pmopath.services.plans import suggestions

    store = stored(db, framework)
    with _solver_output_silenced():
        found = suggestions.suggest_plan(
            store,
            person,
            today=store.clock().date(),
            hours_per_month=hours_per_month,
            budget=budget,
            by=suggestions.parse_month(by, "--by") if by else None,
            goal=goal,
            role=role,
            pins=pin or [],
            without=without or [],
            held=held or [],
            education=education,
            balance=suggestions.parse_balance(balance, tolerance),
            time_limit=time_limit if time_limit is not None else INTERACTIVE_SECONDS,
        )
    if as_json:
        emit_json(suggestions.suggestion_view(found))
    else:
        from pmopath.cli.render_records import render_plan

        render_plan(console(), store.framework, found.record.person.name, found.plan)


@plans_app.command("versions")
@handles_errors
def versions(plan_id: PlanId, db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Every version of a plan, with who agreed it.

    Oldest first, with who agreed each version and when.

    \b
    Example:
      pmopath plans versions 12
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.plans.review_views import versions_view
    from pmopath.services.plans.versions import plan_versions

    data = jsonable(versions_view(plan_versions(stored(db), SYSTEM, plan_id)))
    lines = [
        f"version {v['version']}{' (current)' if v['current'] else ''}: {v['status']}, "
        f"{len(v['items'])} items"
        + (f", agreed by {v['agreed_by']['name']} on {v['agreed_at']}" if v["agreed_by"] else "")
        for v in data["data"]
    ]
    show_lines(data, lines, as_json=as_json)


@plans_app.command("compare")
@handles_errors
def compare(
    plan_id: PlanId,
    a: Annotated[int, typer.Argument(min=1, help="One version.")],
    b: Annotated[int, typer.Argument(min=1, help="Another version.")],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changed between two versions of a plan.

    Items added, removed and changed, field by field.

    \b
    Example:
      pmopath plans compare 12 1 3
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.plans.review_views import comparison_view
    from pmopath.services.plans.versions import compare_plan_versions

    data = jsonable(comparison_view(compare_plan_versions(stored(db), SYSTEM, plan_id, a, b)))
    lines = [f"plan {plan_id}: version {a} -> {b}"]
    lines += [f"  + {item['title']}" for item in data["added"]]
    lines += [f"  - {item['title']}" for item in data["removed"]]
    for change in data["changed"]:
        fields = ", ".join(f"{f['field']} {f['before']} -> {f['after']}" for f in change["changes"])
        lines.append(f"  ~ {change['item']['title']}: {fields}")
    lines.append(f"  {data['unchanged']} unchanged")
    show_lines(data, lines, as_json=as_json)


@plans_app.command("cadence")
@handles_errors
def cadence(
    plan_id: PlanId,
    every: Annotated[Cadence, typer.Argument(help="How often the plan is reviewed.")],
    revision: Annotated[int, typer.Option(min=1, help="The plan's revision you are changing.")],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set how often a plan is reviewed.

    Refused if the plan was saved since that revision.

    \b
    Example:
      pmopath plans cadence 12 quarterly --revision 4
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.plans import reviews
    from pmopath.services.plans.review_views import review_view

    store = stored(db)
    reviews.set_cadence(store, SYSTEM, plan_id, revision, every, actor=cli_actor())
    data = jsonable(review_view(reviews.plan_review(store, SYSTEM, plan_id, store.clock().date())))
    lines = [f"plan {plan_id}: reviewed {data['cadence']}, next due {data['due_on']}"]
    show_lines(data, lines, as_json=as_json)


@plans_app.command("overdue")
@handles_errors
def overdue(
    manager: Annotated[
        str | None, typer.Option(help="Only this manager's reports (e-mail or id).")
    ] = None,
    notify: Annotated[
        bool, typer.Option("--notify", help="Also notify owners and managers (once per date).")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Plans whose review is overdue.

    Run with --notify from cron to send the notices (once per due date).

    \b
    Example:
      pmopath plans overdue --manager maria@example.org --notify
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.people.records import person_of
    from pmopath.services.plans import reviews
    from pmopath.services.plans.review_views import overdue_view

    store = stored(db)
    manager_id = person_of(store, manager).id if manager else None
    found = reviews.overdue_reviews(store, SYSTEM, store.clock().date(), manager_id=manager_id)
    sent = reviews.notify_overdue(store, found) if notify else 0
    data = {**jsonable(overdue_view(found)), "notified": sent}
    lines = [
        f"{o['person']['name']}: plan {o['plan_id']} overdue since {o['due_on']}"
        for o in data["data"]
    ] or ["No review is overdue."]
    show_lines(data, lines, as_json=as_json)


@plans_app.command("export")
@handles_errors
def export_plan(
    person: PersonArgument,
    pdf: Annotated[Path, typer.Option("--pdf", help="The PDF file to write.", dir_okay=False)],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a person's open plan as a PDF.

    Charts included.

    \b
    Example:
      pmopath plans export sam@example.org --pdf plan.pdf
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.exports import documents

    store = stored(db)
    plan_id = documents.current_plan_id(store, person)
    content = documents.plan_pdf(store, SYSTEM, plan_id)
    write_file(pdf, content, f"plan #{plan_id}", as_json=as_json)


@plans_app.command("digest")
@handles_errors
def digest(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would get what; send nothing.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """E-mail each person what is due: reviews, actions.

    Overdue and upcoming reviews and actions, through the mail server in PMOPATH_SMTP_*.

    \b
    Example:
      pmopath plans digest --dry-run
    """
    from pmopath.bootstrap.container import process_container
    from pmopath.services.plans import digests

    store = stored(db)
    public_url = process_container().settings.public_url
    mails = digests.send_digests(store, store.clock().date(), public_url, dry_run=dry_run)
    if as_json:
        data = [{"to": m.to, "subject": m.subject, "body": m.body} for m in mails]
        emit_json({"dry_run": dry_run, "data": data, "count": len(mails)})
        return
    out = console()
    for mail in mails:
        out.print(f"{'Would send' if dry_run else 'Sent'} to {mail.to}: {mail.subject}")
        if dry_run:
            out.print(mail.body, markup=False, highlight=False)
    out.print(f"{len(mails)} digest(s) {'to send' if dry_run else 'sent'}.")
