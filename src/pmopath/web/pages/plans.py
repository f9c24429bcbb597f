"""Plan pages: my plan (generate, edit, submit), one plan (agree, ask for changes, check in), inbox.

Every form that changes a plan carries the revision it was drawn from, so a stale form is
refused with 409 (web/errors.py) instead of overwriting someone else's change. A form the plan
refuses shows the plan again (400) with what was typed and the message at its field; closing,
removing an item, withdrawing and revising ask first (web/forms.py); every change says what it
did on the next page (web/flash.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field

from pmopath.domain.eligibility import Eligibility
from pmopath.domain.errors import InvalidRequest, PermissionDenied
from pmopath.domain.plans import ItemStatus, Plan, PlanItem, PlanStatus, check_move
from pmopath.domain.reviews import CADENCE_LABELS
from pmopath.services.people import credentials as person_credentials
from pmopath.services.plans import records as plans
from pmopath.services.plans import review_context as plan_review_context
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import workflow as plan_workflow
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, Refusal, confirmation, is_confirmed, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

TEXT_MAX = 4000
Revision = Annotated[int, Form(ge=1, le=2**31 - 1)]
Comment = Annotated[str, Form(max_length=TEXT_MAX)]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_none)


class ItemForm(BaseModel):
    """One plan item as a form sends it; empty fields mean 'not set'. Numbers, dates and the
    status arrive as typed and are read in ``item()``, so a bad one is refused like any other
    problem: the form comes back with what was typed and the message at the field."""

    revision: int = Field(ge=1, le=2**31 - 1)
    competency: Annotated[str | None, Blank] = Field(None, max_length=80)
    action_id: Annotated[str | None, Blank] = Field(None, max_length=80)
    free_text: str = Field("", max_length=1000)
    target_level: Annotated[str | None, Blank] = Field(None, max_length=20)
    start_on: Annotated[str | None, Blank] = Field(None, max_length=20)
    due_on: Annotated[str | None, Blank] = Field(None, max_length=20)
    status: str = Field(ItemStatus.PLANNED.value, max_length=20)
    effort_hours: Annotated[str | None, Blank] = Field(None, max_length=20)

    def item(self) -> PlanItem:
        """The item; raises InvalidRequest naming the field for a bad number, date or status."""
        return PlanItem(
            self.competency,
            self.action_id,
            self.free_text.strip(),
            _whole(self.target_level, "target_level", 0, 10),
            _day(self.start_on, "start_on"),
            _day(self.due_on, "due_on"),
            _status(self.status),
            _hours(self.effort_hours),
        )


def _whole(text: str | None, field: str, low: int, high: int) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or not low <= int(text) <= high:
        raise InvalidRequest(f"{field}: a whole number from {low} to {high}")
    return int(text)


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequest(f"{field}: a date such as 2027-03-31") from None


def _status(text: str) -> ItemStatus:
    try:
        return ItemStatus(text)
    except ValueError:
        raise InvalidRequest("status: one of the statuses offered") from None


def _hours(text: str | None) -> float:
    if text is None:
        return 0.0
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= 10000:  # also refuses nan
        raise InvalidRequest("effort_hours: a number of hours from 0 to 10,000")
    return hours


def _to_plan(plan_id: int | None) -> RedirectResponse:
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


def plan_page_of(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    mine: bool = False,
    *,
    refused: Refusal | None = None,
    kept: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The plan page; a refused form comes back with ``refused`` and what was typed (400)."""
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
        "refused": refused,
        "kept": kept or {},
        "review_context": (
            plan_review_context.review_context(store, signed.viewer, plan_id)
            if detail.may_agree and detail.plan.status is PlanStatus.SUBMITTED
            else None
        ),
    }
    return render(request, "plan.html", context, status_code=400 if refused else 200)


def _eligibility(store: StoreDep, signed: SignedPage, plan: Plan) -> tuple[Eligibility, ...]:
    """The owner's eligibility for the plan's certifications and its target role's."""
    actions = [i.action_id for i in plan.items if i.action_id]
    return person_credentials.plan_eligibility(
        store, signed.viewer, plan.person_id, actions, plan.target_role, store.clock().date()
    )


def _start_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    mine: list[Plan],
    refused: Refusal | None = None,
) -> HTMLResponse:
    primary = plan_workflow.my_primary_target(store, signed.viewer)
    context = {
        "past": mine,
        "fw": store.framework,
        "has_person": bool(signed.viewer.person_id),
        "primary": primary,
        "refused": refused,
    }
    return render(request, "plan_start.html", context, status_code=400 if refused else 200)


@router.get("/plan", response_class=HTMLResponse)
def my_plan(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """My open plan to read and edit, or a button to draft one from my gaps."""
    mine = plan_workflow.my_plans(store, signed.viewer)
    current = plan_workflow.current_plan(mine)
    if current is not None and current.id is not None:
        return plan_page_of(request, signed, store, current.id, mine=True)
    return _start_page(request, signed, store, mine)


@router.post("/plan/generate", response_model=None)
def generate_plan(request: Request, signed: SignedPage, store: StoreDep) -> Response:
    """Draft my plan towards my primary target from my gaps (refused: the page says why)."""
    try:
        plan_workflow.start_my_plan(store, signed.viewer, actor=signed.actor, from_gaps=True)
    except InvalidRequest as problem:
        mine = plan_workflow.my_plans(store, signed.viewer)
        return _start_page(request, signed, store, mine, refusal(problem, "generate"))
    return redirect_with(
        request, "/plan", "Your draft plan is ready: change anything, then submit it."
    )


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(request: Request, signed: SignedPage, store: StoreDep, plan_id: int) -> HTMLResponse:
    """One plan: items, status, history, check-ins; a manager above the owner agrees it here."""
    return plan_page_of(request, signed, store, plan_id)


@router.post("/plans/{plan_id}/items", response_model=None)
def add_item(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    form: Annotated[ItemForm, Form()],
) -> Response:
    """Add a catalogue or free-text item to my draft."""
    try:
        item = form.item()
        plan_workflow.add_item(
            store, signed.viewer, plan_id, form.revision, item, actor=signed.actor
        )
    except InvalidRequest as problem:
        refused = refusal(problem, "new")
        return plan_page_of(request, signed, store, plan_id, refused=refused, kept={"item": form})
    return redirect_with(request, f"/plans/{plan_id}#items", "Item added.")


@router.post("/plans/{plan_id}/items/{number}", response_model=None)
def change_item(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    number: int,
    form: Annotated[ItemForm, Form()],
) -> Response:
    """Change one item of my draft (level, dates, status, effort...)."""
    try:
        item = form.item()
        plan_workflow.change_item(
            store, signed.viewer, plan_id, form.revision, number, item, actor=signed.actor
        )
    except InvalidRequest as problem:
        refused = refusal(problem, f"item{number}")
        return plan_page_of(request, signed, store, plan_id, refused=refused, kept={"item": form})
    return redirect_with(request, f"/plans/{plan_id}#items", f"Item {number} saved.")


@router.post("/plans/{plan_id}/items/{number}/remove", response_model=None)
def remove_item(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    number: int,
    revision: Revision,
    confirmed: Confirmation = "",
) -> Response:
    """Remove one item of my draft, once confirmed."""
    if not is_confirmed(confirmed):
        plan = _editable(store, signed, plan_id)
        what = _item_words(store, plan, number)
        return confirmation(
            request,
            title=f"Remove item {number}?",
            consequences=[
                f"Item {number}{what} is taken out of this draft plan.",
                "The items after it move up one number.",
                "To have it back, add it again.",
            ],
            action=f"/plans/{plan_id}/items/{number}/remove",
            fields={"revision": revision},
            button=f"Remove item {number}",
            back=f"/plans/{plan_id}#items",
        )
    plan_workflow.remove_item(store, signed.viewer, plan_id, revision, number, actor=signed.actor)
    return redirect_with(request, f"/plans/{plan_id}#items", f"Item {number} removed.")


def _editable(store: StoreDep, signed: SignedPage, plan_id: int) -> Plan:
    """The plan, if this viewer may change it (else what the change itself would raise)."""
    detail = plan_workflow.plan_detail(store, signed.viewer, plan_id)
    if not detail.may_edit:
        raise PermissionDenied("only the plan's owner or an admin can change or submit it")
    return detail.plan


def editable_plan(store: StoreDep, signed: SignedPage, plan_id: int, wanted: PlanStatus) -> Plan:
    """The plan, if this viewer may move it to ``wanted`` from where it is."""
    plan = _editable(store, signed, plan_id)
    check_move(plan.status, wanted)
    return plan


def _item_words(store: StoreDep, plan: Plan, number: int) -> str:
    if not 1 <= number <= len(plan.items):
        return ""
    item = plan.items[number - 1]
    action = store.framework.actions_by_id.get(item.action_id or "")
    what = action.title if action is not None else (item.free_text or item.action_id or "")
    return f" ({what})" if what else ""


@router.post("/plans/{plan_id}/checkins", response_model=None)
async def add_checkin(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    held_on: Annotated[str, Form(max_length=20)],
    notes: Comment = "",
) -> Response:
    """Record a check-in: date, notes, progress (0-100) per item, and optionally new levels."""
    form = await request.form()
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    kept = {
        "held_on": held_on,
        "notes": notes,
        "values": {k: v for k, v in fields if k.startswith(("progress_", "level_"))},
    }
    try:
        day = _day(held_on, "held_on") or store.clock().date()
        progress = _progress_of(fields)
        levels = _levels_of(fields)
        plans.record_checkin(
            store,
            plan_id,
            day,
            notes,
            progress,
            levels=levels,
            actor=signed.actor,
            viewer=signed.viewer,
        )
    except InvalidRequest as problem:
        refused = refusal(problem, "checkin")
        return plan_page_of(request, signed, store, plan_id, refused=refused, kept=kept)
    return redirect_with(request, f"/plans/{plan_id}", "Check-in recorded.")


def _progress_of(fields: list[tuple[str, str]]) -> dict[str, int]:
    """``progress_<item>`` fields that were filled in, as whole percentages."""
    progress: dict[str, int] = {}
    for key, value in fields:
        number = key.removeprefix("progress_")
        if number != key and value.strip():
            if not (number.isdigit() and len(number) <= 3 and value.strip().isdigit()):
                raise InvalidRequest(f"progress_{number[:3]}: a whole percentage from 0 to 100")
            progress[number] = int(value)
    return progress


def _levels_of(fields: list[tuple[str, str]]) -> dict[str, int]:
    """``level_<competency>`` fields that were filled in, as whole numbers."""
    levels: dict[str, int] = {}
    for key, value in fields:
        competency = key.removeprefix("level_")
        if competency == key or not value.strip():
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
