"""The in-memory mentoring repository (services/ports/repositories.py: MentoringRepository)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from pmopath.domain.mentoring import (
    LIVE,
    Goal,
    MentoringSession,
    Offer,
    Relationship,
    active_between,
)
from tests.support.fakes import FakeState


@dataclass
class MentoringState:
    offers: dict[int, Offer] = field(default_factory=dict)
    relationships: dict[int, Relationship] = field(default_factory=dict)
    sessions: dict[int, MentoringSession] = field(default_factory=dict)
    goal_ids: int = 0


class FakeMentoring:
    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.data: MentoringState = state.mentoring

    def offer_of(self, person_id: int) -> Offer | None:
        return self.data.offers.get(person_id)

    def save_offer(self, offer: Offer) -> None:
        self.data.offers[offer.person_id] = offer

    def remove_offer(self, person_id: int) -> bool:
        return self.data.offers.pop(person_id, None) is not None

    def offers(self) -> list[Offer]:
        return [self.data.offers[k] for k in sorted(self.data.offers)]

    def _goals(self, goals: tuple[Goal, ...]) -> tuple[Goal, ...]:
        stored = []
        for goal in goals:
            if goal.id is None:
                self.data.goal_ids += 1
                goal = replace(goal, id=self.data.goal_ids)
            stored.append(goal)
        return tuple(stored)

    def add(self, relationship: Relationship) -> Relationship:
        new_id = max(self.data.relationships, default=0) + 1
        stored = replace(relationship, id=new_id, goals=self._goals(relationship.goals))
        self.data.relationships[new_id] = stored
        return stored

    def get(self, relationship_id: int) -> Relationship | None:
        return self.data.relationships.get(relationship_id)

    def save(self, relationship: Relationship) -> Relationship:
        assert relationship.id in self.data.relationships
        stored = replace(relationship, goals=self._goals(relationship.goals))
        self.data.relationships[relationship.id] = stored
        return stored

    def for_person(self, person_id: int) -> list[Relationship]:
        return sorted(
            (r for r in self.data.relationships.values() if r.member(person_id)),
            key=lambda r: -(r.id or 0),
        )

    def live_pairs(self) -> list[tuple[int, int]]:
        return [
            (r.mentor_id, r.mentee_id) for r in self.data.relationships.values() if r.status in LIVE
        ]

    def started_pairs(self, start: date, end: date) -> list[tuple[int, int]]:
        return [
            (r.mentor_id, r.mentee_id)
            for r in self.data.relationships.values()
            if active_between(r.started_on, r.ended_on, start, end)
        ]

    def add_session(self, session: MentoringSession) -> MentoringSession:
        stored = replace(session, id=max(self.data.sessions, default=0) + 1)
        self.data.sessions[stored.id] = stored  # type: ignore[index]
        return stored

    def session(self, session_id: int) -> MentoringSession | None:
        return self.data.sessions.get(session_id)

    def sessions(self, relationship_id: int) -> list[MentoringSession]:
        found = [s for s in self.data.sessions.values() if s.relationship_id == relationship_id]
        return sorted(found, key=lambda s: (s.held_on, s.id or 0))

    def set_shared(self, session_id: int, shared: bool) -> None:
        self.data.sessions[session_id] = replace(self.data.sessions[session_id], shared=shared)

    def primary_targets_of(self, person_ids: Collection[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for pid in set(person_ids):
            for target in self.state.targets.get(pid, []):
                if target.is_primary:
                    found[pid] = target.role
        return found
