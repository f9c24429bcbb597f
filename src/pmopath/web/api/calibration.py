"""Calibration as JSON: a person's levels side by side and their calibrated levels, a group's
flags, recording a calibrated level, and calibration sessions (admins)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from pmopath.domain.calibration import NAME_MAX, REASON_MAX, GroupKind
from pmopath.services.calibration import decisions, flags, sessions
from pmopath.services.calibration.schemas import (
    DecisionPublic,
    FlagsPublic,
    PersonCalibrationPublic,
    SessionPublic,
    SessionReportPublic,
    SessionsPublic,
)
from pmopath.services.calibration.views import (
    decision_view,
    flags_view,
    person_calibration_view,
    session_report_view,
    session_view,
    sessions_view,
)
from pmopath.services.people.access import names_of
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["calibration"])

Kind = Literal["team", "manager", "role"]


class CalibrationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competency: str = Field(min_length=1, max_length=80)
    level: int
    reason: str = Field(max_length=REASON_MAX)
    session_id: int | None = None


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=NAME_MAX)
    kind: Kind
    group: str = Field(min_length=1, max_length=200)
    """A team's name, a manager's e-mail or id, or a role id."""


@router.get("/people/{person_id}/calibration", responses=error_responses(403))
def person_calibration(
    caller: ApiCaller, store: StoreDep, person_id: int
) -> PersonCalibrationPublic:
    """The person's levels from every source side by side (for a manager above them or an
    admin) and their calibrated levels with reasons, newest first."""
    found = decisions.person_calibration(store, str(person_id), viewer=caller.viewer)
    return person_calibration_view(found)


@router.post(
    "/people/{person_id}/calibration", status_code=201, responses=error_responses(400, 403)
)
def record_calibration(
    caller: ApiCaller, store: StoreDep, person_id: int, body: CalibrationCreate
) -> DecisionPublic:
    """Record a calibrated level with its reason: it becomes the person's current level."""
    made = decisions.record_calibration(
        store,
        str(person_id),
        body.competency,
        body.level,
        body.reason,
        viewer=caller.viewer,
        actor=caller.actor,
        session_id=body.session_id,
    )
    named = {made.person_id, made.decided_by_id or made.person_id}
    return decision_view(made, names_of(store.unit_of_work, named))


@router.get("/calibration/flags", responses=error_responses(400, 403))
def calibration_flags(
    caller: ApiCaller,
    store: StoreDep,
    kind: Annotated[Kind | None, Query()] = None,
    group: Annotated[str, Query(max_length=200)] = "",
) -> FlagsPublic:
    """Disagreements of two levels or more not yet calibrated, in my team (or a group)."""
    report = flags.team_flags(
        store,
        viewer=caller.viewer,
        kind=GroupKind(kind) if kind else None,
        reference=group,
    )
    return flags_view(report)


@router.get("/calibration/sessions", responses=error_responses(403))
def list_sessions(caller: ApiCaller, store: StoreDep) -> SessionsPublic:
    """Every calibration session, newest first (admins)."""
    return sessions_view(sessions.list_sessions(store, viewer=caller.viewer))


@router.post("/calibration/sessions", status_code=201, responses=error_responses(400, 403))
def open_session(caller: ApiCaller, store: StoreDep, body: SessionCreate) -> SessionPublic:
    """Open a calibration session over a team, a manager's tree or a role (admins)."""
    opened = sessions.open_session(
        store, body.name, GroupKind(body.kind), body.group, viewer=caller.viewer, actor=caller.actor
    )
    return session_view(opened)


@router.get("/calibration/sessions/{session_id}", responses=error_responses(403))
def session_report(caller: ApiCaller, store: StoreDep, session_id: int) -> SessionReportPublic:
    """A session's group: levels per competency, outliers, open flags and decisions made."""
    return session_report_view(sessions.session_report(store, session_id, viewer=caller.viewer))


@router.post("/calibration/sessions/{session_id}/close", responses=error_responses(403, 409))
def close_session(caller: ApiCaller, store: StoreDep, session_id: int) -> SessionPublic:
    """Close a session: decisions can no longer join it (admins)."""
    closed = sessions.close_session(store, session_id, viewer=caller.viewer, actor=caller.actor)
    return session_view(closed)
