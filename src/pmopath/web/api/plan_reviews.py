"""Plan versions and their comparison, review cadences and overdue reviews, notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from pmopath.domain.reviews import Cadence
from pmopath.services.plans import notifications
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import versions as plan_versions
from pmopath.services.plans.review_schemas import (
    ComparisonPublic,
    NotificationPublic,
    NotificationsPublic,
    OverduePublic,
    PlanVersionsPublic,
    ReviewPublic,
)
from pmopath.services.plans.review_views import (
    comparison_view,
    notification_view,
    notifications_view,
    overdue_view,
    review_view,
    versions_view,
)
from pmopath.services.plans.schemas import PlanPublic
from pmopath.services.plans.views import plan_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["plan reviews"])

Version = Annotated[int, Query(ge=1, le=10**6)]


class CadenceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    revision: int = Field(ge=1, le=2**31 - 1)
    cadence: Cadence


@router.get("/plans/{plan_id}/versions")
def list_versions(caller: ApiCaller, store: StoreDep, plan_id: int) -> PlanVersionsPublic:
    """Every version of the plan, oldest first, with its items and who agreed it when."""
    return versions_view(plan_versions.plan_versions(store, caller.viewer, plan_id))


@router.get("/plans/{plan_id}/compare")
def compare_versions(
    caller: ApiCaller, store: StoreDep, plan_id: int, a: Version, b: Version
) -> ComparisonPublic:
    """Items added, removed and changed (field by field) from version a to version b."""
    diff = plan_versions.compare_plan_versions(store, caller.viewer, plan_id, a, b)
    return comparison_view(diff)


@router.get("/plans/{plan_id}/review")
def get_review(caller: ApiCaller, store: StoreDep, plan_id: int) -> ReviewPublic:
    """The plan's review cadence, next due date and state (upcoming, due, overdue)."""
    today = store.clock().date()
    return review_view(plan_reviews.plan_review(store, caller.viewer, plan_id, today))


@router.put("/plans/{plan_id}/cadence", responses=error_responses(403, 409))
def set_cadence(
    caller: ApiCaller, store: StoreDep, plan_id: int, body: CadenceUpdate
) -> PlanPublic:
    """Set how often the plan is reviewed (owner or a manager above them)."""
    plan = plan_reviews.set_cadence(
        store, caller.viewer, plan_id, body.revision, body.cadence, actor=caller.actor
    )
    return plan_view(plan)


@router.get("/reviews/overdue")
def list_overdue(caller: ApiCaller, store: StoreDep) -> OverduePublic:
    """Overdue reviews of my reports' plans (an admin: everyone's), most overdue first."""
    today = store.clock().date()
    return overdue_view(plan_reviews.overdue_reviews(store, caller.viewer, today))


@router.get("/notifications")
def list_notifications(caller: ApiCaller, store: StoreDep) -> NotificationsPublic:
    """My newest notifications and how many are unread."""
    plan_reviews.notify_overdue_reviews(store, caller.viewer, store.clock().date())
    return notifications_view(notifications.my_notifications(store, caller.viewer))


@router.post("/notifications/{notification_id}/read")
def read_notification(
    caller: ApiCaller, store: StoreDep, notification_id: int
) -> NotificationPublic:
    """Mark one of my notifications read."""
    return notification_view(notifications.mark_read(store, caller.viewer, notification_id))
