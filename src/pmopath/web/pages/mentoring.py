"""Mentoring pages: my mentoring (an offer to mentor, as mentor and as mentee, asking for a
mentor) and matching for managers and admins (proposals, explained, and accepting them). One
relationship's page is web/pages/mentoring_relationships.py.

A refused form shows its page again (400) with what was typed and the message at the field;
withdrawing an offer asks first (web/forms.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from pmopath.domain import mentoring as rules
from pmopath.domain.errors import InvalidRequest
from pmopath.services.mentoring import matching, offers, overview, relationships
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Short = Annotated[str, Form(max_length=20)]
Review = Annotated[str, Form(max_length=rules.REVIEW_MAX + 100)]
Competencies = Annotated[list[str], Form(max_length=60)]
GoalTexts = Annotated[list[str], Form(max_length=rules.GOALS_MAX + 5)]


def _mine(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    form: dict[str, Any] | None = None,
    problem: Exception | None = None,
    status_code: int = 200,
    form_name: str = "offer",
) -> HTMLResponse:
    mine = overview.my_mentoring(store, signed.viewer)
    offer = mine.offer.offer if mine.offer else None
    kept = form or {
        "competencies": list(offer.competencies) if offer else [],
        "capacity": str(offer.capacity) if offer else "1",
        "availability": offer.availability if offer else "",
    }
    context = {
        "mine": mine,
        "fw": store.framework,
        "form": kept,
        "refused": refusal(problem, form_name) if problem else None,
        "limits": {"capacity": rules.CAPACITY_MAX, "availability": rules.AVAILABILITY_MAX},
        "offer_level": rules.OFFER_LEVEL,
        "can_match": signed.viewer.role.value in ("manager", "admin"),
    }
    return render(request, "mentoring.html", context, status_code=status_code)


@router.get("/mentoring", response_class=HTMLResponse)
def my_mentoring(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """My offer to mentor, my mentees and my mentors."""
    return _mine(request, signed, store)


@router.post("/mentoring/offer", response_class=HTMLResponse)
def save_offer(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    capacity: Short,
    availability: Annotated[str, Form(max_length=rules.AVAILABILITY_MAX + 100)] = "",
    competencies: Competencies = [],  # noqa: B006 - FastAPI reads it, never mutated
) -> Response:
    """Make or change my offer; a problem shows the form again with what I typed."""
    try:
        places = _whole(capacity, "capacity")
        offers.offer_to_mentor(
            store,
            signed.viewer,
            str(signed.account.person_id or ""),
            competencies=competencies,
            capacity=places,
            availability=availability,
            actor=signed.actor,
        )
    except InvalidRequest as problem:
        kept = {"competencies": competencies, "capacity": capacity, "availability": availability}
        return _mine(request, signed, store, kept, problem, status_code=400)
    return redirect_with(request, "/mentoring", "Your offer to mentor is saved.")


@router.post("/mentoring/offer/withdraw", response_class=HTMLResponse)
def withdraw_offer(
    request: Request, signed: SignedPage, store: StoreDep, confirmed: Confirmation = ""
) -> Response:
    """Withdraw my offer (asks first); mentees I have keep me."""
    if not is_confirmed(confirmed):
        return confirmation(
            request,
            title="Withdraw your offer to mentor",
            consequences=[
                "Matching will no longer propose you as a mentor.",
                "Mentees you have now keep you until your mentoring ends.",
            ],
            action="/mentoring/offer/withdraw",
            button="Withdraw my offer",
            back="/mentoring",
        )
    offers.withdraw_offer(
        store, signed.viewer, str(signed.account.person_id or ""), actor=signed.actor
    )
    return redirect_with(request, "/mentoring", "Your offer to mentor is withdrawn.")


@router.post("/mentoring/request", response_class=HTMLResponse)
def ask_for_a_mentor(request: Request, signed: SignedPage, store: StoreDep) -> Response:
    """Ask for a mentor for one of my largest gaps; the mentor then agrees or declines."""
    try:
        made = relationships.request_mentor(
            store, signed.viewer, str(signed.account.person_id or ""), actor=signed.actor
        )
    except InvalidRequest as problem:
        return _mine(request, signed, store, None, problem, 400, "request")
    return redirect_with(
        request, f"/mentoring/{made.id}", "A mentor is proposed: they will agree or decline."
    )


def _matching_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    team: str,
    problem: Exception | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    result = None
    refused = refusal(problem, "match") if problem else None
    try:
        result = matching.match_group(store, signed.viewer, team=team.strip() or None)
    except InvalidRequest as bad_team:
        refused, status_code = refusal(bad_team, "match"), 400
    context = {"result": result, "team": team, "refused": refused}
    return render(request, "mentoring_matching.html", context, status_code=status_code)


@router.get("/mentoring/matching", response_class=HTMLResponse)
def matching_page(
    request: Request, signed: SignedPage, store: StoreDep, team: str = ""
) -> HTMLResponse:
    """Proposed mentors for my group's largest gaps, each explained (managers and admins)."""
    if len(team) > 200:
        team = team[:200]
    return _matching_page(request, signed, store, team)


@router.post("/mentoring/matching", response_class=HTMLResponse)
def accept_matches(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    team: Annotated[str, Form(max_length=200)] = "",
    pair: Annotated[list[str], Form(max_length=matching.MAX_MENTEES)] = [],  # noqa: B006
) -> Response:
    """Propose the chosen pairs to the people; each of them then agrees or declines."""
    try:
        chosen = [_pair(value) for value in pair]
        if not chosen:
            raise InvalidRequest("proposals: choose at least one proposal to accept")
        made = relationships.accept_proposals(
            store, signed.viewer, actor=signed.actor, team=team.strip() or None, chosen=chosen
        )
    except InvalidRequest as problem:
        return _matching_page(request, signed, store, team, problem, status_code=400)
    count = len(made)
    words = f"{count} mentoring pair{'s' if count != 1 else ''} proposed to the people."
    return redirect_with(request, f"/mentoring/matching?team={team.strip()}", words)


def _pair(value: str) -> tuple[int, int]:
    mentee, _, mentor = value.partition("-")
    if not (mentee.isdigit() and mentor.isdigit()) or len(value) > 30:
        raise InvalidRequest("proposals: a proposal could not be read; run matching again")
    return int(mentee), int(mentor)


def _whole(text: str, field: str) -> int:
    if not text.strip().isdigit():
        raise InvalidRequest(f"{field}: a whole number from 1 to {rules.CAPACITY_MAX}")
    return int(text)
