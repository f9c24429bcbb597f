"""Tables of mentoring: offers to mentor, relationships, their goals and sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import ID, Base


class MentoringOfferRow(Base):
    """One person's offer to mentor (withdrawing it removes the row)."""

    __tablename__ = "mentoring_offers"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    competencies: Mapped[list[str]] = mapped_column(JSON)
    capacity: Mapped[int] = mapped_column(SmallInteger)
    availability: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MentoringRelationshipRow(Base):
    """A mentor and a mentee: proposed, active once both agreed, then ended (or declined)."""

    __tablename__ = "mentoring_relationships"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    competency: Mapped[str] = mapped_column(String(ID))
    status: Mapped[str] = mapped_column(String(16), index=True)
    explanation: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    mentor_agreed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    mentee_agreed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    review: Mapped[str] = mapped_column(Text, default="")
    shares_progress: Mapped[bool] = mapped_column(Boolean, default=False)


class MentoringGoalRow(Base):
    __tablename__ = "mentoring_goals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_relationships.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(String(300))
    competency: Mapped[str | None] = mapped_column(String(ID))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))


class MentoringSessionRow(Base):
    """A session of a pair; its notes and actions are the pair's unless ``shared``."""

    __tablename__ = "mentoring_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_relationships.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
