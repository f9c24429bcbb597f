"""Plan reviews: the cadence of a plan, when its next review is due, who is overdue, the trend.

A review is due one cadence period after the last check-in (or after the plan was agreed, when
there is no check-in yet). ``today`` is always passed in: the pages use the store's clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from pmopath.domain.errors import PermissionDenied
from pmopath.domain.notifications import NoticeKind, Notification
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.permissions import Viewer, can_edit_own, reports_of
from pmopath.domain.plans import Plan, PlanStatus
from pmopath.domain.reviews import Cadence, ReviewDue, review_due
from pmopath.services.access import may_agree, readable_plan
from pmopath.services.people import Store
from pmopath.services.ports import UnitOfWork

REVIEWED = frozenset({PlanStatus.AGREED, PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED})
"""Statuses with a review schedule once agreed: drafts of a first version and closed plans
have none (a revisited plan keeps its schedule while its next version is drafted)."""


def review_of(uow: UnitOfWork, plan: Plan, today: date) -> ReviewDue:
    """The plan's review as of ``today`` from its last check-in or its agreement."""
    assert plan.id is not None
    last = max((c.held_on for c in uow.plans.checkins(plan.id)), default=None)
    agreed = plan.agreed_at.date() if plan.agreed_at else None
    if plan.status is PlanStatus.CLOSED or (last is None and agreed is None):
        return review_due(plan.cadence, None, None, today)
    return review_due(plan.cadence, last, agreed, today)


def plan_review(store: Store, viewer: Viewer, plan_id: int, today: date) -> ReviewDue:
    """The next review of a plan the viewer may read; else NotFound."""
    with store.unit_of_work() as uow:
        return review_of(uow, readable_plan(uow, viewer, plan_id), today)


def set_cadence(
    store: Store,
    viewer: Viewer,
    plan_id: int,
    expected_revision: int,
    cadence: Cadence,
    *,
    actor: str,
) -> Plan:
    """Change how often a plan is reviewed: its owner, a manager above them or an admin.

    Raises NotFound, PermissionDenied, Conflict (saved since ``expected_revision``).
    """
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        if not (can_edit_own(viewer, plan.person_id) or may_agree(uow, viewer, plan)):
            raise PermissionDenied("only the owner or a manager above them sets the cadence")
        saved = uow.plans.save(replace(plan, cadence=cadence), expected_revision)
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "plan.cadence",
                "plan",
                str(plan_id),
                {"cadence": plan.cadence.value},
                {"cadence": cadence.value},
            )
        )
        uow.commit()
        return saved


@dataclass(frozen=True, slots=True)
class OverdueReview:
    person: Person
    plan: Plan
    review: ReviewDue


def _overdue_among(uow: UnitOfWork, people: Sequence[Person], today: date) -> list[OverdueReview]:
    found = []
    for person in people:
        assert person.id is not None
        for plan in uow.plans.for_person(person.id):
            if plan.status not in REVIEWED:
                continue
            review = review_of(uow, plan, today)
            if review.overdue:
                found.append(OverdueReview(person, plan, review))
    return sorted(found, key=lambda o: (o.review.due_on or today, o.person.name))


def overdue_reviews(store: Store, viewer: Viewer, today: date) -> list[OverdueReview]:
    """Overdue reviews of the viewer's reports (direct and indirect; everyone for an admin),
    most overdue first."""
    with store.unit_of_work() as uow:
        if viewer.is_admin:
            people = uow.people.everyone()
        else:
            links = uow.people.manager_links()
            ids = reports_of(viewer.person_id, links) if viewer.person_id is not None else set()
            people = [p for p in (uow.people.by_id(i) for i in sorted(ids)) if p is not None]
        return _overdue_among(uow, people, today)


def notify_overdue_reviews(store: Store, viewer: Viewer, today: date) -> int:
    """Tell the owner and their manager once per overdue review, for the viewer's own plans and
    their direct reports'. Called when the viewer reads notifications; returns notices added."""
    if viewer.person_id is None:
        return 0
    sent = 0
    with store.unit_of_work() as uow:
        me = uow.people.by_id(viewer.person_id)
        links = uow.people.manager_links()
        ids = [viewer.person_id, *sorted(p for p, m in links.items() if m == viewer.person_id)]
        people = [p for p in (uow.people.by_id(i) for i in ids) if p is not None]
        for late in _overdue_among(uow, people if me else [], today):
            sent += _tell_overdue(uow, late, store)
        uow.commit()
    return sent


def _tell_overdue(uow: UnitOfWork, late: OverdueReview, store: Store) -> int:
    due = late.review.due_on
    key = f"review:{late.plan.id}:{due}"
    link = f"/plans/{late.plan.id}"
    sent = 0
    notices = [(late.person.id, f"The review of your plan is overdue since {due}")]
    if late.person.manager_id is not None:
        message = f"The review of {late.person.name}'s plan is overdue since {due}"
        notices.append((late.person.manager_id, message))
    for person_id, message in notices:
        assert person_id is not None
        kind = NoticeKind.REVIEW_OVERDUE
        if uow.notifications.add(Notification(person_id, kind, message, link, store.clock(), key)):
            sent += 1
    return sent
