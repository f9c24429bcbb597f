"""Development plans as JSON: mine, one plan, edits with a revision, moves, check-ins, inbox."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmopath.domain.plans import ItemStatus, PlanItem, PlanStatus
from pmopath.services.plans import records as plans
from pmopath.services.plans import workflow as plan_workflow
from pmopath.services.plans.schemas import (
    CheckInPublic,
    CheckInsPublic,
    InboxPublic,
    PlanDetailPublic,
    PlanPublic,
    PlansPublic,
)
from pmopath.services.plans.views import (
    checkin_view,
    checkins_view,
    inbox_view,
    plan_detail_view,
    plan_view,
    plans_view,
)
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["plans"])
CHANGE = error_responses(400, 403, 409)
"""A change the plan's status or the caller's part does not allow, or a stale revision."""

TEXT_MAX = 4000
Ref = Annotated[str, StringConstraints(min_length=1, max_length=80)]
ItemNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}$")]
Percent = Annotated[int, Field(ge=0, le=100)]


class PlanItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competency: Ref | None = None
    action_id: Ref | None = None
    free_text: str = Field("", max_length=1000)
    target_level: int | None = Field(None, ge=0, le=10)
    start_on: date | None = None
    due_on: date | None = None
    status: ItemStatus = ItemStatus.PLANNED
    effort_hours: float = Field(0.0, ge=0, le=10000)

    def item(self) -> PlanItem:
        return PlanItem(
            self.competency,
            self.action_id,
            self.free_text,
            self.target_level,
            self.start_on,
            self.due_on,
            self.status,
            self.effort_hours,
        )


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target_role: str | None = Field(None, min_length=1, max_length=120)
    from_gaps: bool = False
    items: list[PlanItemIn] = Field(default_factory=list, max_length=plans.MAX_ITEMS)


class PlanUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    revision: int = Field(ge=1, le=2**31 - 1)
    items: list[PlanItemIn] | None = Field(None, max_length=plans.MAX_ITEMS)
    comment: str | None = Field(None, max_length=TEXT_MAX)
    status: PlanStatus | None = None


class PlanMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    revision: int = Field(ge=1, le=2**31 - 1)
    comment: str = Field("", max_length=TEXT_MAX)


class CheckInCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: date
    notes: str = Field("", max_length=TEXT_MAX)
    progress: dict[ItemNumber, Percent] = Field(default_factory=dict, max_length=plans.MAX_ITEMS)
    levels: dict[Ref, Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=dict, max_length=200
    )


@router.get("/plans")
def list_plans(caller: ApiCaller, store: StoreDep) -> PlansPublic:
    """My development plans, oldest first."""
    return plans_view(plan_workflow.my_plans(store, caller.viewer))


@router.post("/plans", status_code=201, responses=error_responses(400))
def create_plan(caller: ApiCaller, store: StoreDep, body: PlanCreate) -> PlanPublic:
    """Start my draft plan (towards my primary target unless named), optionally from my gaps."""
    plan = plan_workflow.start_my_plan(
        store,
        caller.viewer,
        actor=caller.actor,
        target_role=body.target_role,
        items=[i.item() for i in body.items],
        from_gaps=body.from_gaps,
    )
    return plan_view(plan)


@router.get("/plans/{plan_id}")
def get_plan(caller: ApiCaller, store: StoreDep, plan_id: int) -> PlanDetailPublic:
    """One plan with its owner, who agreed it, its history and check-ins."""
    return plan_detail_view(plan_workflow.plan_detail(store, caller.viewer, plan_id))


@router.patch("/plans/{plan_id}", responses=CHANGE)
def update_plan(caller: ApiCaller, store: StoreDep, plan_id: int, body: PlanUpdate) -> PlanPublic:
    """Change items, comment or status of the plan saved at ``revision`` (409 if stale)."""
    plan = plans.update_plan(
        store,
        plan_id,
        body.revision,
        actor=caller.actor,
        viewer=caller.viewer,
        items=None if body.items is None else [i.item() for i in body.items],
        status=body.status,
        comment=body.comment,
    )
    return plan_view(plan)


def _move(
    caller: ApiCaller, store: StoreDep, plan_id: int, body: PlanMove, status: PlanStatus
) -> PlanPublic:
    plan = plans.update_plan(
        store,
        plan_id,
        body.revision,
        actor=caller.actor,
        viewer=caller.viewer,
        status=status,
        comment=body.comment if body.comment.strip() else None,
    )
    return plan_view(plan)


@router.post("/plans/{plan_id}/submit", responses=CHANGE)
def submit_plan(caller: ApiCaller, store: StoreDep, plan_id: int, body: PlanMove) -> PlanPublic:
    """Submit my plan to my manager."""
    return _move(caller, store, plan_id, body, PlanStatus.SUBMITTED)


@router.post("/plans/{plan_id}/agree", responses=CHANGE)
def agree_plan(caller: ApiCaller, store: StoreDep, plan_id: int, body: PlanMove) -> PlanPublic:
    """Agree a report's submitted plan (records who agreed and when)."""
    return _move(caller, store, plan_id, body, PlanStatus.AGREED)


@router.post("/plans/{plan_id}/request-changes", responses=CHANGE)
def request_changes(caller: ApiCaller, store: StoreDep, plan_id: int, body: PlanMove) -> PlanPublic:
    """Send a report's plan back with a comment saying what should change."""
    return _move(caller, store, plan_id, body, PlanStatus.CHANGES_REQUESTED)


@router.get("/plans/{plan_id}/checkins")
def list_checkins(caller: ApiCaller, store: StoreDep, plan_id: int) -> CheckInsPublic:
    """The plan's check-ins, oldest first, each with readiness at the time."""
    return checkins_view(plan_workflow.plan_detail(store, caller.viewer, plan_id).checkins)


@router.post("/plans/{plan_id}/checkins", status_code=201, responses=error_responses(400, 403))
def add_checkin(
    caller: ApiCaller, store: StoreDep, plan_id: int, body: CheckInCreate
) -> CheckInPublic:
    """Record a check-in: date, notes, progress per item number (0-100), optional new levels."""
    checkin = plans.record_checkin(
        store,
        plan_id,
        body.held_on,
        body.notes,
        dict(body.progress),
        levels=dict(body.levels),
        actor=caller.actor,
        viewer=caller.viewer,
    )
    return checkin_view(checkin)


@router.get("/inbox", responses=error_responses(403, 404))
def get_inbox(caller: ApiCaller, store: StoreDep) -> InboxPublic:
    """Submitted plans awaiting me (managers: my reports'; admins: everyone's)."""
    return inbox_view(plan_workflow.inbox(store, caller.viewer))
