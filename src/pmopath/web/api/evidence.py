"""The evidence log as JSON: list and add a person's evidence, verify a report's."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pmopath.domain.plans import Evidence
from pmopath.services.people import evidence
from pmopath.services.people.assessment_views import evidence_list_view, evidence_view
from pmopath.services.people.schemas import EvidenceListPublic, EvidencePublic
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["evidence"])

CompetencyId = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class EvidenceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=evidence.TITLE_MAX)
    happened_on: date
    description: str = Field("", max_length=evidence.TEXT_MAX)
    impact: str = Field("", max_length=evidence.TEXT_MAX)
    competencies: list[CompetencyId] = Field(
        default_factory=list, max_length=evidence.COMPETENCIES_MAX
    )
    situation: str = Field("", max_length=evidence.STAR_MAX)
    """STAR, optional: give all four parts or none (then describe it in description)."""
    task: str = Field("", max_length=evidence.STAR_MAX)
    action: str = Field("", max_length=evidence.STAR_MAX)
    result: str = Field("", max_length=evidence.STAR_MAX)


@router.get("/people/{person_id}/evidence")
def list_evidence(caller: ApiCaller, store: StoreDep, person_id: int) -> EvidenceListPublic:
    """The person's evidence, newest first."""
    return evidence_list_view(evidence.evidence_of(store, str(person_id), viewer=caller.viewer))


@router.post("/people/{person_id}/evidence", status_code=201, responses=error_responses(400))
def add_evidence(
    caller: ApiCaller, store: StoreDep, person_id: int, body: EvidenceCreate
) -> EvidencePublic:
    """Log an achievement (STAR: situation, task, action, result) tagged to competencies."""
    draft = Evidence(
        person_id,
        body.title,
        body.happened_on,
        tuple(body.competencies),
        body.description,
        body.impact,
        situation=body.situation,
        task=body.task,
        action=body.action,
        result=body.result,
    )
    saved = evidence.log_evidence(
        store, str(person_id), draft, viewer=caller.viewer, actor=caller.actor
    )
    return evidence_view(saved)


@router.post("/evidence/{evidence_id}/verify")
def verify_evidence(caller: ApiCaller, store: StoreDep, evidence_id: int) -> EvidencePublic:
    """Mark a report's evidence as verified by me (their manager)."""
    verified = evidence.verify_evidence(
        store, evidence_id, viewer=caller.viewer, actor=caller.actor
    )
    return evidence_view(verified)
