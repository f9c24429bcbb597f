"""A mentoring relationship's page: why this mentor, goals, agreement, sessions, sharing and
the end review (the pair acts; a manager above either of them, or an admin, only reads).

A refused form shows the page again (400) with what was typed and the message at the field;
declining and ending ask first (web/forms.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from pmopath.domain import mentoring as rules
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.mentoring import Goal
from pmopath.services.mentoring import overview, relationships, sessions
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Short = Annotated[str, Form(max_length=20)]
Review = Annotated[str, Form(max_length=rules.REVIEW_MAX + 100)]
GoalTexts = Annotated[list[str], Form(max_length=rules.GOALS_MAX + 5)]


def _relationship_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    problem: Exception | None = None,
    form_name: str = "",
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = overview.relationship_view(store, signed.viewer, relationship_id)
    context = {
        "view": view,
        "r": view.relationship,
        "fw": store.framework,
        "today": store.clock().date().isoformat(),
        "refused": refusal(problem, form_name) if problem else None,
        "form": form or {},
        "limits": {
            "goal": rules.GOAL_TEXT_MAX,
            "goals": rules.GOALS_MAX,
            "notes": rules.NOTES_MAX,
            "actions": rules.ACTIONS_MAX,
            "review": rules.REVIEW_MAX,
        },
    }
    return render(request, "mentoring_relationship.html", context, status_code=status_code)


@router.get("/mentoring/{relationship_id}", response_class=HTMLResponse)
def relationship_page(
    request: Request, signed: SignedPage, store: StoreDep, relationship_id: int
) -> HTMLResponse:
    """One mentoring relationship: why this mentor, goals, sessions, the end review."""
    return _relationship_page(request, signed, store, relationship_id)


@router.post("/mentoring/{relationship_id}/goals", response_class=HTMLResponse)
def save_goals(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    goal_text: GoalTexts = [],  # noqa: B006
    goal_competency: GoalTexts = [],  # noqa: B006
) -> Response:
    """Change the goals of a proposed relationship; both agree again."""
    competencies = [*goal_competency, *[""] * len(goal_text)]
    goals = [
        Goal(text, competencies[n] or None)
        for n, text in enumerate(goal_text)
        if text.strip() or competencies[n]
    ]
    try:
        relationships.set_goals(store, signed.viewer, relationship_id, goals, actor=signed.actor)
    except InvalidRequest as problem:
        kept = {"goal_text": goal_text, "goal_competency": goal_competency}
        return _relationship_page(
            request, signed, store, relationship_id, problem, "goals", kept, 400
        )
    done = "Goals saved. Both of you agree them again."
    return redirect_with(request, f"/mentoring/{relationship_id}", done)


@router.post("/mentoring/{relationship_id}/agree", response_class=HTMLResponse)
def agree(request: Request, signed: SignedPage, store: StoreDep, relationship_id: int) -> Response:
    """Agree the relationship and its goals."""
    try:
        saved = relationships.agree(store, signed.viewer, relationship_id, actor=signed.actor)
    except InvalidRequest as problem:
        return _relationship_page(
            request, signed, store, relationship_id, problem, "agree", None, 400
        )
    done = (
        "Agreed by both of you: the mentoring has started."
        if saved.started_on
        else "You agreed. Waiting for the other person."
    )
    return redirect_with(request, f"/mentoring/{relationship_id}", done)


@router.post("/mentoring/{relationship_id}/decline", response_class=HTMLResponse)
def decline(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Decline a proposed relationship (asks first)."""
    if not is_confirmed(confirmed):
        overview.relationship_view(store, signed.viewer, relationship_id)  # 404 if not theirs
        return confirmation(
            request,
            title="Decline this mentoring",
            consequences=["The proposal ends for both of you and cannot be agreed later."],
            action=f"/mentoring/{relationship_id}/decline",
            button="Decline",
            back=f"/mentoring/{relationship_id}",
        )
    try:
        relationships.decline(store, signed.viewer, relationship_id, actor=signed.actor)
    except InvalidRequest as problem:
        return _relationship_page(
            request, signed, store, relationship_id, problem, "agree", None, 400
        )
    return redirect_with(request, "/mentoring", "Mentoring declined.")


@router.post("/mentoring/{relationship_id}/sharing", response_class=HTMLResponse)
def share_progress(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    shares: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Let my mentor see my levels and plan items on our goals, or stop (the mentee)."""
    on = shares == "yes"
    relationships.share_progress(store, signed.viewer, relationship_id, on, actor=signed.actor)
    done = "Your mentor now sees your progress." if on else "Your progress is yours again."
    return redirect_with(request, f"/mentoring/{relationship_id}", done)


@router.post("/mentoring/{relationship_id}/plan", response_class=HTMLResponse)
def add_to_plan(
    request: Request, signed: SignedPage, store: StoreDep, relationship_id: int
) -> Response:
    """Put the goals into my open plan (the mentee)."""
    try:
        relationships.add_goals_to_plan(store, signed.viewer, relationship_id, actor=signed.actor)
    except InvalidRequest as problem:
        return _relationship_page(
            request, signed, store, relationship_id, problem, "plan", None, 400
        )
    return redirect_with(request, f"/mentoring/{relationship_id}", "The goals are in your plan.")


@router.post("/mentoring/{relationship_id}/sessions", response_class=HTMLResponse)
def log_session(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    held_on: Short,
    notes: Annotated[str, Form(max_length=rules.NOTES_MAX + 100)] = "",
    actions: Annotated[str, Form(max_length=rules.ACTIONS_MAX + 100)] = "",
    shared: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Log a session; its notes and actions stay with the pair unless the mentee shares."""
    try:
        sessions.log_session(
            store,
            signed.viewer,
            relationship_id,
            held_on=_day(held_on),
            notes=notes,
            actions=actions,
            shared=shared == "yes",
            actor=signed.actor,
        )
    except InvalidRequest as problem:
        kept = {"held_on": held_on, "notes": notes, "actions": actions, "shared": shared}
        return _relationship_page(
            request, signed, store, relationship_id, problem, "session", kept, 400
        )
    return redirect_with(request, f"/mentoring/{relationship_id}", "Session logged.")


@router.post("/mentoring/sessions/{session_id}/sharing", response_class=HTMLResponse)
def share_session(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    session_id: int,
    shared: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Share a session's notes beyond the pair, or take them back (the mentee)."""
    on = shared == "yes"
    saved = sessions.share_session(store, signed.viewer, session_id, on, actor=signed.actor)
    done = "Session notes shared." if on else "Session notes are the pair's again."
    return redirect_with(request, f"/mentoring/{saved.relationship_id}", done)


@router.post("/mentoring/{relationship_id}/end", response_class=HTMLResponse)
def end(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    relationship_id: int,
    review: Review = "",
    confirmed: Confirmation = "",
) -> Response:
    """End the mentoring with a short review (asks first); the review becomes the mentor's
    evidence of coaching."""
    try:
        rules.check_review(review)
    except InvalidRequest as problem:
        kept = {"review": review}
        return _relationship_page(
            request, signed, store, relationship_id, problem, "end", kept, 400
        )
    if not is_confirmed(confirmed):
        overview.relationship_view(store, signed.viewer, relationship_id)  # 404 if not theirs
        return confirmation(
            request,
            title="End this mentoring",
            consequences=[
                "The mentoring ends today for both of you; no more sessions can be logged.",
                "Your review is kept with it and logged as the mentor's evidence of coaching.",
            ],
            action=f"/mentoring/{relationship_id}/end",
            button="End the mentoring",
            back=f"/mentoring/{relationship_id}",
            fields={"review": review},
        )
    try:
        relationships.end_relationship(
            store, signed.viewer, relationship_id, review, actor=signed.actor
        )
    except InvalidRequest as problem:
        kept = {"review": review}
        return _relationship_page(
            request, signed, store, relationship_id, problem, "end", kept, 400
        )
    return redirect_with(
        request, f"/mentoring/{relationship_id}", "Mentoring ended. The review is logged."
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequest("held_on: a date such as 2027-03-31") from None
