"""Everything stored about one person: export it (a data-subject request), or erase it.

Erasing removes what identifies or describes the person (name, e-mail, team, free-text notes,
evidence, plan comments, their CV choices, their account) and keeps what counts without naming
anyone: their role history, the levels of their assessments (for organisation-wide figures), and
the audit trail, whose entries about them have their personal values replaced by "[erased]".
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.role_readiness import note_person
from pmopath.adapters.db.tables import (
    AccountRow,
    AssessmentLevelRow,
    AssessmentRow,
    AuditRow,
    Base,
    CalendarFeedRow,
    CalibrationDecisionRow,
    CheckInRow,
    CredentialsRow,
    CvChoicesRow,
    EvidenceRow,
    FeedbackRequestRow,
    FeedbackRespondentRow,
    MentoringGoalRow,
    MentoringOfferRow,
    MentoringRelationshipRow,
    MentoringSessionRow,
    NotificationRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
    PlanVersionRow,
    RoleSpellRow,
    TargetRow,
)

ERASED = "[erased]"
_PERSONAL_KEYS = {
    *("email", "name", "team", "note", "notes", "title", "description", "impact"),
    *("situation", "task", "action", "result", "summary", "reason"),
}


def _plain(row: Base) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        values[column.key] = value
    return values


class SqlPersonData:
    def __init__(self, session: Session) -> None:
        self.session = session

    def export(self, person_id: int) -> dict[str, Any]:
        """Every row that is about, or was given by, the person."""
        person = self.session.get(PersonRow, person_id)
        assessments = self._all(AssessmentRow, AssessmentRow.person_id == person_id)
        plans = self._all(PlanRow, PlanRow.person_id == person_id)
        plan_ids = [plan["id"] for plan in plans]
        return {
            "person": _plain(person) if person else None,
            "role_history": self._all(RoleSpellRow, RoleSpellRow.person_id == person_id),
            "credentials": self._all(CredentialsRow, CredentialsRow.person_id == person_id),
            "accounts": [  # never the password hash, even to its owner
                {k: v for k, v in a.items() if k != "password_hash"}
                for a in self._all(AccountRow, AccountRow.person_id == person_id)
            ],
            "assessments": [{**a, "levels": self._levels(a["id"])} for a in assessments],
            "assessments_given": self._all(AssessmentRow, AssessmentRow.assessor_id == person_id),
            "targets": self._all(TargetRow, TargetRow.person_id == person_id),
            "plans": plans,
            "plan_items": self._all(PlanItemRow, PlanItemRow.plan_id.in_(plan_ids)),
            "checkins": self._all(CheckInRow, CheckInRow.plan_id.in_(plan_ids)),
            "plan_versions": self._all(PlanVersionRow, PlanVersionRow.plan_id.in_(plan_ids)),
            "notifications": self._all(NotificationRow, NotificationRow.person_id == person_id),
            "evidence": self._all(EvidenceRow, EvidenceRow.person_id == person_id),
            "feedback_requests": self._all(
                FeedbackRequestRow, FeedbackRequestRow.person_id == person_id
            ),
            "cv_choices": self._all(CvChoicesRow, CvChoicesRow.person_id == person_id),
            "calibrated_levels": self._all(
                CalibrationDecisionRow, CalibrationDecisionRow.person_id == person_id
            ),
            "audit": [
                _plain(r) for r in self._audit_rows(person_id, [a["id"] for a in assessments])
            ],
            **self._mentoring(person_id),
        }

    def _mentoring(self, person_id: int) -> dict[str, Any]:
        """The person's offer to mentor and every relationship they are in, as either side."""
        mine = self._relationship_ids(person_id)
        return {
            "mentoring_offers": self._all(
                MentoringOfferRow, MentoringOfferRow.person_id == person_id
            ),
            "mentoring_relationships": self._all(
                MentoringRelationshipRow, MentoringRelationshipRow.id.in_(mine)
            ),
            "mentoring_goals": self._all(
                MentoringGoalRow, MentoringGoalRow.relationship_id.in_(mine)
            ),
            "mentoring_sessions": self._all(
                MentoringSessionRow, MentoringSessionRow.relationship_id.in_(mine)
            ),
        }

    def _relationship_ids(self, person_id: int) -> list[int]:
        table = MentoringRelationshipRow
        return list(
            self.session.scalars(
                select(table.id).where(
                    or_(table.mentor_id == person_id, table.mentee_id == person_id)
                )
            )
        )

    def _erase_as_respondent_and_asker(self, pid: int) -> None:
        """Feedback about others keeps no trace of the person: where they were asked (by their
        e-mail) their name and address go, and where they asked, who asked does."""
        s, person = self.session, self.session.get(PersonRow, pid)
        if person is None or not person.email:
            return
        erased = f"Erased person #{pid}"
        s.execute(
            update(FeedbackRespondentRow)
            .where(func.lower(FeedbackRespondentRow.email) == person.email.lower())
            .values(name=erased, email="")
        )
        s.execute(
            update(FeedbackRequestRow)
            .where(FeedbackRequestRow.asked_by.contains(person.email))
            .values(asked_by=erased)
        )

    def _erase_mentoring(self, person_id: int) -> None:
        """Drop the offer; blank what the person's relationships say (their count stays)."""
        s, mine = self.session, self._relationship_ids(person_id)
        s.execute(delete(MentoringOfferRow).where(MentoringOfferRow.person_id == person_id))
        s.execute(
            update(MentoringRelationshipRow)
            .where(MentoringRelationshipRow.id.in_(mine))
            .values(explanation="", review="")
        )
        s.execute(
            update(MentoringGoalRow)
            .where(MentoringGoalRow.relationship_id.in_(mine))
            .values(text="")
        )
        s.execute(
            update(MentoringSessionRow)
            .where(MentoringSessionRow.relationship_id.in_(mine))
            .values(notes="", actions="")
        )
        goals = select(MentoringGoalRow.id).where(MentoringGoalRow.relationship_id.in_(mine))
        s.execute(  # the other's plan items made from the pair's goals name the person
            update(PlanItemRow).where(PlanItemRow.mentoring_goal_id.in_(goals)).values(free_text="")
        )

    def _all(self, row_class: type[Base], condition: ColumnElement[bool]) -> list[dict[str, Any]]:
        rows = self.session.scalars(select(row_class).where(condition))
        return [_plain(row) for row in rows]

    def _levels(self, assessment_id: int) -> dict[str, int]:
        rows = self.session.scalars(
            select(AssessmentLevelRow).where(AssessmentLevelRow.assessment_id == assessment_id)
        )
        return {row.competency: row.level for row in rows}

    def _audit_rows(self, person_id: int, assessment_ids: list[int]) -> list[AuditRow]:
        about = or_(
            (AuditRow.entity == "person") & (AuditRow.entity_id == str(person_id)),
            (AuditRow.entity == "assessment")
            & AuditRow.entity_id.in_([str(i) for i in assessment_ids]),
            (AuditRow.entity == "account")
            & AuditRow.entity_id.in_(
                select(cast(AccountRow.id, String)).where(AccountRow.person_id == person_id)
            ),
        )
        return list(self.session.scalars(select(AuditRow).where(about).order_by(AuditRow.id)))

    def erase(self, person_id: int, now: datetime) -> None:
        """Remove the person's personal data; keep anonymous levels, roles and the audit trail."""
        s, pid = self.session, person_id
        self._erase_as_respondent_and_asker(pid)
        self._erase_versions_and_notices(pid)
        ids = list(s.scalars(select(AssessmentRow.id).where(AssessmentRow.person_id == pid)))
        for row in self._audit_rows(pid, ids):
            row.before = _scrub(row.before)
            row.after = _scrub(row.after)
        s.execute(
            update(PersonRow)
            .where(PersonRow.id == pid)
            .values(
                name=f"Erased person #{pid}", email=None, team=None, erased_at=now, updated_at=now
            )
        )
        s.execute(update(AssessmentRow).where(AssessmentRow.person_id == pid).values(note=""))
        # a calibrated level's reason speaks of the person: erasure is the one change it takes
        s.execute(
            update(CalibrationDecisionRow)
            .where(CalibrationDecisionRow.person_id == pid)
            .values(reason="")
        )
        s.execute(delete(EvidenceRow).where(EvidenceRow.person_id == pid))
        s.execute(delete(CvChoicesRow).where(CvChoicesRow.person_id == pid))
        s.execute(delete(CredentialsRow).where(CredentialsRow.person_id == pid))
        s.execute(delete(AccountRow).where(AccountRow.person_id == pid))
        s.execute(delete(CalendarFeedRow).where(CalendarFeedRow.person_id == pid))
        # feedback about them: requests, respondents and answers go (cascading deletes)
        s.execute(delete(FeedbackRequestRow).where(FeedbackRequestRow.person_id == pid))
        plan_ids = list(s.scalars(select(PlanRow.id).where(PlanRow.person_id == pid)))
        s.execute(update(PlanRow).where(PlanRow.person_id == pid).values(comment=""))
        s.execute(update(PlanItemRow).where(PlanItemRow.plan_id.in_(plan_ids)).values(free_text=""))
        s.execute(update(CheckInRow).where(CheckInRow.plan_id.in_(plan_ids)).values(notes=""))
        self._erase_mentoring(pid)
        note_person(s, pid)  # an erased person leaves the organisation's readiness figures

    def _erase_versions_and_notices(self, pid: int) -> None:
        """Blank item texts in kept plan versions; drop the person's notices, every notice about
        their plans, and every notice naming them (as the manager who agreed, say)."""
        s = self.session
        plan_ids = list(s.scalars(select(PlanRow.id).where(PlanRow.person_id == pid)))
        for row in s.scalars(select(PlanVersionRow).where(PlanVersionRow.plan_id.in_(plan_ids))):
            row.items = [{**item, "free_text": ""} for item in row.items]
        erased = f"Erased person #{pid}"
        s.execute(
            update(PlanVersionRow).where(PlanVersionRow.person_id == pid).values(owner_name=erased)
        )
        s.execute(
            update(PlanVersionRow)
            .where(PlanVersionRow.agreed_by_id == pid)
            .values(agreed_by_name=erased)
        )
        person = s.get(PersonRow, pid)
        naming = [NotificationRow.message.contains(person.name)] if person and person.name else []
        s.execute(
            delete(NotificationRow).where(
                or_(
                    NotificationRow.person_id == pid,
                    NotificationRow.link.in_([f"/plans/{i}" for i in plan_ids]),
                    *naming,
                )
            )
        )


def _scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (ERASED if k in _PERSONAL_KEYS and v is not None else v) for k, v in values.items()}
