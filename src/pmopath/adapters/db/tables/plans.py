"""Tables of development plans: items, versions, check-ins, evidence, notifications and calendar
feeds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import ID, NAME, Base


class PlanRow(Base):
    """A development plan; ``revision`` guards against saving over someone else's change."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    target_role: Mapped[str] = mapped_column(String(ID))
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_versions.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(24), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    agreed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    review_cadence: Mapped[str] = mapped_column(
        String(16), default="quarterly", server_default="quarterly"
    )


class PlanVersionRow(Base):
    """What one version of a plan held when last saved; an agreed version stays as agreed."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    target_role: Mapped[str] = mapped_column(String(ID))
    status: Mapped[str] = mapped_column(String(24))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    agreed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    owner_name: Mapped[str] = mapped_column(String(NAME), default="", server_default="")
    agreed_by_name: Mapped[str] = mapped_column(String(NAME), default="", server_default="")


class NotificationRow(Base):
    """An in-app message to one person; unread ones are counted on every page (indexed)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("person_id", "key", name="uq_notifications_person_key"),
        Index("ix_notifications_person_id_read_at", "person_id", "read_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(500))
    link: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlanItemRow(Base):
    __tablename__ = "plan_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    competency: Mapped[str | None] = mapped_column(String(ID))
    action_id: Mapped[str | None] = mapped_column(String(ID))
    free_text: Mapped[str] = mapped_column(Text, default="")
    target_level: Mapped[int | None] = mapped_column(SmallInteger)
    start_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24))
    effort_hours: Mapped[float] = mapped_column(Float, default=0.0)
    mentoring_goal_id: Mapped[int | None] = mapped_column(Integer)
    """The mentoring goal the item was made from (no foreign key: see migration 0016)."""


class CheckInRow(Base):
    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[dict[str, Any]] = mapped_column(JSON)
    levels: Mapped[dict[str, Any]] = mapped_column(JSON)
    readiness: Mapped[float] = mapped_column(Float)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(NAME))
    happened_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    competencies: Mapped[list[str]] = mapped_column(JSON)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # STAR (migration 0017): empty in evidence logged before, or told in the description alone
    situation: Mapped[str] = mapped_column(Text, default="", server_default="")
    task: Mapped[str] = mapped_column(Text, default="", server_default="")
    action: Mapped[str] = mapped_column(Text, default="", server_default="")
    result: Mapped[str] = mapped_column(Text, default="", server_default="")


class CalendarFeedRow(Base):
    """A person's private calendar URL: only the SHA-256 of its token is kept."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
