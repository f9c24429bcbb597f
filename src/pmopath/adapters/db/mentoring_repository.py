"""Mentoring in SQL: offers, relationships with their goals, sessions, and the bulk reads
matching needs (levels and targets of many people at once)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import (
    MentoringGoalRow,
    MentoringOfferRow,
    MentoringRelationshipRow,
    MentoringSessionRow,
    TargetRow,
)
from pmopath.domain.ids import storable_id
from pmopath.domain.mentoring import (
    LIVE,
    Goal,
    MentoringSession,
    Offer,
    Relationship,
    RelationshipStatus,
)

CHUNK = 500


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _offer(row: MentoringOfferRow) -> Offer:
    return Offer(
        row.person_id,
        tuple(row.competencies),
        row.capacity,
        row.availability,
        _utc(row.updated_at) or row.updated_at,
    )


def _goal(row: MentoringGoalRow) -> Goal:
    return Goal(row.text, row.competency, row.plan_id, row.id)


def _relationship(row: MentoringRelationshipRow, goals: Iterable[MentoringGoalRow]) -> Relationship:
    return Relationship(
        row.id,
        row.mentor_id,
        row.mentee_id,
        row.competency,
        RelationshipStatus(row.status),
        row.explanation,
        _utc(row.proposed_at) or row.proposed_at,
        row.proposed_by_id,
        _utc(row.mentor_agreed_at),
        _utc(row.mentee_agreed_at),
        row.started_on,
        row.ended_on,
        row.ended_by_id,
        row.review,
        bool(row.shares_progress),
        tuple(_goal(g) for g in goals),
    )


def _session(row: MentoringSessionRow) -> MentoringSession:
    return MentoringSession(
        row.relationship_id,
        row.held_on,
        row.notes,
        row.actions,
        bool(row.shared),
        row.recorded_by_id or 0,
        row.id,
    )


class SqlMentoring:
    def __init__(self, session: Session, now: datetime) -> None:
        self.db, self.now = session, now

    # ---- offers
    def offer_of(self, person_id: int) -> Offer | None:
        if not storable_id(person_id):
            return None
        row = self.db.get(MentoringOfferRow, person_id, populate_existing=True)
        return _offer(row) if row is not None else None

    def save_offer(self, offer: Offer) -> None:
        row = self.db.get(MentoringOfferRow, offer.person_id)
        if row is None:
            row = MentoringOfferRow(person_id=offer.person_id)
            self.db.add(row)
        row.competencies = list(offer.competencies)
        row.capacity = offer.capacity
        row.availability = offer.availability
        row.updated_at = offer.updated_at
        self.db.flush()

    def remove_offer(self, person_id: int) -> bool:
        gone = self.db.execute(
            delete(MentoringOfferRow).where(MentoringOfferRow.person_id == person_id)
        )
        return bool(gone.rowcount)  # type: ignore[attr-defined]

    def offers(self) -> list[Offer]:
        rows = self.db.scalars(select(MentoringOfferRow).order_by(MentoringOfferRow.person_id))
        return [_offer(row) for row in rows]

    # ---- relationships
    def add(self, relationship: Relationship) -> Relationship:
        row = MentoringRelationshipRow(
            mentor_id=relationship.mentor_id,
            mentee_id=relationship.mentee_id,
            competency=relationship.competency,
            status=relationship.status.value,
            explanation=relationship.explanation,
            proposed_at=relationship.proposed_at,
            proposed_by_id=relationship.proposed_by_id,
            review="",
            shares_progress=relationship.shares_progress,
        )
        self._copy(row, relationship)
        self.db.add(row)
        self.db.flush()
        self._write_goals(row.id, relationship.goals)
        found = self.get(row.id)
        assert found is not None
        return found

    @staticmethod
    def _copy(row: MentoringRelationshipRow, relationship: Relationship) -> None:
        row.status = relationship.status.value
        row.mentor_agreed_at = relationship.mentor_agreed_at
        row.mentee_agreed_at = relationship.mentee_agreed_at
        row.started_on = relationship.started_on
        row.ended_on = relationship.ended_on
        row.ended_by_id = relationship.ended_by_id
        row.review = relationship.review
        row.shares_progress = relationship.shares_progress

    def get(self, relationship_id: int) -> Relationship | None:
        if not storable_id(relationship_id):
            return None
        row = self.db.get(MentoringRelationshipRow, relationship_id, populate_existing=True)
        if row is None:
            return None
        goals = self.db.scalars(
            select(MentoringGoalRow)
            .where(MentoringGoalRow.relationship_id == relationship_id)
            .order_by(MentoringGoalRow.position, MentoringGoalRow.id)
        )
        return _relationship(row, goals)

    def save(self, relationship: Relationship) -> Relationship:
        assert relationship.id is not None
        row = self.db.get(MentoringRelationshipRow, relationship.id)
        assert row is not None
        self._copy(row, relationship)
        self.db.flush()
        self._write_goals(relationship.id, relationship.goals)
        found = self.get(relationship.id)
        assert found is not None
        return found

    def _write_goals(self, relationship_id: int, goals: tuple[Goal, ...]) -> None:
        existing = {
            row.id: row
            for row in self.db.scalars(
                select(MentoringGoalRow).where(MentoringGoalRow.relationship_id == relationship_id)
            )
        }
        kept = {goal.id for goal in goals if goal.id in existing}
        for goal_id, stale in existing.items():
            if goal_id not in kept:
                self.db.delete(stale)
        for position, goal in enumerate(goals, start=1):
            row = existing.get(goal.id) if goal.id is not None else None
            if row is None:
                row = MentoringGoalRow(relationship_id=relationship_id)
                self.db.add(row)
            row.position, row.text = position, goal.text
            row.competency, row.plan_id = goal.competency, goal.plan_id
        self.db.flush()

    def for_person(self, person_id: int) -> list[Relationship]:
        rows = list(
            self.db.scalars(
                select(MentoringRelationshipRow)
                .where(
                    or_(
                        MentoringRelationshipRow.mentor_id == person_id,
                        MentoringRelationshipRow.mentee_id == person_id,
                    )
                )
                .order_by(MentoringRelationshipRow.id.desc())
            )
        )
        goals: dict[int, list[MentoringGoalRow]] = {row.id: [] for row in rows}
        if rows:
            for goal in self.db.scalars(
                select(MentoringGoalRow)
                .where(MentoringGoalRow.relationship_id.in_(list(goals)))
                .order_by(MentoringGoalRow.position, MentoringGoalRow.id)
            ):
                goals[goal.relationship_id].append(goal)
        return [_relationship(row, goals[row.id]) for row in rows]

    def live_pairs(self) -> list[tuple[int, int]]:
        rows = self.db.execute(
            select(MentoringRelationshipRow.mentor_id, MentoringRelationshipRow.mentee_id).where(
                MentoringRelationshipRow.status.in_([s.value for s in LIVE])
            )
        )
        return [(mentor, mentee) for mentor, mentee in rows]

    def started_pairs(self, start: date, end: date) -> list[tuple[int, int]]:
        table = MentoringRelationshipRow
        rows = self.db.execute(
            select(table.mentor_id, table.mentee_id).where(
                table.started_on.is_not(None),
                table.started_on <= end,
                or_(table.ended_on.is_(None), table.ended_on >= start),
            )
        )
        return [(mentor, mentee) for mentor, mentee in rows]

    # ---- sessions
    def add_session(self, session: MentoringSession) -> MentoringSession:
        row = MentoringSessionRow(
            relationship_id=session.relationship_id,
            held_on=session.held_on,
            notes=session.notes,
            actions=session.actions,
            shared=session.shared,
            recorded_by_id=session.recorded_by_id,
            created_at=self.now,
        )
        self.db.add(row)
        self.db.flush()
        return _session(row)

    def session(self, session_id: int) -> MentoringSession | None:
        if not storable_id(session_id):
            return None
        row = self.db.get(MentoringSessionRow, session_id, populate_existing=True)
        return _session(row) if row is not None else None

    def sessions(self, relationship_id: int) -> list[MentoringSession]:
        rows = self.db.scalars(
            select(MentoringSessionRow)
            .where(MentoringSessionRow.relationship_id == relationship_id)
            .order_by(MentoringSessionRow.held_on, MentoringSessionRow.id)
        )
        return [_session(row) for row in rows]

    def set_shared(self, session_id: int, shared: bool) -> None:
        self.db.execute(
            update(MentoringSessionRow)
            .where(MentoringSessionRow.id == session_id)
            .values(shared=shared)
        )

    # ---- bulk reads for matching
    def primary_targets_of(self, person_ids: Collection[int]) -> dict[int, str]:
        wanted = sorted(set(person_ids))
        found: dict[int, str] = {}
        for start in range(0, len(wanted), CHUNK):
            rows = self.db.execute(
                select(TargetRow.person_id, TargetRow.role).where(
                    TargetRow.person_id.in_(wanted[start : start + CHUNK]), TargetRow.is_primary
                )
            )
            found.update((person_id, role) for person_id, role in rows)
        return found
