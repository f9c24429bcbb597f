"""In-app notifications: who hears about each step of a plan, listing mine, marking them read.

Notices are written in the same transaction as the change they report, so a plan that failed
to save never announces itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from pmopath.domain.errors import NotFound
from pmopath.domain.notifications import NoticeKind, Notification
from pmopath.domain.permissions import Viewer, can_agree_plan
from pmopath.domain.plans import CheckIn, Plan, PlanStatus
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

SHOWN = 100


def _name(uow: UnitOfWork, person_id: int | None) -> str:
    person = uow.people.by_id(person_id) if person_id is not None else None
    return person.name if person is not None else "An admin"


def _send(
    uow: UnitOfWork,
    people: Iterable[int],
    kind: NoticeKind,
    message: str,
    link: str,
    key: str,
    now: datetime,
) -> int:
    sent = 0
    for person_id in dict.fromkeys(people):
        if uow.notifications.add(Notification(person_id, kind, message, link, now, key)):
            sent += 1
    return sent


def agreeing_managers(uow: UnitOfWork, owner_id: int) -> list[int]:
    """The managers above the owner whose accounts may agree the plan, nearest first."""
    chain = uow.people.managers_above(owner_id)
    found = []
    for manager_id in chain:
        account = uow.accounts.by_person(manager_id)
        if account is None or account.disabled:
            continue
        if can_agree_plan(Viewer(account.role, manager_id), owner_id, chain):
            found.append(manager_id)
    return found


def move_key(plan: Plan) -> str:
    """The key that makes a notice of this move once per person.

    A submission is keyed by the version and what was submitted, not by the save's revision: a
    plan withdrawn and submitted again unchanged (reopened to look at it, say) is not
    announced twice to the same managers, while one submitted again with changes is. Agreeing
    and asking for changes are keyed by the revision: each is a manager's own act.
    """
    if plan.status is PlanStatus.SUBMITTED:
        content = repr(
            (
                plan.target_role,
                [
                    (
                        i.competency,
                        i.action_id,
                        i.free_text,
                        i.target_level,
                        i.start_on,
                        i.due_on,
                        i.status.value,
                        i.effort_hours,
                    )
                    for i in plan.items
                ],
            )
        )
        digest = hashlib.sha256(content.encode()).hexdigest()[:16]
        return f"plan:{plan.id}:v{plan.version}:submitted:{digest}"
    return f"plan:{plan.id}:r{plan.revision}:{plan.status.value}"


def notify_plan_move(
    uow: UnitOfWork, before: Plan, after: Plan, by_person: int | None, now: datetime
) -> int:
    """Tell whoever must act or know: a submitted plan its agreeing managers, an agreed plan or
    one sent back its owner. Returns how many notices were added."""
    if after.status is before.status or after.id is None:
        return 0
    link = f"/plans/{after.id}"
    key = move_key(after)
    actor = _name(uow, by_person)
    if after.status is PlanStatus.SUBMITTED:
        owner = _name(uow, after.person_id)
        message = f"{owner} submitted version {after.version} of their plan for agreement"
        managers = agreeing_managers(uow, after.person_id)
        return _send(uow, managers, NoticeKind.PLAN_SUBMITTED, message, link, key, now)
    if after.status is PlanStatus.AGREED:
        message = f"{actor} agreed version {after.version} of your plan"
        return _send(uow, [after.person_id], NoticeKind.PLAN_AGREED, message, link, key, now)
    if after.status is PlanStatus.CHANGES_REQUESTED:
        message = f"{actor} asked for changes to your plan: {after.comment[:300]}"
        kind = NoticeKind.CHANGES_REQUESTED
        return _send(uow, [after.person_id], kind, message, link, key, now)
    return 0


def notify_checkin(
    uow: UnitOfWork, plan: Plan, checkin: CheckIn, by_person: int | None, now: datetime
) -> int:
    """Tell the owner about a check-in someone else (a manager, an admin) recorded."""
    if by_person == plan.person_id or checkin.id is None:
        return 0
    message = f"{_name(uow, by_person)} recorded a check-in on your plan ({checkin.held_on})"
    link = f"/plans/{plan.id}"
    kind, key = NoticeKind.CHECKIN_RECORDED, f"checkin:{checkin.id}"
    return _send(uow, [plan.person_id], kind, message, link, key, now)


@dataclass(frozen=True, slots=True)
class Inbox:
    notifications: tuple[Notification, ...]
    unread: int


def my_notifications(store: Store, viewer: Viewer) -> Inbox:
    """The viewer's newest notifications (up to ``SHOWN``) and how many are unread."""
    if viewer.person_id is None:
        return Inbox((), 0)
    with store.unit_of_work() as uow:
        found = tuple(uow.notifications.for_person(viewer.person_id, limit=SHOWN))
        return Inbox(found, uow.notifications.unread_count(viewer.person_id))


def unread_count(unit_of_work: Callable[[], UnitOfWork], viewer: Viewer) -> int:
    """How many notifications the viewer has not read: one indexed count (every page asks)."""
    if viewer.person_id is None:
        return 0
    with unit_of_work() as uow:
        return uow.notifications.unread_count(viewer.person_id)


def mark_read(store: Store, viewer: Viewer, notification_id: int) -> Notification:
    """Mark one of the viewer's notifications read; someone else's (or none) is NotFound."""
    with store.unit_of_work() as uow:
        found = uow.notifications.get(notification_id)
        if found is None or viewer.person_id is None or found.person_id != viewer.person_id:
            raise NotFound("notification", str(notification_id))
        uow.notifications.mark_read(notification_id, store.clock())
        uow.commit()
        marked = uow.notifications.get(notification_id)
        assert marked is not None
        return marked


def mark_all_read(store: Store, viewer: Viewer) -> int:
    """Mark every notification of the viewer read; returns how many were unread."""
    if viewer.person_id is None:
        return 0
    with store.unit_of_work() as uow:
        done = uow.notifications.mark_all_read(viewer.person_id, store.clock())
        uow.commit()
        return done
