"""Response models of stored people, their gaps and imports, for --json and the API."""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.credentials import Credentials
from pmopath.domain.framework import Framework
from pmopath.domain.people import Person, PersonRecord
from pmopath.domain.role_history import StoredSpell
from pmopath.services.careers.gaps import GapReport
from pmopath.services.careers.views import closest_roles_view, gap_view
from pmopath.services.people.imports import ImportReport
from pmopath.services.people.role_history import History
from pmopath.services.people.schemas import (
    CredentialsPublic,
    HistoryPublic,
    HistorySpellPublic,
    ImportPublic,
    PeoplePublic,
    PersonClosestRolesPublic,
    PersonGapPublic,
    PersonPublic,
    PersonRecordPublic,
    RoleSpellPublic,
    TargetPublic,
)


def _stored_id(person: Person) -> int:
    assert person.id is not None, "only stored people are shown"
    return person.id


def person_view(person: Person) -> PersonPublic:
    return PersonPublic(
        id=_stored_id(person),
        email=person.email,
        name=person.name,
        role=person.role,
        role_since=person.role_since,
        manager_id=person.manager_id,
        team=person.team,
    )


def people_view(people: list[Person]) -> PeoplePublic:
    return PeoplePublic(data=[person_view(p) for p in people], count=len(people))


def record_view(record: PersonRecord) -> PersonRecordPublic:
    return PersonRecordPublic(
        **dict(person_view(record.person)),
        manager=person_view(record.manager) if record.manager else None,
        history=[
            RoleSpellPublic(
                role=spell.role,
                started_on=spell.started_on,
                ended_on=spell.ended_on,
                kinds=list(spell.kinds),
            )
            for spell in record.history
        ],
        levels=dict(record.levels),
        targets=[TargetPublic(role=t.role, primary=t.is_primary) for t in record.targets],
        assessments=record.assessments,
    )


def person_gap_view(person: Person, report: GapReport) -> PersonGapPublic:
    """A person's gap against a role: ``gap_view`` with the person."""
    return PersonGapPublic(person=person_view(person), **dict(gap_view(report)))


def person_closest_roles_view(
    person: Person, reports: Sequence[GapReport]
) -> PersonClosestRolesPublic:
    """The roles a person is closest to, with the person."""
    return PersonClosestRolesPublic(person=person_view(person), **dict(closest_roles_view(reports)))


def credentials_view(person_id: int, held: Credentials) -> CredentialsPublic:
    return CredentialsPublic(
        person_id=person_id,
        certifications=list(held.certifications),
        education=held.education,
        earned_on=dict(sorted(held.earned_on.items())),
    )


def spell_view(framework: Framework, stored: StoredSpell) -> HistorySpellPublic:
    spell = stored.spell
    role = framework.roles_by_id.get(spell.role)
    return HistorySpellPublic(
        id=stored.id,
        role=spell.role,
        role_title=role.title if role is not None else spell.role,
        started_on=spell.started_on,
        ended_on=stored.last_day,
        current=stored.current,
        kinds=list(spell.kinds),
    )


def history_view(framework: Framework, history: History) -> HistoryPublic:
    spells = [spell_view(framework, s) for s in history.spells]
    return HistoryPublic(data=spells, count=len(spells), kinds=list(history.kinds))


def import_view(report: ImportReport) -> ImportPublic:
    return ImportPublic(
        dry_run=report.dry_run,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        ignored_columns=report.ignored_columns,
    )
