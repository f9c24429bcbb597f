"""Plain-data views of assessments, evidence and targets, for the API."""

from __future__ import annotations

from typing import Any

from pmopath.domain.people import RecordedAssessment, Target
from pmopath.domain.plans import Evidence
from pmopath.services.people.assessments import LevelChange, PastAssessment


def recorded_assessment_view(recorded: RecordedAssessment) -> dict[str, Any]:
    return {
        "id": recorded.id,
        "person_id": recorded.person_id,
        "source": recorded.source.value,
        "assessed_at": recorded.assessed_at.isoformat(),
        "assessor_id": recorded.assessor_id,
        "note": recorded.note,
        "levels": dict(recorded.levels),
    }


def history_view(history: list[PastAssessment], changes: list[LevelChange]) -> dict[str, Any]:
    """Every assessment (newest first) and what changed between the two latest self-ones."""
    data = [
        {
            **recorded_assessment_view(past.recorded),
            "assessor": past.assessor.name if past.assessor else None,
        }
        for past in history
    ]
    return {
        "data": data,
        "count": len(data),
        "changes": [
            {"competency": c.competency, "before": c.before, "after": c.after} for c in changes
        ],
    }


def evidence_view(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "person_id": evidence.person_id,
        "title": evidence.title,
        "happened_on": evidence.happened_on.isoformat(),
        "description": evidence.description,
        "impact": evidence.impact,
        "competencies": list(evidence.competencies),
        "verified_by_id": evidence.verified_by_id,
    }


def evidence_list_view(found: list[Evidence]) -> dict[str, Any]:
    return {"data": [evidence_view(e) for e in found], "count": len(found)}


def targets_view(targets: list[Target] | tuple[Target, ...]) -> dict[str, Any]:
    data = [{"role": t.role, "primary": t.is_primary} for t in targets]
    return {"data": data, "count": len(data)}
