"""A person's page: their record, targets, readiness, evidence; managers assess from here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pmopath.domain.people import AccountRole, AssessmentSource
from pmopath.services.insight import profile
from pmopath.services.people import assessments, role_history
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people import records as people
from pmopath.services.people.assessments import PastAssessment
from pmopath.services.people.level_sources import SourceLevels, side_by_side
from pmopath.services.plans.reminders import calendar_feed_of
from pmopath.web.deps import SignedPage, StoreDep
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
        "sources": _sources(signed, store, person_id, history),
        "today": store.clock().date(),
        "cred_form": None,
        "history_form": None,
        "problem": None,
        "problem_field": "",
        **(extra or {}),
    }
    context["problem_field"] = (context["problem"] or "").partition(":")[0]
    return render(request, "person.html", context, status_code=status_code)


@router.post("/people/{person_id}/assessment")
def manager_assessment(
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    note: Annotated[str, Form(max_length=assessments.NOTE_MAX)] = "",
    answers: FormAnswers = [],  # noqa: B006 - FastAPI copies defaults per request
) -> RedirectResponse:
    """Record my assessment of a report (as their manager)."""
    assessments.assess(
        store,
        str(person_id),
        assessments.levels_from_answers(answers),
        AssessmentSource.MANAGER,
        viewer=signed.viewer,
        actor=signed.actor,
        note=note,
    )
    return RedirectResponse(f"/people/{person_id}?assessed=1", status_code=303)


@router.post("/people/{person_id}/targets")
def add_target(
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    role: Annotated[str, Form(min_length=1, max_length=120)],
    primary: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Add a target role, or make one primary."""
    people.set_target(
        store, str(person_id), role, actor=signed.actor, primary=primary, viewer=signed.viewer
    )
    return RedirectResponse(f"/people/{person_id}#targets", status_code=303)


def _sources(
    signed: SignedPage, store: StoreDep, person_id: int, history: list[PastAssessment]
) -> list[SourceLevels]:
    """Self, manager and peer levels side by side: for a manager or an admin looking at
    someone else (the person's own page keeps its own view)."""
    if signed.viewer.person_id == person_id or not (
        signed.viewer.is_admin or signed.viewer.role is AccountRole.MANAGER
    ):
        return []
    return side_by_side(store.framework.competencies, [p.recorded for p in history])
