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
from pmopath.domain.permissions import Viewer, can_edit_own
from pmopath.domain.plans import Plan, PlanStatus
from pmopath.domain.reviews import Cadence, ReviewDue, review_due
from pmopath.services.people.access import may_agree, readable_person, readable_plan
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

REVIEWED = frozenset({PlanStatus.AGREED, PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED})
"""Statuses with a review schedule once agreed: drafts of a first version and closed plans
have none (a revisited plan keeps its schedule while its next version is drafted)."""
PER_PERSON_UP_TO = 2000
"""Up to this many people, their plans are read by person (two queries per 500 people); beyond,
by status."""


def review_of(uow: UnitOfWork, plan: Plan, today: date) -> ReviewDue:
    """The plan's review as of ``today`` from its last check-in or its agreement."""
    assert plan.id is not None
    return reviews_of(uow, [plan], today)[0]


def reviews_of(uow: UnitOfWork, plans: Sequence[Plan], today: date) -> list[ReviewDue]:
    """Each plan's review as of ``today``, in order, reading every last check-in at once."""
    last = uow.plans.last_checkins([p.id for p in plans if p.id is not None])
    return [_review(p, last.get(p.id) if p.id is not None else None, today) for p in plans]


def _review(plan: Plan, last: date | None, today: date) -> ReviewDue:
    """The plan's review as of ``today``, given the day of its last check-in (if any)."""
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


def _overdue_among(
    uow: UnitOfWork, person_ids: set[int] | None, today: date
) -> list[OverdueReview]:
    """Overdue reviews of plans owned by ``person_ids`` (None: anyone), most overdue first.

    Reads the plans by status; check-ins are read only for plans agreed long enough ago to be
    overdue (a check-in only moves the due date later), and the owners only of plans overdue;
    each in a fixed number of queries.
    """
    late_enough = [p for p in _candidates(uow, person_ids) if not _agreed_too_recently(p, today)]
    reviews = zip(late_enough, reviews_of(uow, late_enough, today), strict=True)
    overdue = [(plan, review) for plan, review in reviews if review.overdue]
    owners = uow.people.by_ids({plan.person_id for plan, _ in overdue})
    found = [
        OverdueReview(owners[plan.person_id], plan, review)
        for plan, review in overdue
        if plan.person_id in owners
    ]
    return sorted(found, key=lambda o: (o.review.due_on or today, o.person.name))


def _agreed_too_recently(plan: Plan, today: date) -> bool:
    """Agreed so recently that even with no check-in since, its review is not overdue."""
    agreed = plan.agreed_at.date() if plan.agreed_at else None
    return agreed is not None and not review_due(plan.cadence, None, agreed, today).overdue


def _candidates(uow: UnitOfWork, person_ids: set[int] | None) -> list[Plan]:
    """Plans with a review schedule: by person for a team, else by status (a fixed number of
    queries either way)."""
    if person_ids is not None and len(person_ids) <= PER_PERSON_UP_TO:
        return [p for p in uow.plans.for_people(person_ids) if p.status in REVIEWED]
    return [
        plan
        for status in sorted(REVIEWED)
        for plan in uow.plans.with_status(status)
        if person_ids is None or plan.person_id in person_ids
    ]


def overdue_reviews(
    store: Store,
    viewer: Viewer,
    today: date,
    *,
    manager_id: int | None = None,
    direct_only: bool = False,
) -> list[OverdueReview]:
    """Overdue reviews of the plans of ``manager_id``'s reports, direct and indirect or
    ``direct_only`` (default: the viewer's; an admin naming nobody: everyone's), most overdue
    first. Raises NotFound for a manager the viewer may not read."""
    with store.unit_of_work() as uow:
        if manager_id is None and viewer.is_admin:
            return _overdue_among(uow, None, today)
        boss = manager_id if manager_id is not None else viewer.person_id
        if boss is None:
            return []
        readable_person(uow, viewer, str(boss))
        if direct_only:
            return _overdue_among(uow, uow.people.direct_reports(boss), today)
        return _overdue_among(uow, uow.people.reports_under(boss), today)


def notify_overdue_reviews(store: Store, viewer: Viewer, today: date) -> int:
    """Tell the owner and their manager once per overdue review, for the viewer's own plans and
    their direct reports'. Called when the viewer reads notifications; returns notices added."""
    if viewer.person_id is None:
        return 0
    sent = 0
    with store.unit_of_work() as uow:
        ids = {viewer.person_id, *uow.people.direct_reports(viewer.person_id)}
        for late in _overdue_among(uow, ids, today):
            sent += _tell_overdue(uow, late, store)
        uow.commit()
    return sent


def notify_overdue(store: Store, found: Sequence[OverdueReview]) -> int:
    """Tell the owner and manager of each of these overdue reviews (once per due date; for a
    scheduled job run by the operator); return how many notices were added."""
    with store.unit_of_work() as uow:
        sent = sum(_tell_overdue(uow, late, store) for late in found)
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
