"""The evidence log: my achievements tagged to competencies; managers verify their reports'."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.plans import Evidence
from pmopath.services.people import evidence
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Text = Annotated[str, Form(max_length=evidence.TEXT_MAX)]
StarText = Annotated[str, Form(max_length=evidence.STAR_MAX)]


def _page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    form: dict[str, Any] | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    reference = str(signed.account.person_id or "")
    found = evidence.evidence_of(store, reference, viewer=signed.viewer)
    field, _, _ = (problem or "").partition(":")
    plain = refusal(problem).message if problem else None
    context = {
        "evidence": found,
        "fw": store.framework,
        "form": form or {"happened_on": store.clock().date().isoformat(), "competencies": []},
        "problem": plain,
        "problem_field": field,
        "limits": {
            "title": evidence.TITLE_MAX,
            "text": evidence.TEXT_MAX,
            "star": evidence.STAR_MAX,
        },
    }
    return render(request, "evidence.html", context, status_code=status_code)


@router.get("/evidence", response_class=HTMLResponse)
def evidence_log(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """My evidence, newest first, and a form to add one."""
    return _page(request, signed, store)


@router.post("/evidence", response_class=HTMLResponse)
def add_evidence(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    title: Annotated[str, Form(max_length=evidence.TITLE_MAX)],
    happened_on: Annotated[str, Form(max_length=20)],
    description: Text = "",
    impact: Text = "",
    competencies: Annotated[list[str], Form(max_length=evidence.COMPETENCIES_MAX)] = [],  # noqa: B006
    situation: StarText = "",
    task: StarText = "",
    action: StarText = "",
    result: StarText = "",
) -> Response:
    """Log an achievement; a problem re-shows the form with my input and the message."""
    reference = str(signed.account.person_id or "")
    star = {"situation": situation, "task": task, "action": action, "result": result}
    try:
        day = _day(happened_on)
        draft = Evidence(
            0,
            title,
            day,
            tuple(competencies),
            description,
            impact,
            situation=situation,
            task=task,
            action=action,
            result=result,
        )
        evidence.log_evidence(store, reference, draft, viewer=signed.viewer, actor=signed.actor)
    except InvalidRequest as problem:
        kept = {
            "title": title,
            "happened_on": happened_on,
            "description": description,
            "impact": impact,
            "competencies": competencies,
            **star,
        }
        return _page(request, signed, store, kept, str(problem), status_code=400)
    return redirect_with(request, "/evidence", "Your evidence is logged.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequest("happened_on: a date such as 2026-03-31") from None


@router.post("/evidence/{evidence_id}/verify")
def verify_evidence(
    request: Request, signed: SignedPage, store: StoreDep, evidence_id: int
) -> RedirectResponse:
    """Mark a report's evidence verified by me."""
    verified = evidence.verify_evidence(
        store, evidence_id, viewer=signed.viewer, actor=signed.actor
    )
    done = f"Evidence verified: {verified.title}."
    return redirect_with(request, f"/people/{verified.person_id}#evidence", done)
