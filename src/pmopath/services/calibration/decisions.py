"""Calibrated levels: a manager (or an admin) decides a report's level with a reason; the
decision is kept for ever, superseded by a newer one, and becomes the current level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pmopath.domain.calibration import (
    CalibrationDecision,
    CalibrationSession,
    LevelsCompared,
    check_reason,
)
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.framework import Framework
from pmopath.domain.people import AssessmentSource, AuditEntry, Person, RecordedAssessment
from pmopath.domain.permissions import Viewer, manages
from pmopath.domain.plans import Evidence
from pmopath.services.calibration.comparison import compare_people
from pmopath.services.calibration.groups import in_group
from pmopath.services.people.access import readable_person
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class PersonCalibration:
    """One person's calibration: the sources side by side (for those who may calibrate them),
    every decision about them (newest first) and the names of those who decided."""

    person: Person
    may_calibrate: bool
    rows: tuple[LevelsCompared, ...]
    decisions: tuple[CalibrationDecision, ...]
    names: dict[int, str]
    logged: dict[str, tuple[int, int]]
    """Per competency, the pieces of evidence logged for it and how many a manager verified
    (what a manager weighs beside the levels; empty for someone who may not calibrate)."""


def may_calibrate(uow: UnitOfWork, viewer: Viewer, person: Person) -> bool:
    """A manager above the person or an admin, never the person themselves."""
    if person.id is None or viewer.person_id == person.id:
        return False
    return viewer.is_admin or manages(viewer, uow.people.managers_above(person.id))


def check_level(framework: Framework, competency: str, level: int) -> None:
    """Raise InvalidRequest naming the field for an unknown competency or a level off the scale."""
    if competency not in framework.competencies_by_id:
        raise InvalidRequest(f"competency: there is no competency '{competency[:80]}'")
    low, high = framework.scale.minimum, framework.scale.maximum
    if type(level) is not int or not low <= level <= high:
        raise InvalidRequest(f"level: a whole number from {low} to {high}")


def person_calibration(store: Store, reference: str, *, viewer: Viewer) -> PersonCalibration:
    """The person's calibration as the viewer may see it: the person themselves sees their
    calibrated levels and reasons, a manager above them or an admin also the comparison.
    Raises NotFound for someone the viewer may not read."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        allowed = may_calibrate(uow, viewer, person)
        rows = (
            compare_people(
                uow, store.framework.competencies, [person.id], store.ports.feedback_policy
            )[person.id]
            if allowed
            else []
        )
        decisions = uow.calibration.decisions_for([person.id])
        deciders = {d.decided_by_id for d in decisions if d.decided_by_id is not None}
        names = {i: p.name for i, p in uow.people.by_ids(deciders).items()}
        logged = _logged(uow.plans.evidence_for(person.id)) if allowed else {}
    return PersonCalibration(
        person, allowed, tuple(rows), tuple(reversed(decisions)), names, logged
    )


def _logged(entries: Iterable[Evidence]) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for entry in entries:
        for competency in entry.competencies:
            logged, verified = counts.get(competency, (0, 0))
            counts[competency] = (logged + 1, verified + (entry.verified_by_id is not None))
    return counts


def record_calibration(
    store: Store,
    reference: str,
    competency: str,
    level: int,
    reason: str,
    *,
    viewer: Viewer,
    actor: str,
    session_id: int | None = None,
) -> CalibrationDecision:
    """Record a calibrated level for a person, which becomes their current level.

    Raises InvalidRequest (naming the field) for an unknown competency, a level off the scale,
    a missing or too long reason, or a closed session or one whose group leaves the person
    out; NotFound for a person or session the viewer cannot reach; PermissionDenied unless the
    viewer is a manager above the person or an admin (nobody calibrates their own level).
    """
    check_level(store.framework, competency, level)
    why = check_reason(reason)
    now = store.clock()
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        if not may_calibrate(uow, viewer, person):
            raise PermissionDenied(f"only a manager of {person.name} or an admin calibrates them")
        if session_id is not None:
            _check_session(uow, session_id, person)
        previous = uow.assessments.current_levels(person.id).get(competency)
        carried = uow.assessments.add(
            RecordedAssessment(
                None,
                person.id,
                store.framework_version_id,
                AssessmentSource.CALIBRATED,
                {competency: level},
                now,
                viewer.person_id,
                why,
            )
        )
        decision = uow.calibration.add_decision(
            CalibrationDecision(
                None,
                person.id,
                competency,
                level,
                previous,
                why,
                now,
                actor,
                viewer.person_id,
                session_id,
                carried.id,
            )
        )
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "calibration.record",
                "person",
                str(person.id),
                {"competency": competency, "level": previous},
                {
                    "competency": competency,
                    "level": level,
                    "reason": why,
                    "session_id": session_id,
                    "decision_id": decision.id,
                },
            )
        )
        uow.readiness.refresh()
        uow.commit()
        return decision


def _check_session(uow: UnitOfWork, session_id: int, person: Person) -> CalibrationSession:
    session = uow.calibration.session(session_id)
    if session is None:
        raise NotFound("calibration session", str(session_id))
    if not session.is_open:
        raise InvalidRequest("session: the session is closed; record the level outside it")
    if not in_group(uow, session.kind, session.group, person):
        raise InvalidRequest(f"session: {person.name} is not in the session's group")
    return session
