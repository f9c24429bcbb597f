"""Plan pages: my plan (generate, edit, submit), one plan (agree, ask for changes, check in), inbox.

Every form that changes a plan carries the revision it was drawn from, so a stale form is
refused with 409 (web/errors.py) instead of overwriting someone else's change.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, BeforeValidator, Field

from pmopath.domain.eligibility import Eligibility
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.plans import ItemStatus, Plan, PlanItem, PlanStatus
from pmopath.domain.reviews import CADENCE_LABELS
from pmopath.services.people import credentials as person_credentials
from pmopath.services.plans import records as plans
from pmopath.services.plans import review_context as plan_review_context
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import workflow as plan_workflow
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

TEXT_MAX = 4000
Revision = Annotated[int, Form(ge=1, le=2**31 - 1)]
Comment = Annotated[str, Form(max_length=TEXT_MAX)]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_none)


class ItemForm(BaseModel):
    """One plan item as a form sends it; empty fields mean 'not set'."""

    revision: int = Field(ge=1, le=2**31 - 1)
    competency: Annotated[str | None, Blank] = Field(None, max_length=80)
    action_id: Annotated[str | None, Blank] = Field(None, max_length=80)
    free_text: str = Field("", max_length=1000)
    target_level: Annotated[int | None, Blank] = Field(None, ge=0, le=10)
    start_on: Annotated[date | None, Blank] = None
    due_on: Annotated[date | None, Blank] = None
    status: ItemStatus = ItemStatus.PLANNED
    effort_hours: Annotated[float, Blank] = Field(0.0, ge=0, le=10000)

    def item(self) -> PlanItem:
        return PlanItem(
            self.competency,
            self.action_id,
            self.free_text.strip(),
            self.target_level,
            self.start_on,
            self.due_on,
            self.status,
            self.effort_hours or 0.0,
        )


def _to_plan(plan_id: int | None) -> RedirectResponse:
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


def _plan_page(
    request: Request, signed: SignedPage, store: StoreDep, plan_id: int, mine: bool
) -> HTMLResponse:
    detail = plan_workflow.plan_detail(store, signed.viewer, plan_id)
    context: dict[str, Any] = {
        "detail": detail,
        "plan": detail.plan,
        "fw": store.framework,
        "mine": mine,
        "editable": detail.may_edit and detail.plan.status in plans.EDITABLE,
        "item_statuses": list(ItemStatus),
        "trend": plan_workflow.readiness_trend(detail.checkins),
        "today": store.clock().date().isoformat(),
        "eligibility": _eligibility(store, signed, detail.plan),
        "review": plan_reviews.plan_review(store, signed.viewer, plan_id, store.clock().date()),
        "cadence_labels": CADENCE_LABELS,
        "level_competencies": [
            c
            for c in store.framework.competencies
            if c.id in {i.competency for i in detail.plan.items}
        ],
        "current_levels": detail.checkins[-1].levels if detail.checkins else {},
        "review_context": (
            plan_review_context.review_context(store, signed.viewer, plan_id)
            if detail.may_agree and detail.plan.status is PlanStatus.SUBMITTED
            else None
        ),
    }
    return render(request, "plan.html", context)


def _eligibility(store: StoreDep, signed: SignedPage, plan: Plan) -> tuple[Eligibility, ...]:
    """The owner's eligibility for the plan's certifications and its target role's."""
    actions = [i.action_id for i in plan.items if i.action_id]
    return person_credentials.plan_eligibility(
        store, signed.viewer, plan.person_id, actions, plan.target_role, store.clock().date()
    )


@router.get("/plan", response_class=HTMLResponse)
def my_plan(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """My open plan to read and edit, or a button to draft one from my gaps."""
    mine = plan_workflow.my_plans(store, signed.viewer)
    current = plan_workflow.current_plan(mine)
    if current is not None and current.id is not None:
        return _plan_page(request, signed, store, current.id, mine=True)
    context = {"past": mine, "fw": store.framework, "has_person": bool(signed.viewer.person_id)}
    return render(request, "plan_start.html", context)


@router.post("/plan/generate")
def generate_plan(signed: SignedPage, store: StoreDep) -> RedirectResponse:
    """Draft my plan towards my primary target from my gaps."""
    plan_workflow.start_my_plan(store, signed.viewer, actor=signed.actor, from_gaps=True)
    return RedirectResponse("/plan", status_code=303)


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, signed: SignedPage, store: StoreDep, plan_id: int) -> HTMLResponse:
    """One plan: items, status, history, check-ins; a manager above the owner agrees it here."""
    return _plan_page(request, signed, store, plan_id, mine=False)


@router.post("/plans/{plan_id}/items")
def add_item(
    signed: SignedPage, store: StoreDep, plan_id: int, form: Annotated[ItemForm, Form()]
) -> RedirectResponse:
    """Add a catalogue or free-text item to my draft."""
    plan_workflow.add_item(
        store, signed.viewer, plan_id, form.revision, form.item(), actor=signed.actor
    )
    return _to_plan(plan_id)


@router.post("/plans/{plan_id}/items/{number}")
def change_item(
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    number: int,
    form: Annotated[ItemForm, Form()],
) -> RedirectResponse:
    """Change one item of my draft (level, dates, status, effort...)."""
    plan_workflow.change_item(
        store, signed.viewer, plan_id, form.revision, number, form.item(), actor=signed.actor
    )
    return _to_plan(plan_id)


@router.post("/plans/{plan_id}/items/{number}/remove")
def remove_item(
    signed: SignedPage, store: StoreDep, plan_id: int, number: int, revision: Revision
) -> RedirectResponse:
    """Remove one item of my draft."""
    plan_workflow.remove_item(store, signed.viewer, plan_id, revision, number, actor=signed.actor)
    return _to_plan(plan_id)


def _move(
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: int,
    status: PlanStatus,
    comment: str = "",
) -> RedirectResponse:
    plans.update_plan(
        store,
        plan_id,
        revision,
        status=status,
        comment=comment if comment.strip() else None,
        actor=signed.actor,
        viewer=signed.viewer,
    )
    return _to_plan(plan_id)


@router.post("/plans/{plan_id}/submit")
def submit_plan(
    signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision
) -> RedirectResponse:
    """Submit my plan to my manager."""
    return _move(signed, store, plan_id, revision, PlanStatus.SUBMITTED)


@router.post("/plans/{plan_id}/reopen")
def reopen_plan(
    signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision
) -> RedirectResponse:
    """Take my plan back to a draft (withdraw it, or revise an agreed plan)."""
    return _move(signed, store, plan_id, revision, PlanStatus.DRAFT)


@router.post("/plans/{plan_id}/close")
def close_plan(
    signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision
) -> RedirectResponse:
    """Close my draft or agreed plan (it stays readable)."""
    return _move(signed, store, plan_id, revision, PlanStatus.CLOSED)


@router.post("/plans/{plan_id}/agree")
def agree_plan(
    signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision, comment: Comment = ""
) -> RedirectResponse:
    """Agree a report's submitted plan."""
    return _move(signed, store, plan_id, revision, PlanStatus.AGREED, comment)


@router.post("/plans/{plan_id}/request-changes")
def request_changes(
    signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision, comment: Comment = ""
) -> RedirectResponse:
    """Send a report's plan back, saying what should change (the comment is required)."""
    return _move(signed, store, plan_id, revision, PlanStatus.CHANGES_REQUESTED, comment)


@router.post("/plans/{plan_id}/checkins")
async def add_checkin(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    held_on: Annotated[date, Form()],
    notes: Comment = "",
) -> RedirectResponse:
    """Record a check-in: date, notes, progress (0-100) per item, and optionally new levels."""
    form = await request.form()
    progress: dict[str, int] = {}
    for key, value in form.multi_items():
        number = key.removeprefix("progress_")
        if number != key and isinstance(value, str) and value.strip():
            if not (number.isdigit() and len(number) <= 3 and value.strip().isdigit()):
                raise InvalidRequest(f"progress_{number[:3]}: a whole percentage from 0 to 100")
            progress[number] = int(value)
    plans.record_checkin(
        store,
        plan_id,
        held_on,
        notes,
        progress,
        levels=_levels_of(form.multi_items()),
        actor=signed.actor,
        viewer=signed.viewer,
    )
    return _to_plan(plan_id)


def _levels_of(fields: list[tuple[str, Any]]) -> dict[str, int]:
    """``level_<competency>`` fields that were filled in, as whole numbers."""
    levels: dict[str, int] = {}
    for key, value in fields:
        competency = key.removeprefix("level_")
        if competency == key or not isinstance(value, str) or not value.strip():
            continue
        if len(competency) > 80 or not value.strip().isdigit() or len(value.strip()) > 2:
            raise InvalidRequest(f"level_{competency[:80]}: a whole level on the framework's scale")
        levels[competency] = int(value)
    return levels


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """Plans of my reports awaiting my agreement."""
    entries = plan_workflow.inbox(store, signed.viewer)
    return render(request, "inbox.html", {"entries": entries, "fw": store.framework})
