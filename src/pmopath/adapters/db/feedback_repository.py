"""The SQLAlchemy repository of feedback requests, respondents (token hashes) and responses."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import (
    FeedbackRequestRow,
    FeedbackRespondentRow,
    FeedbackResponseRow,
)
from pmopath.domain.feedback import (
    FeedbackCounts,
    FeedbackRequest,
    FeedbackResponse,
    Respondent,
    StarExample,
)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _request(row: FeedbackRequestRow) -> FeedbackRequest:
    created, expires = _utc(row.created_at), _utc(row.expires_at)
    assert created is not None and expires is not None
    return FeedbackRequest(
        row.id,
        row.person_id,
        row.asked_by,
        tuple(row.competencies),
        row.question,
        created,
        expires,
        _utc(row.withdrawn_at),
    )


def _respondent(row: FeedbackRespondentRow) -> Respondent:
    return Respondent(
        row.id,
        row.request_id,
        row.name,
        row.email,
        row.token_hash,
        _utc(row.answered_at),
        _utc(row.reminded_at),
        row.reminder_hash,
    )


def _response(row: FeedbackResponseRow) -> FeedbackResponse:
    example = StarExample(row.example_competency, row.situation, row.task, row.action, row.result)
    ratings = {str(k): (None if v is None else int(v)) for k, v in (row.ratings or {}).items()}
    return FeedbackResponse(
        row.id,
        row.request_id,
        ratings,
        example,
        row.answer,
        row.evidence_id,
        bool(row.quoted),
        row.key,
    )


_CHUNK = 500
"""People ids per IN (...) list: SQLite takes at most 32,766 values in one statement."""


class SqlFeedback:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_request(self, request: FeedbackRequest) -> FeedbackRequest:
        row = FeedbackRequestRow(
            person_id=request.person_id,
            asked_by=request.asked_by,
            competencies=list(request.competencies),
            question=request.question,
            created_at=request.created_at,
            expires_at=request.expires_at,
            withdrawn_at=request.withdrawn_at,
        )
        self.session.add(row)
        self.session.flush()
        return _request(row)

    def request(self, request_id: int) -> FeedbackRequest | None:
        row = self.session.get(FeedbackRequestRow, request_id)
        return _request(row) if row else None

    def requests_for(self, person_id: int) -> list[FeedbackRequest]:
        rows = self.session.scalars(
            select(FeedbackRequestRow)
            .where(FeedbackRequestRow.person_id == person_id)
            .order_by(FeedbackRequestRow.created_at.desc(), FeedbackRequestRow.id.desc())
        )
        return [_request(row) for row in rows]

    def requests_about(self, person_ids: Collection[int]) -> list[FeedbackRequest]:
        wanted = sorted(set(person_ids))
        found: list[FeedbackRequest] = []
        for at in range(0, len(wanted), _CHUNK):
            rows = self.session.scalars(
                select(FeedbackRequestRow)
                .where(FeedbackRequestRow.person_id.in_(wanted[at : at + _CHUNK]))
                .order_by(FeedbackRequestRow.person_id, FeedbackRequestRow.id)
            )
            found.extend(_request(row) for row in rows)
        return found

    def withdraw(self, request_id: int, at: datetime) -> None:
        self.session.execute(
            update(FeedbackRequestRow)
            .where(FeedbackRequestRow.id == request_id, FeedbackRequestRow.withdrawn_at.is_(None))
            .values(withdrawn_at=at)
        )

    def add_respondent(self, respondent: Respondent) -> Respondent:
        row = FeedbackRespondentRow(
            request_id=respondent.request_id,
            name=respondent.name,
            email=respondent.email,
            token_hash=respondent.token_hash,
            reminder_hash=respondent.reminder_hash,
            answered_at=respondent.answered_at,
            reminded_at=respondent.reminded_at,
        )
        self.session.add(row)
        self.session.flush()
        return _respondent(row)

    def respondents(self, request_ids: Collection[int]) -> list[Respondent]:
        if not request_ids:
            return []
        rows = self.session.scalars(
            select(FeedbackRespondentRow)
            .where(FeedbackRespondentRow.request_id.in_(list(request_ids)))
            .order_by(FeedbackRespondentRow.request_id, FeedbackRespondentRow.id)
        )
        return [_respondent(row) for row in rows]

    def respondent_by_token(self, token_hash: str) -> Respondent | None:
        row = self.session.scalar(
            select(FeedbackRespondentRow).where(
                or_(
                    FeedbackRespondentRow.token_hash == token_hash,
                    FeedbackRespondentRow.reminder_hash == token_hash,
                )
            )
        )
        return _respondent(row) if row else None

    def mark_answered(self, respondent_id: int, at: datetime) -> bool:
        # one conditional UPDATE: of two requests racing with the same link, one changes a row
        result = self.session.execute(
            update(FeedbackRespondentRow)
            .where(
                FeedbackRespondentRow.id == respondent_id,
                FeedbackRespondentRow.answered_at.is_(None),
            )
            .values(answered_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def mark_reminded(self, respondent_id: int, reminder_hash: str, at: datetime) -> None:
        self.session.execute(
            update(FeedbackRespondentRow)
            .where(FeedbackRespondentRow.id == respondent_id)
            .values(reminded_at=at, reminder_hash=reminder_hash)
        )

    def reminders_due(self, now: datetime, until: datetime) -> list[Respondent]:
        rows = self.session.scalars(
            select(FeedbackRespondentRow)
            .join(FeedbackRequestRow, FeedbackRequestRow.id == FeedbackRespondentRow.request_id)
            .where(
                FeedbackRespondentRow.answered_at.is_(None),
                FeedbackRespondentRow.reminded_at.is_(None),
                FeedbackRequestRow.withdrawn_at.is_(None),
                FeedbackRequestRow.expires_at > now,
                FeedbackRequestRow.expires_at <= until,
            )
            .order_by(FeedbackRespondentRow.request_id, FeedbackRespondentRow.id)
        )
        return [_respondent(row) for row in rows]

    def add_response(self, response: FeedbackResponse) -> FeedbackResponse:
        example = response.example
        row = FeedbackResponseRow(
            request_id=response.request_id,
            ratings=dict(response.ratings),
            example_competency=example.competency,
            situation=example.situation,
            task=example.task,
            action=example.action,
            result=example.result,
            answer=response.answer,
            evidence_id=response.evidence_id,
            quoted=response.quoted,
            key=response.key,
        )
        self.session.add(row)
        self.session.flush()
        return _response(row)

    def response_by_key(self, key: str) -> FeedbackResponse | None:
        row = self.session.scalar(select(FeedbackResponseRow).where(FeedbackResponseRow.key == key))
        return _response(row) if row else None

    def responses(self, request_ids: Collection[int]) -> list[FeedbackResponse]:
        if not request_ids:
            return []
        rows = self.session.scalars(
            select(FeedbackResponseRow)
            .where(FeedbackResponseRow.request_id.in_(list(request_ids)))
            .order_by(FeedbackResponseRow.id)
        )
        return [_response(row) for row in rows]

    def set_evidence(self, response_id: int, evidence_id: int) -> None:
        self.session.execute(
            update(FeedbackResponseRow)
            .where(FeedbackResponseRow.id == response_id)
            .values(evidence_id=evidence_id)
        )

    def set_quoted(self, response_id: int, quoted: bool) -> None:
        self.session.execute(
            update(FeedbackResponseRow)
            .where(FeedbackResponseRow.id == response_id)
            .values(quoted=quoted)
        )

    def counts(
        self, start: datetime, end: datetime, person_ids: Collection[int] | None = None
    ) -> FeedbackCounts:
        if person_ids is None:
            return self._counts(start, end, [])
        wanted = sorted(set(person_ids))
        total = FeedbackCounts(0, 0, 0)
        for at in range(0, len(wanted), _CHUNK):  # bounded IN lists: a tree may be 100,000
            part = self._counts(
                start, end, [FeedbackRequestRow.person_id.in_(wanted[at : at + _CHUNK])]
            )
            total = FeedbackCounts(
                total.requests + part.requests,
                total.asked + part.asked,
                total.answered + part.answered,
            )
        return total

    def _counts(
        self, start: datetime, end: datetime, about: list[ColumnElement[bool]]
    ) -> FeedbackCounts:
        made = (FeedbackRequestRow.created_at >= start) & (FeedbackRequestRow.created_at < end)
        requests = self.session.scalar(
            select(func.count()).select_from(FeedbackRequestRow).where(made, *about)
        )
        joined = (
            select(func.count())
            .select_from(FeedbackRespondentRow)
            .join(FeedbackRequestRow, FeedbackRequestRow.id == FeedbackRespondentRow.request_id)
        )
        asked = self.session.scalar(joined.where(made, *about))
        answered = self.session.scalar(
            joined.where(
                FeedbackRespondentRow.answered_at >= start,
                FeedbackRespondentRow.answered_at < end,
                *about,
            )
        )
        return FeedbackCounts(int(requests or 0), int(asked or 0), int(answered or 0))
