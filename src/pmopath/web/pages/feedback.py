"""Feedback requests in the browser: a person's requests, asking for feedback (the links shown
once), one request with its answers (aggregated, unattributed, from the threshold), withdrawing
it (asked first), and turning an answer's example into evidence or a CV quote."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.services.feedback import examples, requests
from pmopath.services.feedback.checks import (
    COMPETENCIES_MAX,
    QUESTION_MAX,
    RESPONDENTS_MAX,
    parse_invitee,
)
from pmopath.web.deps import RuntimeDep, SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])
ResponseKey = Annotated[str, Path(max_length=64)]
PEOPLE_TEXT_MAX = RESPONDENTS_MAX * 500


@router.get("/feedback")
def my_feedback(signed: SignedPage) -> RedirectResponse:
    """My feedback requests (an account with no person has none)."""
    if signed.account.person_id is None:
        raise NotFound("person", "yourself")
    return RedirectResponse(f"/people/{signed.account.person_id}/feedback", status_code=303)


@router.get("/people/{person_id}/feedback", response_class=HTMLResponse)
def feedback_requests(
    request: Request, signed: SignedPage, runtime: RuntimeDep, store: StoreDep, person_id: int
) -> HTMLResponse:
    """The person's feedback requests, newest first: how many answered of how many."""
    policy = runtime.settings.feedback_policy
    person, found = requests.requests_of(store, str(person_id), viewer=signed.viewer, policy=policy)
    context = {
        "person": person,
        "own": signed.account.person_id == person_id,
        "requests": found,
        "now": store.clock(),
        "names": {c.id: c.name for c in store.framework.competencies},
        "policy": policy,
    }
    return render(request, "feedback_requests.html", context)


def _form_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    form: dict[str, Any] | None = None,
    problem: str | None = None,
) -> HTMLResponse:
    policy = request.app.state.runtime.settings.feedback_policy
    person = requests.askable_person(store, str(person_id), viewer=signed.viewer)
    refused = refusal(problem) if problem else None
    context = {
        "person": person,
        "own": signed.account.person_id == person_id,
        "fw": store.framework,
        "form": form or {"competencies": [], "question": "", "people": ""},
        "problem": refused.message if refused else None,
        "problem_field": refused.field if refused else "",
        "limits": {
            "question": QUESTION_MAX,
            "competencies": COMPETENCIES_MAX,
            "people": RESPONDENTS_MAX,
        },
        "policy": policy,
    }
    return render(request, "feedback_new.html", context, status_code=400 if problem else 200)


@router.get("/people/{person_id}/feedback/new", response_class=HTMLResponse)
def new_feedback_request(
    request: Request, signed: SignedPage, store: StoreDep, person_id: int
) -> HTMLResponse:
    """The form to ask named people for feedback on chosen competencies."""
    return _form_page(request, signed, store, person_id)


@router.post("/people/{person_id}/feedback", response_class=HTMLResponse)
def create_feedback_request(
    request: Request,
    signed: SignedPage,
    runtime: RuntimeDep,
    store: StoreDep,
    person_id: int,
    question: Annotated[str, Form(max_length=QUESTION_MAX + 100)] = "",
    people: Annotated[str, Form(max_length=PEOPLE_TEXT_MAX)] = "",
    competencies: Annotated[list[str], Form(max_length=COMPETENCIES_MAX + 50)] = [],  # noqa: B006
) -> HTMLResponse:
    """Ask the people listed; the page that follows shows each link this once."""
    invitees = [parse_invitee(line) for line in people.splitlines() if line.strip()]
    try:
        sent = requests.request_feedback(
            store,
            str(person_id),
            competencies=competencies,
            question=question,
            invitees=invitees,
            viewer=signed.viewer,
            actor=signed.actor,
            policy=runtime.settings.feedback_policy,
            base_url=runtime.settings.public_url,
        )
    except InvalidRequest as problem:
        kept = {"competencies": competencies, "question": question, "people": people}
        return _form_page(request, signed, store, person_id, kept, str(problem))
    names = {c.id: c.name for c in store.framework.competencies}
    context = {"sent": sent, "names": names}
    page = render(request, "feedback_sent.html", context)
    page.headers["Cache-Control"] = "private, no-store"
    return page


@router.get("/feedback/{request_id}", response_class=HTMLResponse)
def feedback_request(
    request: Request, signed: SignedPage, runtime: RuntimeDep, store: StoreDep, request_id: int
) -> HTMLResponse:
    """One request: "n of m answered"; from the threshold, its answers together."""
    policy = runtime.settings.feedback_policy
    detail = requests.request_detail(store, request_id, viewer=signed.viewer, policy=policy)
    framework = store.framework
    context = {
        "detail": detail,
        "request_": detail.summary.request,
        "status": detail.summary.status(store.clock()),
        "names": {c.id: c.name for c in framework.competencies},
        "scale": framework.scale,
    }
    return render(request, "feedback_request.html", context)


@router.post("/feedback/{request_id}/withdraw", response_model=None)
def withdraw_feedback_request(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    request_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Withdraw the request, once confirmed: its links stop working."""
    if not is_confirmed(confirmed):
        requests.request_for(store, request_id, viewer=signed.viewer)
        return confirmation(
            request,
            title="Withdraw this feedback request?",
            consequences=[
                "Every link sent for it stops working at once; people who have not answered "
                "see that the request was withdrawn.",
                "Answers already given are kept.",
                "This cannot be undone: to ask again, make a new request.",
            ],
            action=f"/feedback/{request_id}/withdraw",
            button="Withdraw the request",
            back=f"/feedback/{request_id}",
        )
    requests.withdraw_request(store, request_id, viewer=signed.viewer, actor=signed.actor)
    return redirect_with(request, f"/feedback/{request_id}", "Feedback request withdrawn.")


@router.post("/feedback/responses/{response_key}/evidence")
def feedback_example_to_evidence(
    request: Request,
    signed: SignedPage,
    runtime: RuntimeDep,
    store: StoreDep,
    response_key: ResponseKey,
) -> RedirectResponse:
    """Log an answer's example in my evidence log."""
    saved = examples.example_to_evidence(
        store,
        response_key,
        viewer=signed.viewer,
        actor=signed.actor,
        policy=runtime.settings.feedback_policy,
    )
    return redirect_with(request, "/evidence", f"Added to the evidence log: {saved.title}.")


@router.post("/feedback/responses/{response_key}/quote")
def choose_feedback_quote(
    request: Request,
    signed: SignedPage,
    runtime: RuntimeDep,
    store: StoreDep,
    response_key: ResponseKey,
    chosen: Annotated[str, Form(max_length=3)] = "yes",
) -> RedirectResponse:
    """Include an answer's example in my CV, or leave it out."""
    include = chosen == "yes"
    response = examples.choose_quote(
        store,
        response_key,
        include,
        viewer=signed.viewer,
        actor=signed.actor,
        policy=runtime.settings.feedback_policy,
    )
    words = (
        "is offered as a quote on your CV page (printed until you save other choices there)"
        if include
        else "is no longer offered for your CV"
    )
    return redirect_with(
        request, f"/feedback/{response.request_id}#examples", f"The example {words}."
    )
