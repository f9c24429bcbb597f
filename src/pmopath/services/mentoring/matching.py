"""Matching mentees to mentors: each mentee's largest gaps against their target role, scored
by the rules of domain/mentoring.py and solved as an assignment through the store's
assignment port, respecting each mentor's places; every proposal explained in words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pmopath.domain.errors import InvalidRequest, PermissionDenied
from pmopath.domain.framework import Framework
from pmopath.domain.mentoring import (
    OFFER_LEVEL,
    Candidate,
    Mentee,
    Mentor,
    Need,
    candidate,
    explain,
    largest_needs,
)
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.services.ports.assignment import AssignmentProblem
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

MAX_MENTEES = 5000
"""The most people one matching run takes (a team or a manager's tree at a time beyond it)."""
CHAIN_DEPTH = 50


@dataclass(frozen=True, slots=True)
class Proposal:
    """A mentor proposed for a mentee's gap, with why."""

    mentee_id: int
    mentee_name: str
    mentor_id: int
    mentor_name: str
    competency: str
    competency_name: str
    mentee_level: int
    required: int
    mentor_level: int
    other_team: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class Unmatched:
    person_id: int
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MatchResult:
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    mentors: int
    """Mentors with room when matching ran."""
    places: int
    """Their places in all."""


def group_of(uow: UnitOfWork, viewer: Viewer, team: str | None) -> list[Person]:
    """Whom the viewer may match: an admin everyone (or a team), a manager everyone under
    them (or those of a team); anyone else PermissionDenied."""
    if viewer.is_admin:
        people = uow.people.everyone(team=team) if team else uow.people.everyone()
    elif viewer.role is AccountRole.MANAGER and viewer.person_id is not None:
        under = uow.people.reports_under(viewer.person_id)
        people = [p for p in uow.people.by_ids(under).values() if not team or p.team == team]
    else:
        raise PermissionDenied("only a manager or an admin runs matching over a group")
    people = sorted(people, key=lambda p: (p.name, p.id or 0))
    if team and not people:
        raise InvalidRequest(f"team: nobody you may match is in a team called {team!r}")
    if len(people) > MAX_MENTEES:
        raise InvalidRequest(
            f"team: {len(people):,} people; match at most {MAX_MENTEES:,} at once (name a team)"
        )
    return people


def match_group(store: Store, viewer: Viewer, *, team: str | None = None) -> MatchResult:
    """Proposals for the viewer's group (see ``group_of``); nothing is stored."""
    with store.unit_of_work() as uow:
        people = group_of(uow, viewer, team)
        return match_people(store, uow, people)


def match_people(store: Store, uow: UnitOfWork, people: Sequence[Person]) -> MatchResult:
    """A best assignment of mentors to these people, reading through ``uow``."""
    live = uow.mentoring.live_pairs()
    mentored = {mentee for _, mentee in live}
    unmatched: list[Unmatched] = []
    wanted = []
    for person in people:
        assert person.id is not None
        if person.id in mentored:
            unmatched.append(Unmatched(person.id, person.name, "already has a mentor"))
        else:
            wanted.append(person)
    mentors = _mentors(uow, live)
    ids = [p.id for p in wanted if p.id is not None]
    targets = uow.mentoring.primary_targets_of(ids)
    levels = uow.assessments.current_levels_of(ids)
    chains = chains_of(uow, wanted)
    mentees = []
    for person in wanted:
        assert person.id is not None
        mentee = _mentee(store.framework, person, targets, levels, chains, live)
        if isinstance(mentee, str):
            unmatched.append(Unmatched(person.id, person.name, mentee))
        else:
            mentees.append(mentee)
    proposals, left = _solve(store, mentees, mentors)
    unmatched += left
    return MatchResult(
        tuple(proposals),
        tuple(sorted(unmatched, key=lambda u: (u.name, u.person_id))),
        len(mentors),
        sum(m.places for m in mentors),
    )


def _mentors(uow: UnitOfWork, live: Collection[tuple[int, int]]) -> list[Mentor]:
    """Everyone who offers to mentor and has room, with the levels they offer (a competency
    whose level fell below OFFER_LEVEL since the offer is left out)."""
    offers = uow.mentoring.offers()
    taken = Counter(mentor for mentor, _ in live)
    levels = uow.assessments.current_levels_of([o.person_id for o in offers])
    people = uow.people.by_ids([o.person_id for o in offers])
    found = []
    for offer in offers:
        person = people.get(offer.person_id)
        places = offer.capacity - taken[offer.person_id]
        held = levels.get(offer.person_id, {})
        offered = {c: held[c] for c in offer.competencies if held.get(c, 0) >= OFFER_LEVEL}
        if person is None or places <= 0 or not offered:
            continue
        found.append(Mentor(offer.person_id, person.name, person.team, offered, places))
    return found


def chains_of(uow: UnitOfWork, people: Sequence[Person]) -> dict[int, frozenset[int]]:
    """Each person's management chain, reading the managers a level at a time."""
    manager_of: dict[int, int | None] = {p.id: p.manager_id for p in people if p.id is not None}
    for _ in range(CHAIN_DEPTH):
        missing = {m for m in manager_of.values() if m is not None and m not in manager_of}
        if not missing:
            break
        found = uow.people.by_ids(missing)
        for manager_id in missing:
            person = found.get(manager_id)
            manager_of[manager_id] = person.manager_id if person is not None else None
    chains: dict[int, frozenset[int]] = {}
    for person in people:
        assert person.id is not None
        chain: list[int] = []
        current = manager_of.get(person.id)
        while current is not None and current != person.id and current not in chain:
            chain.append(current)
            current = manager_of.get(current)
        chains[person.id] = frozenset(chain)
    return chains


def _mentee(
    framework: Framework,
    person: Person,
    targets: dict[int, str],
    levels: dict[int, dict[str, int]],
    chains: dict[int, frozenset[int]],
    live: Collection[tuple[int, int]],
) -> Mentee | str:
    """The person as a mentee, or why they cannot be matched."""
    from pmopath.domain.assessment import Assessment
    from pmopath.engine.readiness import analyse_gap  # numpy loads with the first analysis

    assert person.id is not None
    target = targets.get(person.id)
    if target is None or target not in framework.roles_by_id:
        return "has no target role"
    held = {c: v for c, v in levels.get(person.id, {}).items() if c in framework.competencies_by_id}
    analysis = analyse_gap(
        framework, framework.roles_by_id[target], Assessment(held), what_if=False
    )
    needs = largest_needs(
        [(g.competency, g.current, g.required, g.weight) for g in analysis.open_gaps]
    )
    if not needs:
        return "has no gap for their target role"
    mine = frozenset(mentor for mentor, mentee in live if mentee == person.id)
    return Mentee(person.id, person.name, person.team, target, chains[person.id], needs, mine)


def _solve(
    store: Store, mentees: Sequence[Mentee], mentors: Sequence[Mentor]
) -> tuple[list[Proposal], list[Unmatched]]:
    offering: dict[str, list[int]] = {}
    for index, mentor in enumerate(mentors):
        for competency in mentor.levels:
            offering.setdefault(competency, []).append(index)
    rows: list[int] = []
    cols: list[int] = []
    scores: list[float] = []
    chosen: dict[tuple[int, int], Candidate] = {}
    other_team_possible: set[int] = set()
    for row, mentee in enumerate(mentees):
        seen: set[int] = set()
        for need in mentee.needs:
            for col in offering.get(need.competency, ()):
                if col in seen:
                    continue
                seen.add(col)
                found = candidate(mentee, mentors[col])
                if found is None:
                    continue
                chosen[row, col] = found
                rows.append(row)
                cols.append(col)
                scores.append(found.score)
                if found.other_team:
                    other_team_possible.add(row)
    problem = AssignmentProblem(len(mentees), [m.places for m in mentors], rows, cols, scores)
    pairs = store.ports.assignment.assign(problem)
    proposals = []
    matched = set()
    for row, col in pairs:
        matched.add(row)
        proposals.append(
            _proposal(
                store.framework,
                mentees[row],
                mentors[col],
                chosen[row, col],
                same_team_only=row not in other_team_possible,
            )
        )
    had_candidates = {row for row, _ in chosen}
    left = [
        Unmatched(m.person_id, m.name, _why_none(store.framework, m, i in had_candidates))
        for i, m in enumerate(mentees)
        if i not in matched
    ]
    return proposals, left


def _why_none(framework: Framework, mentee: Mentee, had_candidates: bool) -> str:
    if had_candidates:
        return "every mentor for their largest gaps is taken by a larger gap"
    names = ", ".join(framework.competencies_by_id[n.competency].name for n in mentee.needs)
    return f"nobody with room offers their largest gaps ({names})"


def _proposal(
    framework: Framework, mentee: Mentee, mentor: Mentor, chosen: Candidate, *, same_team_only: bool
) -> Proposal:
    need: Need = chosen.need
    competency_name = framework.competencies_by_id[need.competency].name
    role_name = framework.roles_by_id[mentee.target_role].title
    words = explain(
        mentee, mentor, chosen, competency_name, role_name, same_team_only=same_team_only
    )
    return Proposal(
        mentee.person_id,
        mentee.name,
        mentor.person_id,
        mentor.name,
        need.competency,
        competency_name,
        need.current,
        need.required,
        chosen.level,
        chosen.other_team,
        words,
    )
