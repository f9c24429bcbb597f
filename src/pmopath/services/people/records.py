"""Stored people: list, show, assess, set targets and measure gaps from stored data."""

from __future__ import annotations

from collections.abc import Mapping

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.framework import Framework
from pmopath.domain.people import (
    AssessmentSource,
    AuditEntry,
    Person,
    PersonRecord,
    RecordedAssessment,
)
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.services.careers.gaps import GapReport, analyse_gap, check_assessment, closest_roles
from pmopath.services.careers.roles import resolve_role
from pmopath.services.people.access import assessable_person, own_person, readable_person
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


def find_person(uow: UnitOfWork, reference: str) -> Person:
    """Return the person with this e-mail or numeric id; raises NotFound."""
    text = reference.strip()
    person = uow.people.by_id(int(text)) if text.isdigit() else uow.people.by_email(text)
    if person is None:
        raise NotFound("person", reference)
    return person


def person_of(store: Store, reference: str) -> Person:
    """The person with this e-mail or numeric id; raises NotFound."""
    with store.unit_of_work() as uow:
        return find_person(uow, reference)


def list_people(store: Store, *, team: str | None = None) -> list[Person]:
    """Return everyone stored (optionally one team), by name."""
    with store.unit_of_work() as uow:
        return uow.people.everyone(team=team)


def show_person(store: Store, reference: str) -> PersonRecord:
    """Return one person's record: manager, role history, current levels, targets."""
    with store.unit_of_work() as uow:
        return record_of(uow, find_person(uow, reference))


def record_of(uow: UnitOfWork, person: Person) -> PersonRecord:
    """One person's record read inside an open unit of work (a fixed number of queries)."""
    assert person.id is not None
    manager = uow.people.by_id(person.manager_id) if person.manager_id else None
    return PersonRecord(
        person=person,
        manager=manager,
        history=tuple(uow.people.history(person.id)),
        levels=uow.assessments.current_levels(person.id),
        targets=tuple(uow.targets.for_person(person.id)),
        assessments=uow.assessments.count_for(person.id),
    )


def record_assessment(
    store: Store,
    reference: str,
    assessment: Assessment,
    source: AssessmentSource,
    *,
    actor: str,
    assessor: str | None = None,
    note: str = "",
    viewer: Viewer = SYSTEM,
) -> RecordedAssessment:
    """Store an assessment of a person (append-only) and refresh their current picture.

    A self-assessment is the person's own (or an admin's) to record; a manager's, a manager's
    above them; others (peer, evidence) anyone who may read the person's record.
    """
    check_assessment(store.framework, assessment)
    if source is AssessmentSource.CALIBRATED:
        raise InvalidRequest(
            "source: a calibrated level is recorded through calibration, with its reason"
        )
    if not assessment.levels:
        raise InvalidRequest("the assessment rates no competency")
    now = store.clock()
    with store.unit_of_work() as uow:
        person = assessable_person(uow, viewer, reference, source)
        assert person.id is not None
        assessor_id = find_person(uow, assessor).id if assessor else None
        recorded = uow.assessments.add(
            RecordedAssessment(
                None,
                person.id,
                store.framework_version_id,
                source,
                dict(assessment.levels),
                now,
                assessor_id,
                note,
            )
        )
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "assessment.add",
                "assessment",
                str(recorded.id),
                None,
                {"person_id": person.id, "source": source.value, "levels": dict(assessment.levels)},
            )
        )
        uow.readiness.refresh()
        uow.commit()
        return recorded


def set_target(
    store: Store,
    reference: str,
    role: str,
    *,
    actor: str,
    primary: bool = True,
    viewer: Viewer = SYSTEM,
) -> Person:
    """Add a target role for a person (by default their primary one): theirs or an admin's."""
    resolved = resolve_role(store.framework, role)
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        before = [t.role for t in uow.targets.for_person(person.id) if t.is_primary]
        uow.targets.set(person.id, resolved.id, primary=primary, at=now)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "target.set",
                "person",
                str(person.id),
                {"primary": before[0] if before else None},
                {"role": resolved.id, "primary": primary},
            )
        )
        uow.commit()
        return person


def person_gap(
    store: Store,
    reference: str,
    role: str | None = None,
    *,
    target: float = 80.0,
    viewer: Viewer = SYSTEM,
) -> tuple[Person, GapReport]:
    """Gap and readiness from stored data, against ``role`` or the primary target."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        role = role if role is not None else primary_target(uow, person)
        levels = uow.assessments.current_levels(person.id)
    return person, gap_of(store.framework, person, role, levels, target=target)


def primary_target(uow: UnitOfWork, person: Person) -> str:
    """The person's primary target role; InvalidRequest when they have none."""
    assert person.id is not None
    primary = [t.role for t in uow.targets.for_person(person.id) if t.is_primary]
    if not primary:
        raise InvalidRequest(
            f"{person.name} has no target role yet; give --role or set one with 'pmopath target'"
        )
    return primary[0]


def gap_of(
    framework: Framework,
    person: Person,
    role: str,
    levels: Mapping[str, int],
    *,
    target: float = 80.0,
) -> GapReport:
    """The gap report of a person's current ``levels`` against ``role`` (levels of competencies
    the framework no longer has are left out)."""
    known = {c: level for c, level in levels.items() if c in framework.competencies_by_id}
    return analyse_gap(framework, role, Assessment(known, person.role), target=target)


def person_closest_roles(
    store: Store, reference: str, *, limit: int = 5, viewer: Viewer = SYSTEM
) -> tuple[Person, tuple[GapReport, ...]]:
    """The roles a stored person is closest to (``careers.gaps.closest_roles``), from their
    current levels and role; anyone who may read the person may ask."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        levels = uow.assessments.current_levels(person.id)
        stored = uow.readiness.figures_of(person.id, store.framework)
    known = {c: level for c, level in levels.items() if c in store.framework.competencies_by_id}
    assessment = Assessment(known, person.role)
    return person, closest_roles(store.framework, assessment, limit=limit, stored=stored)
