"""Tables of calibration: sessions over a group and the calibrated levels decided (append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import EMAIL, ID, NAME, Base


class CalibrationSessionRow(Base):
    """A calibration meeting over a team, a manager's tree or a role; opened, then closed."""

    __tablename__ = "calibration_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME))
    kind: Mapped[str] = mapped_column(String(16))
    group_ref: Mapped[str] = mapped_column(String(NAME))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(EMAIL))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(EMAIL))


class CalibrationDecisionRow(Base):
    """A calibrated level with its reason: never updated (but for erasure) or deleted; a newer
    row for the same person and competency supersedes it."""

    __tablename__ = "calibration_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(ID))
    level: Mapped[int] = mapped_column(SmallInteger)
    previous_level: Mapped[int | None] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(String(500))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(EMAIL))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="SET NULL"), index=True
    )
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    __table_args__ = (
        Index("ix_calibration_decisions_person_competency", "person_id", "competency"),
    )
