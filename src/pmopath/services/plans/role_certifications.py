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
from pmopath.services.careers.gaps import GapReport
from pmopath.services.people.records import person_gap
from pmopath.services.people.views import person_gap_view
from pmopath.services.plans.schemas import PersonGapWithCertificationsPublic
from pmopath.services.plans.suggestions import eligibility_of, eligibility_view
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
    the certifications the framework lists for that role, with dates."""
    person, report = person_gap(store, reference, role, target=target, viewer=viewer)
    suited = {a.id for a in store.framework.actions_for_role(report.analysis.role.id)}
    _, found = eligibility_of(store, reference, today=today, viewer=viewer)
    return person, report, tuple(e for e in found if e.action.id in suited)


def gap_with_certifications_view(
    store: Store, person: Person, report: GapReport, found: Sequence[Eligibility]
) -> PersonGapWithCertificationsPublic:
    return PersonGapWithCertificationsPublic(
        **dict(person_gap_view(person, report)),
        certifications=eligibility_view(store.framework, found),
    )
