"""Calibration pages: a manager's flags over their team, one person's levels side by side with
the calibrated levels and reasons, and an admin's calibration sessions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.calibration import NAME_MAX, REASON_MAX
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import AccountRole
from pmopath.services.calibration import decisions, flags, sessions
from pmopath.services.calibration.groups import parse_kind
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed, refusal
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

RETURNS = ("person", "team", "session")
"""Where a recorded calibration sends the manager back to."""


def _problem(context: dict[str, Any], problem: str | None) -> dict[str, Any]:
    """The refusal's field (as the service names it) and its words for the page."""
    context["problem_field"] = (problem or "").partition(":")[0]
    context["problem"] = refusal(problem).message if problem else None
    return context


@router.get("/calibration", response_model=None)
def team_calibration(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    kind: Annotated[str, Query(max_length=16)] = "",
    group: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The disagreements in my team (or a group an admin names), each with a form to calibrate."""
    viewer = signed.viewer
    if not (viewer.is_admin or viewer.role is AccountRole.MANAGER) and viewer.person_id:
        return RedirectResponse(f"/people/{viewer.person_id}/calibration", status_code=303)
    context: dict[str, Any] = {"fw": store.framework, "kind": kind, "group": group}
    context["is_admin"] = viewer.is_admin
    context["report"], status = None, 200
    if kind or group or viewer.person_id is not None or not viewer.is_admin:
        try:
            chosen = parse_kind(kind) if kind else None
            context["report"] = flags.team_flags(store, viewer=viewer, kind=chosen, reference=group)
        except InvalidRequest as problem:
            _problem(context, str(problem))
            status = 400
    context.setdefault("problem", None)
    return render(request, "calibration_team.html", context, status_code=status)


def _person_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    form: dict[str, Any] | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    found = decisions.person_calibration(store, str(person_id), viewer=signed.viewer)
    flagged = next((r.competency for r in found.rows if r.flagged), "")
    context = {
        "found": found,
        "fw": store.framework,
        "form": form or {"competency": flagged, "level": "", "reason": "", "session_id": ""},
        "reason_max": REASON_MAX,
    }
    return render(
        request, "calibration_person.html", _problem(context, problem), status_code=status_code
    )


@router.get("/people/{person_id}/calibration", response_class=HTMLResponse)
def person_calibration(
    request: Request, signed: SignedPage, store: StoreDep, person_id: int
) -> HTMLResponse:
    """A person's calibrated levels and reasons; for their manager, every source side by side."""
    return _person_page(request, signed, store, person_id)


@router.post("/people/{person_id}/calibration", response_model=None)
def record_calibration(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    competency: Annotated[str, Form(max_length=80)] = "",
    level: Annotated[str, Form(max_length=4)] = "",
    reason: Annotated[str, Form(max_length=REASON_MAX * 2)] = "",
    session_id: Annotated[str, Form(max_length=12)] = "",
    return_to: Annotated[str, Form(max_length=16)] = "person",
) -> Response:
    """Record a calibrated level with its reason; a refused one keeps what I typed."""
    try:
        made = decisions.record_calibration(
            store,
            str(person_id),
            competency,
            _level(level),
            reason,
            viewer=signed.viewer,
            actor=signed.actor,
            session_id=int(session_id) if session_id.isdigit() else None,
        )
    except InvalidRequest as problem:
        kept = {"competency": competency, "level": level, "reason": reason}
        kept["session_id"] = session_id
        return _person_page(request, signed, store, person_id, kept, str(problem), 400)
    name = store.framework.competencies_by_id[made.competency].name
    done = f"Calibrated {name} at level {made.level}; it is now the current level."
    back = return_to if return_to in RETURNS else "person"
    if back == "session" and made.session_id is not None:
        return redirect_with(request, f"/calibration/sessions/{made.session_id}#decisions", done)
    if back == "team":
        return redirect_with(request, "/calibration", done)
    return redirect_with(request, f"/people/{person_id}/calibration", done)


def _level(text: str) -> int:
    value = text.strip()
    if not value.lstrip("-").isdigit():
        raise InvalidRequest("level: choose the calibrated level")
    return int(value)


def _sessions_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    form: dict[str, Any] | None = None,
    problem: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "sessions": sessions.list_sessions(store, viewer=signed.viewer),
        "fw": store.framework,
        "form": form or {"name": "", "kind": "team", "group": ""},
        "name_max": NAME_MAX,
    }
    return render(
        request, "calibration_sessions.html", _problem(context, problem), status_code=status_code
    )


@router.get("/calibration/sessions", response_class=HTMLResponse)
def list_sessions(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """Calibration sessions, newest first, and a form to open one (admins)."""
    return _sessions_page(request, signed, store)


@router.post("/calibration/sessions", response_model=None)
def open_session(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    name: Annotated[str, Form(max_length=NAME_MAX * 2)] = "",
    kind: Annotated[str, Form(max_length=16)] = "",
    group: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Open a session over a team, a manager's tree or a role; a refused one keeps my input."""
    try:
        opened = sessions.open_session(
            store, name, parse_kind(kind), group, viewer=signed.viewer, actor=signed.actor
        )
    except InvalidRequest as problem:
        kept = {"name": name, "kind": kind, "group": group}
        return _sessions_page(request, signed, store, kept, str(problem), 400)
    return redirect_with(
        request, f"/calibration/sessions/{opened.id}", f"Session opened: {opened.name}."
    )


@router.get("/calibration/sessions/{session_id}", response_class=HTMLResponse)
def session_page(
    request: Request, signed: SignedPage, store: StoreDep, session_id: int
) -> HTMLResponse:
    """A session: levels per competency, outliers, open flags to calibrate, decisions made."""
    report = sessions.session_report(store, session_id, viewer=signed.viewer)
    names = store.framework.competencies_by_id
    rows = [(names[s.competency].name, s.counts) for s in report.spreads]
    context = {
        "report": report,
        "fw": store.framework,
        "reason_max": REASON_MAX,
        "chart_rows": rows,
    }
    return render(request, "calibration_session.html", context)


@router.post("/calibration/sessions/{session_id}/close", response_model=None)
def close_session(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    session_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Close the session, once confirmed: later decisions no longer join it."""
    found = sessions.session_of(store, session_id, viewer=signed.viewer)
    if not is_confirmed(confirmed):
        return confirmation(
            request,
            title=f"Close the session {found.name}?",
            consequences=[
                "Decisions can no longer be recorded in it; it cannot be opened again.",
                "Its decisions stay, listed on its page, and stay the current levels.",
            ],
            action=f"/calibration/sessions/{session_id}/close",
            button="Close the session",
            back=f"/calibration/sessions/{session_id}",
        )
    closed = sessions.close_session(store, session_id, viewer=signed.viewer, actor=signed.actor)
    return redirect_with(
        request, f"/calibration/sessions/{session_id}", f"Session closed: {closed.name}."
    )
