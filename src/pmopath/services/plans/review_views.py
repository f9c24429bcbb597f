"""Response models of plan versions, comparisons, reviews and notifications, for the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum

from pmopath.domain.notifications import Notification
from pmopath.domain.plan_versions import VersionComparison
from pmopath.domain.reviews import ReviewDue
from pmopath.services.people.schemas import PersonRef
from pmopath.services.plans.notifications import Inbox
from pmopath.services.plans.review_schemas import (
    ComparisonPublic,
    FieldChangePublic,
    FieldValue,
    ItemChangePublic,
    NotificationPublic,
    NotificationsPublic,
    OverduePublic,
    OverdueReviewPublic,
    PlanVersionPublic,
    PlanVersionsPublic,
    ReviewPublic,
    StatusPairPublic,
)
from pmopath.services.plans.reviews import OverdueReview
from pmopath.services.plans.versions import PlanVersion
from pmopath.services.plans.views import item_view, person_ref


def _plain(value: object) -> FieldValue:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def version_view(version: PlanVersion) -> PlanVersionPublic:
    s = version.snapshot
    return PlanVersionPublic(
        plan_id=s.plan_id,
        version=s.version,
        current=version.current,
        status=s.status,
        target_role=s.target_role,
        owner=PersonRef(id=s.person_id, name=s.owner_name),
        agreed_by=(
            PersonRef(id=s.agreed_by_id, name=s.agreed_by_name)
            if s.agreed_by_id is not None
            else None
        ),
        agreed_at=s.agreed_at,
        recorded_at=s.recorded_at,
        items=[item_view(n, i) for n, i in enumerate(s.items, start=1)],
    )


def versions_view(versions: Sequence[PlanVersion]) -> PlanVersionsPublic:
    return PlanVersionsPublic(data=[version_view(v) for v in versions], count=len(versions))


def comparison_view(diff: VersionComparison) -> ComparisonPublic:
    return ComparisonPublic(
        plan_id=diff.a.plan_id,
        a=diff.a.version,
        b=diff.b.version,
        status=StatusPairPublic(a=diff.a.status, b=diff.b.status),
        added=[item_view(n, i) for n, i in enumerate(diff.added, start=1)],
        removed=[item_view(n, i) for n, i in enumerate(diff.removed, start=1)],
        changed=[
            ItemChangePublic(
                key=c.key,
                item=item_view(0, c.after),
                changes=[
                    FieldChangePublic(field=f.field, before=_plain(f.before), after=_plain(f.after))
                    for f in c.changes
                ],
            )
            for c in diff.changed
        ],
        unchanged=diff.unchanged,
    )


def review_view(review: ReviewDue) -> ReviewPublic:
    return ReviewPublic(
        cadence=review.cadence, since=review.since, due_on=review.due_on, state=review.state
    )


def overdue_view(found: Sequence[OverdueReview]) -> OverduePublic:
    data = [
        OverdueReviewPublic(
            person=person_ref(o.person),
            plan_id=_plan_id(o),
            **dict(review_view(o.review)),
        )
        for o in found
    ]
    return OverduePublic(data=data, count=len(data))


def _plan_id(overdue: OverdueReview) -> int:
    assert overdue.plan.id is not None, "only stored plans are reviewed"
    return overdue.plan.id


def notification_view(notice: Notification) -> NotificationPublic:
    assert notice.id is not None, "only stored notifications are shown"
    return NotificationPublic(
        id=notice.id,
        kind=notice.kind,
        message=notice.message,
        link=notice.link,
        created_at=notice.created_at,
        read_at=notice.read_at,
    )


def notifications_view(inbox: Inbox) -> NotificationsPublic:
    data = [notification_view(n) for n in inbox.notifications]
    return NotificationsPublic(data=data, count=len(data), unread=inbox.unread)
