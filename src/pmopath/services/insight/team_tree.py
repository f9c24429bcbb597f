"""Who reports to whom, for the team page: a manager's people under them, an admin's whole
organisation, as a tree of managers with their reports (names, never e-mails).

Also the nearest candidates for a role when nobody reaches a readiness threshold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Role
from pmopath.domain.people import Person
from pmopath.domain.permissions import Viewer
from pmopath.services.careers.gaps import GapReport, analyse_gap
from pmopath.services.insight import levels as insight
from pmopath.services.ports.store import Store

NEAREST = 5
"""How many of the most ready are shown when nobody reaches the threshold."""


@dataclass(frozen=True, slots=True)
class OrgNode:
    person: Person
    reports: tuple[OrgNode, ...]

    @property
    def size(self) -> int:
        """Everyone under this person, directly or indirectly."""
        return sum(1 + node.size for node in self.reports)


def _node(person_id: int, people: Mapping[int, Person], under: Mapping[int, list[int]]) -> OrgNode:
    reports = sorted(under.get(person_id, []), key=lambda i: (people[i].name, i))
    return OrgNode(people[person_id], tuple(_node(i, people, under) for i in reports))


def _links(store: Store) -> tuple[dict[int, Person], dict[int, list[int]]]:
    with store.unit_of_work() as uow:
        everyone = {p.id: p for p in uow.people.everyone() if p.id is not None}
        links = uow.people.manager_links()
    under: dict[int, list[int]] = {}
    for person_id, manager_id in links.items():
        if person_id in everyone and manager_id in everyone and person_id != manager_id:
            under.setdefault(manager_id, []).append(person_id)
    return everyone, under


def reports_tree(store: Store, manager_id: int) -> tuple[OrgNode, ...]:
    """The manager's direct reports, each with everyone under them (the viewer's rights are
    checked by the caller, which has read the manager)."""
    people, under = _links(store)
    if manager_id not in people:
        return ()
    return _node(manager_id, people, under).reports


def organisation(store: Store) -> tuple[OrgNode, ...]:
    """Everyone with reports and nobody above them, each with their whole tree (admins)."""
    people, under = _links(store)
    has_manager = {i for reports in under.values() for i in reports}
    tops = sorted((i for i in under if i not in has_manager), key=lambda i: (people[i].name, i))
    return tuple(_node(i, people, under) for i in tops)


def managers(store: Store) -> tuple[Person, ...]:
    """Everyone with at least one report, by name: an admin picks a team from them."""
    people, under = _links(store)
    return tuple(sorted((people[i] for i in under), key=lambda p: (p.name, p.id or 0)))


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    name: str
    report: GapReport
    """The gap for the role: readiness, band ("ready in about N months") and blockers."""


def nearest_candidates(
    store: Store, viewer: Viewer, role: Role, *, limit: int = NEAREST
) -> tuple[Candidate, ...]:
    """The ``limit`` most ready for ``role`` among those the viewer may see (a manager's
    reports, direct and indirect; everyone for an admin), with their gap reports."""
    found = insight.ready_for(store.insight, store.framework, role, 0.0)
    with store.unit_of_work() as uow:
        if not viewer.is_admin:
            mine = uow.people.reports_under(viewer.person_id) if viewer.person_id else set()
            found = [p for p in found if p.person_id in mine]
        closest = found[:limit]
        levels = {p.person_id: uow.assessments.current_levels(p.person_id) for p in closest}
    framework = store.framework
    known = framework.competencies_by_id
    return tuple(
        Candidate(
            p.person_id,
            p.name,
            analyse_gap(
                framework,
                role,
                Assessment({c: v for c, v in levels[p.person_id].items() if c in known}),
            ),
        )
        for p in closest
    )
