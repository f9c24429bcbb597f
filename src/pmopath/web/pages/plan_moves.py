"""A plan's moves: submit, withdraw or revise as a draft, close, reopen, agree, ask for changes.

Withdrawing, revising an agreed plan and closing ask first (web/forms.py); a closed plan is
reopened from its page; each move says what it did on the next page (web/flash.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.plans import PlanStatus
from pmopath.services.plans import records as plans
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed, refusal
from pmopath.web.pages.plans import TEXT_MAX, Revision, editable_plan, plan_page_of

router = APIRouter(tags=["pages"])

Comment = Annotated[str, Form(max_length=TEXT_MAX)]


def _move(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: int,
    status: PlanStatus,
    done: str,
    comment: str = "",
) -> Response:
    plans.update_plan(
        store,
        plan_id,
        revision,
        status=status,
        comment=comment if comment.strip() else None,
        actor=signed.actor,
        viewer=signed.viewer,
    )
    return redirect_with(request, f"/plans/{plan_id}", done)


@router.post("/plans/{plan_id}/submit", response_model=None)
def submit_plan(
    request: Request, signed: SignedPage, store: StoreDep, plan_id: int, revision: Revision
) -> Response:
    """Submit my plan to my manager."""
    done = "Plan submitted: your manager has been told and can agree it or ask for changes."
    return _move(request, signed, store, plan_id, revision, PlanStatus.SUBMITTED, done)


@router.post("/plans/{plan_id}/reopen", response_model=None)
def reopen_plan(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: Revision,
    confirmed: Confirmation = "",
) -> Response:
    """Take my plan back to a draft: withdraw it, revise an agreed plan (both asked first), or
    reopen a closed one."""
    plan = editable_plan(store, signed, plan_id, PlanStatus.DRAFT)
    asks = {
        PlanStatus.SUBMITTED: (
            "Withdraw this plan?",
            [
                "The plan goes back to a draft and leaves your manager's inbox.",
                "You can change it and submit it again.",
            ],
            "Withdraw to a draft",
        ),
        PlanStatus.AGREED: (
            "Revise this agreed plan?",
            [
                "The plan goes back to a draft as its next version; the agreement ends.",
                "Your manager agrees it again once you resubmit it.",
            ],
            "Revise as a draft",
        ),
    }
    if plan.status in asks and not is_confirmed(confirmed):
        title, consequences, button = asks[plan.status]
        return confirmation(
            request,
            title=title,
            consequences=consequences,
            action=f"/plans/{plan_id}/reopen",
            fields={"revision": revision},
            button=button,
            back=f"/plans/{plan_id}",
        )
    done = {
        PlanStatus.SUBMITTED: "Plan withdrawn: it is a draft again.",
        PlanStatus.AGREED: "Plan reopened as a draft for its next version.",
        PlanStatus.CLOSED: "Plan reopened as a draft.",
    }.get(plan.status, "Plan back to a draft.")
    return _move(request, signed, store, plan_id, revision, PlanStatus.DRAFT, done)


@router.post("/plans/{plan_id}/close", response_model=None)
def close_plan(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: Revision,
    confirmed: Confirmation = "",
) -> Response:
    """Close my draft or agreed plan (it stays readable, and can be reopened), once confirmed."""
    editable_plan(store, signed, plan_id, PlanStatus.CLOSED)
    if not is_confirmed(confirmed):
        return confirmation(
            request,
            title="Close this plan?",
            consequences=[
                "The plan stops being your open plan: no more check-ins, items or reviews.",
                "It stays readable, with its history, and you can reopen it from its page.",
                "You can then draft or optimise a new plan.",
            ],
            action=f"/plans/{plan_id}/close",
            fields={"revision": revision},
            button="Close this plan",
            back=f"/plans/{plan_id}",
        )
    done = "Plan closed. You can reopen it from this page."
    return _move(request, signed, store, plan_id, revision, PlanStatus.CLOSED, done)


@router.post("/plans/{plan_id}/agree", response_model=None)
def agree_plan(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: Revision,
    comment: Comment = "",
) -> Response:
    """Agree a report's submitted plan."""
    done = "Plan agreed: its owner has been told."
    return _move(request, signed, store, plan_id, revision, PlanStatus.AGREED, done, comment)


@router.post("/plans/{plan_id}/request-changes", response_model=None)
def request_changes(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: Revision,
    comment: Comment = "",
) -> Response:
    """Send a report's plan back, saying what should change (the comment is required)."""
    done = "Changes requested: the owner has been told what to change."
    try:
        status = PlanStatus.CHANGES_REQUESTED
        return _move(request, signed, store, plan_id, revision, status, done, comment)
    except InvalidRequest as problem:
        refused = refusal(problem, "changes")
        kept = {"comment": comment}
        return plan_page_of(request, signed, store, plan_id, refused=refused, kept=kept)
