"""One person's page: their record, readiness for their target, and what the viewer may do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Role
from pmopath.domain.people import PersonRecord
from pmopath.domain.permissions import Viewer, can_edit_own, manages
from pmopath.domain.plans import Evidence
from pmopath.services.careers.gaps import GapReport, analyse_gap
from pmopath.services.people.access import readable_person
from pmopath.services.people.records import record_of
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class Profile:
    """What a person page shows, and which of its forms the viewer may use."""

    record: PersonRecord
    target: Role | None
    gap: GapReport | None
    evidence: tuple[Evidence, ...]
    may_edit_own: bool
    """Targets, self-assessment, evidence: the person themselves or an admin."""
    may_assess_as_manager: bool
    """A manager above the person (or an admin), never the person themselves."""
    verifiers: Mapping[int, str] = field(default_factory=dict)
    """Names of the people who verified the evidence, by person id."""


def record_for(store: Store, reference: str, *, viewer: Viewer) -> PersonRecord:
    """A person's record (manager, roles, levels, targets) if the viewer may read it."""
    with store.unit_of_work() as uow:
        return record_of(uow, readable_person(uow, viewer, reference))


def profile_of(store: Store, reference: str, *, viewer: Viewer) -> Profile:
    """The person's page if the viewer may read their records; else NotFound."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        record = record_of(uow, person)
        chain = uow.people.managers_above(person.id)
        evidence = uow.plans.evidence_for(person.id)
        verifier_ids = {e.verified_by_id for e in evidence if e.verified_by_id is not None}
        verifiers = {
            vid: found.name for vid in verifier_ids if (found := uow.people.by_id(vid)) is not None
        }
    framework = store.framework
    primary = next((t.role for t in record.targets if t.is_primary), None)
    target = framework.roles_by_id.get(primary) if primary else None
    gap = None
    if target is not None:
        known = {c: v for c, v in record.levels.items() if c in framework.competencies_by_id}
        gap = analyse_gap(framework, target.id, Assessment(known, person.role))
    return Profile(
        record,
        target,
        gap,
        tuple(sorted(evidence, key=lambda e: (e.happened_on, e.id or 0), reverse=True)),
        can_edit_own(viewer, person.id),
        viewer.person_id != person.id and (viewer.is_admin or manages(viewer, chain)),
        verifiers,
    )
