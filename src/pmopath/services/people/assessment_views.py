"""Response models of assessments, evidence and targets, for the API."""

from __future__ import annotations

from pmopath.domain.people import RecordedAssessment, Target
from pmopath.domain.plans import Evidence
from pmopath.services.people.assessments import LevelChange, PastAssessment
from pmopath.services.people.schemas import (
    AssessmentPublic,
    AssessmentsPublic,
    EvidenceListPublic,
    EvidencePublic,
    LevelChangePublic,
    PastAssessmentPublic,
    TargetPublic,
    TargetsPublic,
)


def recorded_assessment_view(recorded: RecordedAssessment) -> AssessmentPublic:
    return AssessmentPublic(
        id=recorded.id,
        person_id=recorded.person_id,
        source=recorded.source,
        assessed_at=recorded.assessed_at,
        assessor_id=recorded.assessor_id,
        note=recorded.note,
        levels=dict(recorded.levels),
    )


def _past_view(past: PastAssessment) -> PastAssessmentPublic:
    return PastAssessmentPublic(
        **dict(recorded_assessment_view(past.recorded)),
        assessor=past.assessor.name if past.assessor else None,
    )


def history_view(history: list[PastAssessment], changes: list[LevelChange]) -> AssessmentsPublic:
    """Every assessment (newest first) and what changed between the two latest self-ones."""
    return AssessmentsPublic(
        data=[_past_view(past) for past in history],
        count=len(history),
        changes=[
            LevelChangePublic(competency=c.competency, before=c.before, after=c.after)
            for c in changes
        ],
    )


def evidence_view(evidence: Evidence) -> EvidencePublic:
    return EvidencePublic(
        id=evidence.id,
        person_id=evidence.person_id,
        title=evidence.title,
        happened_on=evidence.happened_on,
        description=evidence.description,
        impact=evidence.impact,
        competencies=list(evidence.competencies),
        verified_by_id=evidence.verified_by_id,
        situation=evidence.situation,
        task=evidence.task,
        action=evidence.action,
        result=evidence.result,
    )


def evidence_list_view(found: list[Evidence]) -> EvidenceListPublic:
    return EvidenceListPublic(data=[evidence_view(e) for e in found], count=len(found))


def targets_view(targets: list[Target] | tuple[Target, ...]) -> TargetsPublic:
    data = [TargetPublic(role=t.role, primary=t.is_primary) for t in targets]
    return TargetsPublic(data=data, count=len(data))
