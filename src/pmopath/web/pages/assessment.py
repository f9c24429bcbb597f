"""The self-assessment, one competency at a time, and its history.

The answers so far travel with the form and the step's address (``a=competency:level``), so
any server process can show any step: nothing is kept between requests until "Save".
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AssessmentSource
from pmopath.services.people import assessments
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Refusal, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Answers = Annotated[list[str], Query(alias="a", max_length=200)]
FormAnswers = Annotated[list[str], Form(alias="a", max_length=200)]
SAVE = "save"


@router.get("/assessment", response_class=HTMLResponse)
def assessment_step(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    answers: Answers = [],  # noqa: B006 - FastAPI copies defaults per request
    competency: Annotated[str | None, Query(max_length=80)] = None,
) -> HTMLResponse:
    """One competency of my self-assessment: its anchors, my level, previous and next."""
    levels = assessments.check_levels(store.framework, assessments.levels_from_answers(answers))
    return _step_page(request, signed, store, levels, competency)


def _step_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    levels: dict[str, int],
    competency: str | None,
    refused: Refusal | None = None,
) -> HTMLResponse:
    framework = store.framework
    current = assessments.my_current_levels(store, signed.viewer)
    step = assessments.assessment_step(framework, current, competency, levels)
    kept = {c: v for c, v in levels.items() if c != step.competency.id}
    context = {
        "step": step,
        "kept": assessments.answers_of(kept),
        "answered": len(levels),
        "current": current.get(step.competency.id),
        "scale": framework.scale,
        "refused": refused,
    }
    return render(request, "assessment.html", context, status_code=400 if refused else 200)


@router.post("/assessment", response_model=None)
def assessment_answer(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    go: Annotated[str, Form(max_length=80)],
    answers: FormAnswers = [],  # noqa: B006 - FastAPI copies defaults per request
    here: Annotated[str | None, Form(max_length=80)] = None,
) -> Response:
    """Keep this step's answer and move to another step, or save the whole assessment (a
    refused one shows the step again, answers kept)."""
    levels = assessments.check_levels(store.framework, assessments.levels_from_answers(answers))
    if go == SAVE:
        try:
            assessments.assess(
                store,
                str(signed.account.person_id or ""),
                levels,
                AssessmentSource.SELF,
                viewer=signed.viewer,
                actor=signed.actor,
            )
        except InvalidRequest as problem:
            return _step_page(request, signed, store, levels, here, refusal(problem, "self"))
        return redirect_with(request, "/assessment/history", "Your self-assessment is saved.")
    query = urlencode([("competency", go), *(("a", a) for a in assessments.answers_of(levels))])
    return RedirectResponse(f"/assessment?{query}", status_code=303)


@router.get("/assessment/history", response_class=HTMLResponse)
def assessment_history(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
) -> HTMLResponse:
    """Every assessment of me, and what changed between my two latest self-assessments."""
    reference = str(signed.account.person_id or "")
    history = assessments.assessment_history(store, reference, viewer=signed.viewer)
    context = {
        "history": history,
        "changes": assessments.changes_since_last(history),
        "fw": store.framework,
    }
    return render(request, "assessment_history.html", context)
