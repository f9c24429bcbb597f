"""Plan versions, their comparison, review cadences, overdue reviews and notifications."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from pmopath.bootstrap.database import open_store
from pmopath.cli.options import DatabaseOption, JsonOption, cli_actor
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.domain.people import AccountRole
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.domain.reviews import Cadence
from pmopath.services.people.records import find_person
from pmopath.services.plans import notifications
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import versions as plan_versions
from pmopath.services.plans.review_views import (
    comparison_view,
    notifications_view,
    overdue_view,
    review_view,
    versions_view,
)

PlanId = Annotated[int, typer.Argument(min=1, help="The plan's id.")]


def _show(data: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        emit_json(data)
        return
    out = console()
    for line in lines:
        out.print(line)


@handles_errors
def versions(plan_id: PlanId, db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Every version of a plan, oldest first, with who agreed it and when."""
    store = closed_after_command(open_store(db))
    data = versions_view(plan_versions.plan_versions(store, SYSTEM, plan_id)).model_dump(
        mode="json"
    )
    lines = [
        f"version {v['version']}{' (current)' if v['current'] else ''}: {v['status']}, "
        f"{len(v['items'])} items"
        + (f", agreed by {v['agreed_by']['name']} on {v['agreed_at']}" if v["agreed_by"] else "")
        for v in data["data"]
    ]
    _show(data, as_json, lines)


@handles_errors
def compare(
    plan_id: PlanId,
    a: Annotated[int, typer.Argument(min=1, help="One version.")],
    b: Annotated[int, typer.Argument(min=1, help="Another version.")],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changed between two versions of a plan: items added, removed and changed."""
    store = closed_after_command(open_store(db))
    diff = plan_versions.compare_plan_versions(store, SYSTEM, plan_id, a, b)
    data = comparison_view(diff).model_dump(mode="json")
    lines = [f"plan {plan_id}: version {a} -> {b}"]
    lines += [f"  + {item['title']}" for item in data["added"]]
    lines += [f"  - {item['title']}" for item in data["removed"]]
    for change in data["changed"]:
        fields = ", ".join(f"{f['field']} {f['before']} -> {f['after']}" for f in change["changes"])
        lines.append(f"  ~ {change['item']['title']}: {fields}")
    lines.append(f"  {data['unchanged']} unchanged")
    _show(data, as_json, lines)


@handles_errors
def cadence(
    plan_id: PlanId,
    every: Annotated[Cadence, typer.Argument(help="How often the plan is reviewed.")],
    revision: Annotated[int, typer.Option(min=1, help="The plan's revision you are changing.")],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set how often a plan is reviewed (fails if the plan was saved since that revision)."""
    store = closed_after_command(open_store(db))
    plan_reviews.set_cadence(store, SYSTEM, plan_id, revision, every, actor=cli_actor())
    review = plan_reviews.plan_review(store, SYSTEM, plan_id, date.today())
    data = review_view(review).model_dump(mode="json")
    _show(data, as_json, [f"plan {plan_id}: reviewed {data['cadence']}, next due {data['due_on']}"])


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
    """Plans whose review is overdue (run with --notify from cron to send the notices)."""
    store = closed_after_command(open_store(db))
    today = date.today()
    manager_id = None
    if manager:
        with store.unit_of_work() as uow:
            manager_id = find_person(uow, manager).id
    found = plan_reviews.overdue_reviews(store, SYSTEM, today, manager_id=manager_id)
    sent = 0
    if notify:
        sent = plan_reviews.notify_overdue(store, found)
    data = {**overdue_view(found).model_dump(mode="json"), "notified": sent}
    lines = [
        f"{o['person']['name']}: plan {o['plan_id']} overdue since {o['due_on']}"
        for o in data["data"]
    ] or ["No review is overdue."]
    _show(data, as_json, lines)


@handles_errors
def inbox(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """A person's notifications, newest first."""
    store = closed_after_command(open_store(db))
    with store.unit_of_work() as uow:
        found = find_person(uow, person)
    inbox = notifications.my_notifications(store, Viewer(AccountRole.MEMBER, found.id))
    data = notifications_view(inbox).model_dump(mode="json")
    lines = [
        f"{'  ' if n['read_at'] else '* '}{n['created_at'][:10]} {n['message']}"
        for n in data["data"]
    ] or ["No notifications."]
    _show(data, as_json, lines)
