"""Tables of stakeholder feedback: requests, respondents (hashes of their links) and responses.

A response row has no column naming its respondent and no time of its own: answers stay
unattributed in the store too, not only on the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import EMAIL, ID, NAME, Base


class FeedbackRequestRow(Base):
    """Feedback asked about a person on chosen competencies (ids of the active framework)."""

    __tablename__ = "feedback_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    asked_by: Mapped[str] = mapped_column(String(300))
    competencies: Mapped[list[str]] = mapped_column(JSON)
    question: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedbackRespondentRow(Base):
    """Someone asked and their single-use link: SHA-256 hashes of its tokens, never a token."""

    __tablename__ = "feedback_respondents"
    __table_args__ = (Index("ix_feedback_respondents_answered_at", "answered_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_requests.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME))
    email: Mapped[str] = mapped_column(String(EMAIL))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reminder_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedbackResponseRow(Base):
    """One answer, unattributed: ratings (competency -> level, null for not observed), a STAR
    example, the answer to the question; the evidence made from it and whether it is quoted."""

    __tablename__ = "feedback_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_requests.id", ondelete="CASCADE"), index=True
    )
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON)
    example_competency: Mapped[str] = mapped_column(String(ID))
    situation: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"))
    quoted: Mapped[bool] = mapped_column(Boolean, default=False)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    """A random name for links and the API (the id would tell the order of arrival)."""
