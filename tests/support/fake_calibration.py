"""The in-memory calibration repository (decisions and sessions) for service tests."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from pmopath.domain.calibration import CalibrationDecision, CalibrationSession
from pmopath.domain.people import Person, RecordedAssessment

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakeCalibration:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add_decision(self, decision: CalibrationDecision) -> CalibrationDecision:
        stored = replace(decision, id=len(self.state.calibration_decisions) + 1)
        self.state.calibration_decisions.append(stored)
        return stored

    def decisions_for(self, person_ids: Collection[int]) -> list[CalibrationDecision]:
        wanted = set(person_ids)
        found = [d for d in self.state.calibration_decisions if d.person_id in wanted]
        return sorted(found, key=lambda d: (d.decided_at, d.id or 0))

    def decisions_in(self, session_id: int) -> list[CalibrationDecision]:
        found = [d for d in self.state.calibration_decisions if d.session_id == session_id]
        return sorted(found, key=lambda d: (d.decided_at, d.id or 0))

    def add_session(self, session: CalibrationSession) -> CalibrationSession:
        stored = replace(session, id=len(self.state.calibration_sessions) + 1)
        self.state.calibration_sessions[stored.id or 0] = stored
        return stored

    def session(self, session_id: int) -> CalibrationSession | None:
        return self.state.calibration_sessions.get(session_id)

    def sessions(self) -> list[CalibrationSession]:
        found = list(self.state.calibration_sessions.values())
        return sorted(found, key=lambda s: (s.opened_at, s.id or 0), reverse=True)

    def close_session(self, session_id: int, at: datetime, by: str) -> None:
        found = self.state.calibration_sessions.get(session_id)
        if found is not None and found.closed_at is None:
            self.state.calibration_sessions[session_id] = replace(found, closed_at=at, closed_by=by)

    def assessments_of(self, person_ids: Collection[int]) -> dict[int, list[RecordedAssessment]]:
        found: dict[int, list[RecordedAssessment]] = {}
        for assessment in sorted(self.state.assessments, key=lambda a: (a.assessed_at, a.id or 0)):
            if assessment.person_id in person_ids:
                found.setdefault(assessment.person_id, []).append(assessment)
        return found

    def people_in_role(self, role: str) -> list[Person]:
        found = [p for p in self.state.people.values() if p.role == role]
        return sorted(found, key=lambda p: (p.name, p.id or 0))
