"""A person's page: their record, targets, readiness, evidence; managers assess from here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.calibration import LevelsCompared
from pmopath.domain.errors import BadInput, InvalidRequest
from pmopath.domain.people import AccountRole, AssessmentSource
from pmopath.services.calibration.decisions import person_calibration
from pmopath.services.insight import profile
from pmopath.services.people import assessments, role_history
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people import records as people
from pmopath.services.plans.reminders import calendar_feed_of
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

RECENT = 5
FormAnswers = Annotated[list[str], Form(alias="a", max_length=200)]


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    assessed: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    """Role, manager, targets, levels against the primary target, role history, evidence."""
    return render_person(request, signed, store, person_id, {"assessed": assessed})


def render_person(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The person page; ``extra`` carries a refused form's input (``cred_form``,
    ``history_form``) and its ``problem``, shown with ``status_code``."""
    found = profile.profile_of(store, str(person_id), viewer=signed.viewer)
    names = store.framework.competencies_by_id
    rows = []
    if found.gap is not None:
        rows = [
            (names[g.competency].name, g.current, g.required, g.critical)
            for g in found.gap.analysis.gaps
        ]
    history = assessments.assessment_history(store, str(person_id), viewer=signed.viewer)
    context = {
        "p": found,
        "fw": store.framework,
        "chart_rows": rows,
        "assessed": False,
        "recent": history[:RECENT],
        "changes": assessments.changes_since_last(history),
        "calendar_feed": calendar_feed_of(store, str(person_id), viewer=signed.viewer),
        "cred": person_credentials.credentials_panel(
            store, signed.viewer, str(person_id), store.clock().date()
        ),
        "hist": role_history.history_of(store, str(person_id), viewer=signed.viewer),
        "sources": _sources(signed, store, person_id),
        "today": store.clock().date(),
        "cred_form": None,
        "history_form": None,
        "assess_form": None,
        "target_form": None,
        "problem": None,
        "problem_field": "",
        **(extra or {}),
    }
    if context["problem"]:  # the field as the service names it; the words without that name
        context["problem_field"] = context["problem"].partition(":")[0]
        context["problem"] = refusal(context["problem"]).message
    return render(request, "person.html", context, status_code=status_code)


@router.post("/people/{person_id}/assessment", response_model=None)
def manager_assessment(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    note: Annotated[str, Form(max_length=assessments.NOTE_MAX)] = "",
    answers: FormAnswers = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    """Record my assessment of a report (as their manager); a refused one keeps my ratings."""
    try:
        assessments.assess(
            store,
            str(person_id),
            assessments.levels_from_answers(answers),
            AssessmentSource.MANAGER,
            viewer=signed.viewer,
            actor=signed.actor,
            note=note,
        )
    except InvalidRequest as problem:
        kept = {"answers": [a for a in answers if a], "note": note}
        extra = {"assess_form": kept, "problem": str(problem)}
        return render_person(request, signed, store, person_id, extra, status_code=400)
    return RedirectResponse(f"/people/{person_id}?assessed=1", status_code=303)


@router.post("/people/{person_id}/targets", response_model=None)
def add_target(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    role: Annotated[str, Form(min_length=1, max_length=120)],
    primary: Annotated[bool, Form()] = False,
) -> Response:
    """Add a target role, or make one primary."""
    try:
        people.set_target(
            store, str(person_id), role, actor=signed.actor, primary=primary, viewer=signed.viewer
        )
    except BadInput as problem:
        extra = {"target_form": {"role": role, "primary": primary}, "problem": str(problem)}
        return render_person(request, signed, store, person_id, extra, status_code=400)
    title = store.framework.roles_by_id[role].title if role in store.framework.roles_by_id else role
    done = f"{title} is now the primary target." if primary else f"{title} added as a target."
    return redirect_with(request, f"/people/{person_id}#targets", done)


def _sources(signed: SignedPage, store: StoreDep, person_id: int) -> list[LevelsCompared]:
    """Every source's level side by side (calibration's comparison): for a manager above the
    person or an admin (the person's own page keeps its own view)."""
    if signed.viewer.person_id == person_id or not (
        signed.viewer.is_admin or signed.viewer.role is AccountRole.MANAGER
    ):
        return []
    return list(person_calibration(store, str(person_id), viewer=signed.viewer).rows)
