"""Calibration in SQL: decisions (append-only) and sessions, and the group reads they need."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.repositories import _as_utc, _person
from pmopath.adapters.db.tables import (
    AssessmentLevelRow,
    AssessmentRow,
    CalibrationDecisionRow,
    CalibrationSessionRow,
    PersonRow,
)
from pmopath.domain.calibration import CalibrationDecision, CalibrationSession, GroupKind
from pmopath.domain.ids import storable_id
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment

_CHUNK = 500  # bound IN (...) lists for every database


def _chunks(ids: Collection[int]) -> list[list[int]]:
    wanted = sorted(set(ids))
    return [wanted[start : start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]


def _decision(row: CalibrationDecisionRow) -> CalibrationDecision:
    return CalibrationDecision(
        row.id,
        row.person_id,
        row.competency,
        row.level,
        row.previous_level,
        row.reason,
        _as_utc(row.decided_at),
        row.actor,
        row.decided_by_id,
        row.session_id,
        row.assessment_id,
    )


def _session(row: CalibrationSessionRow) -> CalibrationSession:
    return CalibrationSession(
        row.id,
        row.name,
        GroupKind(row.kind),
        row.group_ref,
        _as_utc(row.opened_at),
        row.opened_by,
        _as_utc(row.closed_at) if row.closed_at else None,
        row.closed_by,
    )


class SqlCalibration:
    def __init__(self, session: Session) -> None:
        self.db = session

    def add_decision(self, decision: CalibrationDecision) -> CalibrationDecision:
        row = CalibrationDecisionRow(
            person_id=decision.person_id,
            competency=decision.competency,
            level=decision.level,
            previous_level=decision.previous_level,
            reason=decision.reason,
            decided_at=decision.decided_at,
            actor=decision.actor,
            decided_by_id=decision.decided_by_id,
            session_id=decision.session_id,
            assessment_id=decision.assessment_id,
        )
        self.db.add(row)
        self.db.flush()
        return _decision(row)

    def decisions_for(self, person_ids: Collection[int]) -> list[CalibrationDecision]:
        found: list[CalibrationDecision] = []
        for chunk in _chunks(person_ids):
            query = select(CalibrationDecisionRow).where(
                CalibrationDecisionRow.person_id.in_(chunk)
            )
            found.extend(_decision(row) for row in self.db.scalars(query))
        return sorted(found, key=lambda d: (d.decided_at, d.id or 0))

    def decisions_in(self, session_id: int) -> list[CalibrationDecision]:
        if not storable_id(session_id):
            return []
        rows = self.db.scalars(
            select(CalibrationDecisionRow)
            .where(CalibrationDecisionRow.session_id == session_id)
            .order_by(CalibrationDecisionRow.decided_at, CalibrationDecisionRow.id)
        )
        return [_decision(row) for row in rows]

    def add_session(self, session: CalibrationSession) -> CalibrationSession:
        row = CalibrationSessionRow(
            name=session.name,
            kind=session.kind.value,
            group_ref=session.group,
            opened_at=session.opened_at,
            opened_by=session.opened_by,
        )
        self.db.add(row)
        self.db.flush()
        return _session(row)

    def session(self, session_id: int) -> CalibrationSession | None:
        if not storable_id(session_id):
            return None
        row = self.db.get(CalibrationSessionRow, session_id)
        return _session(row) if row else None

    def sessions(self) -> list[CalibrationSession]:
        rows = self.db.scalars(
            select(CalibrationSessionRow).order_by(
                CalibrationSessionRow.opened_at.desc(), CalibrationSessionRow.id.desc()
            )
        )
        return [_session(row) for row in rows]

    def close_session(self, session_id: int, at: datetime, by: str) -> None:
        self.db.execute(
            update(CalibrationSessionRow)
            .where(
                CalibrationSessionRow.id == session_id, CalibrationSessionRow.closed_at.is_(None)
            )
            .values(closed_at=at, closed_by=by)
        )

    def assessments_of(self, person_ids: Collection[int]) -> dict[int, list[RecordedAssessment]]:
        found: dict[int, tuple[AssessmentRow, dict[str, int]]] = {}
        for chunk in _chunks(person_ids):
            rows = self.db.execute(
                select(AssessmentRow, AssessmentLevelRow.competency, AssessmentLevelRow.level)
                .outerjoin(AssessmentLevelRow, AssessmentLevelRow.assessment_id == AssessmentRow.id)
                .where(AssessmentRow.person_id.in_(chunk))
            )
            for row, competency, level in rows:
                levels = found.setdefault(row.id, (row, {}))[1]
                if competency is not None:
                    levels[competency] = level
        by_person: dict[int, list[RecordedAssessment]] = {}
        for row, levels in found.values():
            by_person.setdefault(row.person_id, []).append(
                RecordedAssessment(
                    row.id,
                    row.person_id,
                    row.framework_version_id,
                    AssessmentSource(row.source),
                    levels,
                    _as_utc(row.assessed_at),
                    row.assessor_id,
                    row.note,
                )
            )
        for recorded in by_person.values():
            recorded.sort(key=lambda a: (a.assessed_at, a.id or 0))
        return by_person

    def people_in_role(self, role: str) -> list[Person]:
        rows = self.db.scalars(
            select(PersonRow)
            .where(PersonRow.role == role, PersonRow.erased_at.is_(None))
            .order_by(PersonRow.name, PersonRow.id)
        )
        return [_person(row) for row in rows]
