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


DEPTH = 2
"""How many levels of the tree a page shows at once (reports, and theirs); deeper teams are
one link away (``/team?manager=...``), so a page stays small in an organisation of thousands."""


@dataclass(frozen=True, slots=True)
class OrgNode:
    person: Person
    reports: tuple[OrgNode, ...]
    """Their direct reports, down to the depth shown (empty below it, even with reports)."""
    direct: int
    """How many report to them directly."""
    size: int
    """Everyone under them, directly or indirectly."""


def _sizes(under: Mapping[int, list[int]], roots: list[int]) -> dict[int, int]:
    """Everyone under each person in the ``roots``' trees, in one pass from the bottom up (no
    recursion: a deep organisation is no risk; only the trees shown are walked)."""
    sizes: dict[int, int] = {}
    for top in roots:
        stack = [(top, False)]
        while stack:
            person, counted = stack.pop()
            if person in sizes:
                continue
            reports = under.get(person, [])
            if counted:
                sizes[person] = sum(1 + sizes.get(r, 0) for r in reports)
            else:
                stack.append((person, True))
                stack.extend((r, False) for r in reports if r not in sizes)
    return sizes


def _tree(
    store: Store, tops: list[int], under: Mapping[int, list[int]], depth: int
) -> tuple[OrgNode, ...]:
    """``tops`` and their reports ``depth`` levels down, by name; only those people read."""
    shown: set[int] = set()
    level = list(tops)
    for _ in range(depth):
        shown.update(level)
        level = [r for person in level for r in under.get(person, [])]
    with store.unit_of_work() as uow:
        people = uow.people.by_ids(shown)
    sizes = _sizes(under, list(tops))

    def node(person_id: int, left: int) -> OrgNode:
        reports = under.get(person_id, [])
        below = (
            tuple(
                node(r, left - 1)
                for r in sorted(
                    (r for r in reports if r in people), key=lambda i: (people[i].name, i)
                )
            )
            if left > 1
            else ()
        )
        return OrgNode(people[person_id], below, len(reports), sizes.get(person_id, 0))

    ordered = sorted((i for i in tops if i in people), key=lambda i: (people[i].name, i))
    return tuple(node(i, depth) for i in ordered)


def _under(store: Store) -> dict[int, list[int]]:
    """Each manager's direct reports (ids only: one light query, whatever the size)."""
    with store.unit_of_work() as uow:
        links = uow.people.manager_links()
    under: dict[int, list[int]] = {}
    for person_id, manager_id in links.items():
        if person_id != manager_id:
            under.setdefault(manager_id, []).append(person_id)
    return under


def reports_tree(store: Store, manager_id: int, depth: int = DEPTH) -> tuple[OrgNode, ...]:
    """The manager's direct reports and theirs, ``depth`` levels (the viewer's rights are
    checked by the caller, which has read the manager). Only the links below the manager are
    read (reading everyone's cost a team page 20-35 ms in an organisation of 20,000)."""
    with store.unit_of_work() as uow:
        links = uow.people.manager_links_below(manager_id)
    under: dict[int, list[int]] = {}
    for person_id, manager in links.items():
        under.setdefault(manager, []).append(person_id)
    return _tree(store, under.get(manager_id, []), under, depth)


def organisation(store: Store, depth: int = DEPTH) -> tuple[OrgNode, ...]:
    """Everyone with reports and nobody above them, ``depth`` levels of their trees (admins)."""
    under = _under(store)
    has_manager = {i for reports in under.values() for i in reports}
    return _tree(store, [i for i in under if i not in has_manager], under, depth)


def managers(store: Store) -> tuple[Person, ...]:
    """Everyone with at least one report, by name: an admin picks a team from them."""
    under = _under(store)
    with store.unit_of_work() as uow:
        people = uow.people.by_ids(set(under))
    return tuple(sorted(people.values(), key=lambda p: (p.name, p.id or 0)))


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
