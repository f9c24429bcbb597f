"""Response models of plan versions, their comparison, reviews and notifications."""

from __future__ import annotations

from datetime import date

from pmopath.domain.notifications import NoticeKind
from pmopath.domain.plans import PlanStatus
from pmopath.domain.reviews import Cadence, ReviewState
from pmopath.services.people.schemas import PersonRef
from pmopath.services.plans.schemas import PlanItemPublic
from pmopath.services.ports.schemas import Moment, Schema

FieldValue = bool | int | float | str | None
"""An item's field as JSON: days as ``YYYY-MM-DD``, statuses by their value."""


class PlanVersionPublic(Schema):
    """One version of a plan: its items and who agreed it when."""

    plan_id: int
    version: int
    current: bool
    status: PlanStatus
    target_role: str
    owner: PersonRef
    agreed_by: PersonRef | None
    agreed_at: Moment | None
    recorded_at: Moment | None
    items: list[PlanItemPublic]


class PlanVersionsPublic(Schema):
    data: list[PlanVersionPublic]
    count: int


class FieldChangePublic(Schema):
    field: str
    before: FieldValue
    after: FieldValue


class ItemChangePublic(Schema):
    """An item in both versions, changed: as it is in version b, and field by field."""

    key: str
    item: PlanItemPublic
    changes: list[FieldChangePublic]


class StatusPairPublic(Schema):
    a: PlanStatus
    b: PlanStatus


class ComparisonPublic(Schema):
    """Items added, removed and changed from version a to version b."""

    plan_id: int
    a: int
    b: int
    status: StatusPairPublic
    added: list[PlanItemPublic]
    removed: list[PlanItemPublic]
    changed: list[ItemChangePublic]
    unchanged: int
    """How many items are the same in both."""


class ReviewPublic(Schema):
    """A plan's review cadence, next due date and state."""

    cadence: Cadence
    since: date | None
    """The last check-in, or the day the plan was agreed (null: neither yet)."""
    due_on: date | None
    state: ReviewState


class OverdueReviewPublic(ReviewPublic):
    """A plan whose review is overdue, and whose it is."""

    person: PersonRef
    plan_id: int


class OverduePublic(Schema):
    data: list[OverdueReviewPublic]
    count: int


class NotificationPublic(Schema):
    id: int
    kind: NoticeKind
    message: str
    link: str
    """Where in the app the notice points."""
    created_at: Moment
    read_at: Moment | None


class NotificationsPublic(Schema):
    """My newest notifications, and how many are unread in all."""

    data: list[NotificationPublic]
    count: int
    unread: int
