"""What the mentoring pages, the API and the CLI show: my mentoring (as mentor and as mentee)
and one relationship as the viewer may see it (see access.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmopath.domain.mentoring import MentoringSession, Relationship, RelationshipStatus
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import ItemStatus
from pmopath.services.mentoring.access import PAIR, Part, sees_notes, sees_progress, visible
from pmopath.services.mentoring.offers import OfferPicture, offer_picture
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class PairLine:
    """One relationship in a list: the other person, the gap, where it stands."""

    relationship: Relationship
    other_name: str
    competency_name: str
    waiting_for_me: bool


@dataclass(frozen=True, slots=True)
class MyMentoring:
    offer: OfferPicture | None
    """None for an account with no person."""
    as_mentor: tuple[PairLine, ...]
    as_mentee: tuple[PairLine, ...]


@dataclass(frozen=True, slots=True)
class GoalLine:
    id: int | None
    text: str
    competency: str | None
    competency_name: str | None
    in_plan: bool
    item_status: ItemStatus | None
    """The status of its plan item (None: not in a plan, or not the viewer's to see)."""
    level: int | None
    """The mentee's level in its competency (None: not the viewer's to see)."""


@dataclass(frozen=True, slots=True)
class SessionLine:
    id: int | None
    held_on: date
    notes: str | None
    """None when the viewer may not read it (the pair's, not shared)."""
    actions: str | None
    shared: bool
    recorded_by: str


@dataclass(frozen=True, slots=True)
class RelationshipView:
    relationship: Relationship
    part: Part
    mentor_name: str
    mentee_name: str
    competency_name: str
    goals: tuple[GoalLine, ...]
    sessions: tuple[SessionLine, ...]
    sees_progress: bool

    @property
    def in_pair(self) -> bool:
        return self.part in PAIR

    @property
    def my_agreement_missing(self) -> bool:
        r = self.relationship
        if r.status is not RelationshipStatus.PROPOSED:
            return False
        if self.part is Part.MENTOR:
            return r.mentor_agreed_at is None
        return self.part is Part.MENTEE and r.mentee_agreed_at is None


def my_mentoring(store: Store, viewer: Viewer) -> MyMentoring:
    """The viewer's offer and relationships (empty for an account with no person)."""
    if viewer.person_id is None:
        return MyMentoring(None, (), ())
    me = viewer.person_id
    offer = offer_picture(store, viewer, str(me))
    with store.unit_of_work() as uow:
        found = uow.mentoring.for_person(me)
        names = _names(uow, {p for r in found for p in (r.mentor_id, r.mentee_id)})
    lines = [
        PairLine(
            r,
            names.get(r.mentee_id if r.mentor_id == me else r.mentor_id, "someone"),
            _competency_name(store, r.competency),
            r.status is RelationshipStatus.PROPOSED
            and (r.mentor_agreed_at if r.mentor_id == me else r.mentee_agreed_at) is None,
        )
        for r in found
    ]
    return MyMentoring(
        offer,
        tuple(line for line in lines if line.relationship.mentor_id == me),
        tuple(line for line in lines if line.relationship.mentee_id == me),
    )


def relationship_view(store: Store, viewer: Viewer, relationship_id: int) -> RelationshipView:
    """The relationship as the viewer may see it; NotFound when not theirs to see."""
    with store.unit_of_work() as uow:
        relationship, part = visible(uow, viewer, relationship_id)
        names = _names(uow, {relationship.mentor_id, relationship.mentee_id})
        sessions = uow.mentoring.sessions(relationship_id)
        recorders = _names(uow, {s.recorded_by_id for s in sessions})
        progress = sees_progress(part, relationship)
        goals = _goal_lines(store, uow, relationship, progress)
    return RelationshipView(
        relationship,
        part,
        names.get(relationship.mentor_id, "someone"),
        names.get(relationship.mentee_id, "someone"),
        _competency_name(store, relationship.competency),
        goals,
        tuple(_session_line(s, part, recorders) for s in sessions),
        progress,
    )


def _goal_lines(
    store: Store, uow: UnitOfWork, relationship: Relationship, progress: bool
) -> tuple[GoalLine, ...]:
    levels = uow.assessments.current_levels(relationship.mentee_id) if progress else {}
    statuses: dict[int, ItemStatus] = {}
    if progress:
        for plan_id in {g.plan_id for g in relationship.goals if g.plan_id is not None}:
            plan = uow.plans.get(plan_id)
            for item in plan.items if plan else ():
                if item.mentoring_goal_id is not None:
                    statuses[item.mentoring_goal_id] = item.status
    return tuple(
        GoalLine(
            g.id,
            g.text,
            g.competency,
            _competency_name(store, g.competency) if g.competency else None,
            g.plan_id is not None,
            statuses.get(g.id) if g.id is not None else None,
            levels.get(g.competency, 0) if progress and g.competency else None,
        )
        for g in relationship.goals
    )


def _session_line(session: MentoringSession, part: Part, names: dict[int, str]) -> SessionLine:
    readable = sees_notes(part, session.shared)
    return SessionLine(
        session.id,
        session.held_on,
        session.notes if readable else None,
        session.actions if readable else None,
        session.shared,
        names.get(session.recorded_by_id, "someone"),
    )


def _names(uow: UnitOfWork, ids: set[int]) -> dict[int, str]:
    return {i: p.name for i, p in uow.people.by_ids(ids).items()} if ids else {}


def _competency_name(store: Store, competency: str) -> str:
    known = store.framework.competencies_by_id.get(competency)
    return known.name if known else competency
