"""Mentoring set up in the demo organisation for the web, CLI and browser tests: Omar (outside
Sam's line of management) holds Sam's largest gaps at level 5 and offers to mentor them."""

from __future__ import annotations

from typing import Any

from pmopath.domain.assessment import Assessment
from pmopath.domain.people import AssessmentSource
from pmopath.domain.permissions import SYSTEM
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.demo.organisation import DEMO_DOMAIN
from pmopath.services.mentoring import offers
from pmopath.services.people.records import record_assessment
from pmopath.services.ports.store import Store


def sams_largest_gaps(store: Store) -> list[str]:
    """Sam's open gaps for PMO analyst, largest first."""
    with store.unit_of_work() as uow:
        sam = uow.people.by_email(f"sam@{DEMO_DOMAIN}")
        assert sam is not None and sam.id is not None
        levels = uow.assessments.current_levels(sam.id)
    gaps = analyse_gap(store.framework, "pmo_analyst", Assessment(levels)).analysis.open_gaps
    ordered = sorted(gaps, key=lambda g: -(g.required - g.current) * g.weight)
    return [g.competency for g in ordered]


def omar_can_mentor(store: Store, *, offer: bool = True) -> list[str]:
    """Give Omar level 5 in Sam's open gaps (a self-assessment); with ``offer``, Omar offers
    to mentor them, two places. Returns the competencies."""
    gaps = sams_largest_gaps(store)
    record_assessment(
        store,
        f"omar@{DEMO_DOMAIN}",
        Assessment(dict.fromkeys(gaps, 5)),
        AssessmentSource.SELF,
        actor="test",
    )
    if offer:
        offers.offer_to_mentor(
            store,
            SYSTEM,
            f"omar@{DEMO_DOMAIN}",
            competencies=gaps,
            capacity=2,
            availability="Tuesday mornings",
            actor="test",
        )
    return gaps


def store_of(world: Any) -> Store:
    store: Store = world.runtime.store()
    return store
