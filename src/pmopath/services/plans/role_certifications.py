"""A stored person's gap for a role together with the certifications listed for that role and
when they can sit each: what the gap page, ``pmopath people gap`` and the API's gap answer show.

Certification eligibility lives with the plans (the optimiser never schedules an exam before
it), so the combination is made here, above both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pmopath.domain.eligibility import Eligibility
from pmopath.domain.people import Person
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.domain.role_history import with_current_role
from pmopath.services.careers.gaps import GapReport
from pmopath.services.people.access import readable_person
from pmopath.services.people.records import gap_of, primary_target
from pmopath.services.people.views import person_gap_view
from pmopath.services.plans.schemas import PersonGapWithCertificationsPublic
from pmopath.services.plans.suggestions import eligibility_from, eligibility_view
from pmopath.services.ports.store import Store


def gap_with_certifications(
    store: Store,
    reference: str,
    role: str | None = None,
    *,
    target: float = 80.0,
    today: date,
    viewer: Viewer = SYSTEM,
) -> tuple[Person, GapReport, tuple[Eligibility, ...]]:
    """The person's gap for ``role`` (default: their primary target) and their eligibility for
    the certifications the framework lists for that role, with dates: five reads."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        role = role if role is not None else primary_target(uow, person)
        levels = uow.assessments.current_levels(person.id)
        spells = uow.people.history(person.id)
        stored = uow.credentials.for_person(person.id)
    framework = store.framework
    report = gap_of(framework, person, role, levels, target=target)
    suited = {a.id for a in framework.actions_for_role(report.analysis.role.id)}
    history = with_current_role(spells, person.role, person.role_since)
    found = eligibility_from(framework, history, stored, today=today)
    return person, report, tuple(e for e in found if e.action.id in suited)


def gap_with_certifications_view(
    store: Store, person: Person, report: GapReport, found: Sequence[Eligibility]
) -> PersonGapWithCertificationsPublic:
    return PersonGapWithCertificationsPublic(
        **dict(person_gap_view(person, report)),
        certifications=eligibility_view(store.framework, found),
    )
