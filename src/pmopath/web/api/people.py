"""People as JSON: me, a person's record, their gap, assessments and targets."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmopath.domain.people import AssessmentSource
from pmopath.services.accounts.schemas import MePublic
from pmopath.services.accounts.views import me_view
from pmopath.services.insight import profile
from pmopath.services.people import assessments
from pmopath.services.people import records as people
from pmopath.services.people.assessment_views import (
    history_view,
    recorded_assessment_view,
    targets_view,
)
from pmopath.services.people.schemas import (
    AssessmentPublic,
    AssessmentsPublic,
    PersonClosestRolesPublic,
    PersonRecordPublic,
    TargetsPublic,
)
from pmopath.services.people.views import person_closest_roles_view, record_view
from pmopath.services.plans import role_certifications
from pmopath.services.plans.schemas import PersonGapWithCertificationsPublic
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses
from pmopath.web.response_cache import CacheableRoute, cacheable

router = ApiRouter(tags=["people"], route_class=CacheableRoute)

CompetencyId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Level = Annotated[int, Field(ge=0, le=100)]


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Literal["self", "manager"] = "self"
    levels: dict[CompetencyId, Level] = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=assessments.NOTE_MAX)


class TargetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str = Field(min_length=1, max_length=120)
    primary: bool = True


@router.get("/me")
@cacheable
def get_me(caller: ApiCaller, store: StoreDep) -> MePublic:
    """My account and, when it belongs to a person, my record."""
    person_id = caller.account.person_id
    record = None
    if person_id is not None:
        record = profile.record_for(store, str(person_id), viewer=caller.viewer)
    return me_view(caller.account, record)


@router.get("/people/{person_id}")
@cacheable
def get_person(caller: ApiCaller, store: StoreDep, person_id: int) -> PersonRecordPublic:
    """A person's record: manager, role history, current levels and targets."""
    return record_view(profile.record_for(store, str(person_id), viewer=caller.viewer))


@router.get("/people/{person_id}/gap", responses=error_responses(400))
@cacheable
def get_gap(
    caller: ApiCaller,
    store: StoreDep,
    person_id: int,
    role: Annotated[str | None, Query(max_length=120)] = None,
    target: Annotated[float, Query(ge=0, le=100)] = 80.0,
) -> PersonGapWithCertificationsPublic:
    """Gaps, readiness and band against a role (by default the person's primary target), with
    the role's certifications and when the person can sit each."""
    person, report, found = role_certifications.gap_with_certifications(
        store,
        str(person_id),
        role,
        target=target,
        today=store.clock().date(),
        viewer=caller.viewer,
    )
    return role_certifications.gap_with_certifications_view(store, person, report, found)


@router.get("/people/{person_id}/closest-roles")
@cacheable
def get_closest_roles(
    caller: ApiCaller,
    store: StoreDep,
    person_id: int,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> PersonClosestRolesPublic:
    """The roles the person is closest to (readiness, band, blockers), best first; their
    current role and roles below its seniority are left out."""
    person, reports = people.person_closest_roles(
        store, str(person_id), limit=limit, viewer=caller.viewer
    )
    return person_closest_roles_view(person, reports)


@router.get("/people/{person_id}/assessments")
@cacheable
def list_assessments(caller: ApiCaller, store: StoreDep, person_id: int) -> AssessmentsPublic:
    """Every assessment of the person, newest first, and what changed since last time."""
    history = assessments.assessment_history(store, str(person_id), viewer=caller.viewer)
    return history_view(history, assessments.changes_since_last(history))


@router.post("/people/{person_id}/assessments", status_code=201, responses=error_responses(400))
def create_assessment(
    caller: ApiCaller, store: StoreDep, person_id: int, body: AssessmentCreate
) -> AssessmentPublic:
    """Record a self-assessment (mine) or a manager assessment (of a report)."""
    recorded = assessments.assess(
        store,
        str(person_id),
        body.levels,
        AssessmentSource(body.source),
        viewer=caller.viewer,
        actor=caller.actor,
        note=body.note,
    )
    return recorded_assessment_view(recorded)


@router.get("/people/{person_id}/targets")
@cacheable
def list_targets(caller: ApiCaller, store: StoreDep, person_id: int) -> TargetsPublic:
    """The person's target roles; one may be primary."""
    return targets_view(profile.record_for(store, str(person_id), viewer=caller.viewer).targets)


@router.post("/people/{person_id}/targets", status_code=201, responses=error_responses(400))
def add_target(
    caller: ApiCaller, store: StoreDep, person_id: int, body: TargetCreate
) -> TargetsPublic:
    """Add a target role (primary by default, replacing the primary one)."""
    people.set_target(
        store,
        str(person_id),
        body.role,
        actor=caller.actor,
        primary=body.primary,
        viewer=caller.viewer,
    )
    return list_targets(caller, store, person_id)
