"""The database schema: SQLAlchemy tables, portable between SQLite and PostgreSQL.

Rows here are storage only; repositories convert them to and from domain objects. Timestamps are
stored in UTC; ids of framework things (roles, competencies, actions) are the framework's stable
snake_case ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = 80  # framework ids, as the file format allows
NAME = 200
EMAIL = 254
HASH = 255  # an argon2id hash in PHC form is about 100 characters


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class FrameworkVersionRow(Base):
    """Every framework ever loaded, kept whole; exactly one is active."""

    __tablename__ = "framework_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(ID))
    name: Mapped[str] = mapped_column(String(NAME))
    version: Mapped[str] = mapped_column(String(NAME))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        Index(
            "uq_framework_versions_one_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(EMAIL), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    role: Mapped[str | None] = mapped_column(String(ID))
    role_since: Mapped[date | None] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    team: Mapped[str | None] = mapped_column(String(NAME), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RoleSpellRow(Base):
    """A period in one role: the person's role history."""

    __tablename__ = "role_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(ID))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)


class CredentialsRow(Base):
    """A person's held certifications (action ids) and highest education, for eligibility."""

    __tablename__ = "person_credentials"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    certifications: Mapped[list[str]] = mapped_column(JSON)
    education: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AccountRow(Base):
    """Who may sign in and with which permissions; the password only as an argon2id hash."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL), unique=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), unique=True
    )
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_hash: Mapped[str | None] = mapped_column(String(HASH))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AccountSessionRow(Base):
    """A server-side sign-in session. Only the SHA-256 of its token is stored.

    Not archived (``info["derived"]``): a restore signs everyone out.
    """

    __tablename__ = "account_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = ({"info": {"derived": True}},)


class ApiTokenRow(Base):
    """A bearer token for the API; only the SHA-256 of its secret is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInFailureRow(Base):
    """A failed sign-in, by the e-mail typed (known or not) and the client's address.

    Kept only for the throttling window; not archived (``info["derived"]``).
    """

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL))
    client_address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    __table_args__ = (
        Index("ix_sign_in_failures_email_at", "email", "at"),
        Index("ix_sign_in_failures_client_address_at", "client_address", "at"),
        {"info": {"derived": True}},
    )


class AssessmentRow(Base):
    """One rating event; append-only."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_versions.id"))
    source: Mapped[str] = mapped_column(String(16))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")


class AssessmentLevelRow(Base):
    __tablename__ = "assessment_levels"
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    competency: Mapped[str] = mapped_column(String(ID), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)


class CurrentLevelRow(Base):
    """The derived current picture: the latest self/manager/evidence level per competency.

    Kept in step with assessments inside the same transaction, so reading a person's or the
    whole organisation's levels is one indexed query.
    """

    __tablename__ = "current_levels"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    competency: Mapped[str] = mapped_column(String(ID), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        # "who is ready for role X" reads one competency's levels across everyone
        Index("ix_current_levels_competency_level_person", "competency", "level", "person_id"),
    )


class RoleReadinessRow(Base):
    """Derived: every person's readiness for every role of the active framework.

    Computed by ``pmopath.engine.readiness`` (the same code, and so the same figures, as one
    person's gap analysis) and kept in step inside the transaction of every write that changes
    current levels, people or the active framework, so "who is at least N% ready for role X" is
    one index range. Not archived: restore rebuilds it (``info["derived"]``).
    """

    __tablename__ = "role_readiness"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(ID), primary_key=True)
    readiness: Mapped[float] = mapped_column(Float)
    __table_args__ = (
        Index("ix_role_readiness_role_readiness", "role", "readiness"),
        {"info": {"derived": True}, "sqlite_with_rowid": False},
    )


class RoleReadinessBasisRow(Base):
    """Derived: what ``role_readiness`` was computed from, per role.

    The fingerprint covers the readiness model's version, the role's requirements and the
    critical cap; a query for a role defined otherwise (another framework), or after a change
    of the model, does not trust the stored figures.
    """

    __tablename__ = "role_readiness_basis"
    role: Mapped[str] = mapped_column(String(ID), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    __table_args__ = ({"info": {"derived": True}},)


class TargetRow(Base):
    """A role someone aspires to; several allowed, one primary."""

    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(ID))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        UniqueConstraint("person_id", "role", name="uq_targets_person_role"),
        Index(
            "uq_targets_one_primary",
            "person_id",
            unique=True,
            sqlite_where=text("is_primary"),
            postgresql_where=text("is_primary"),
        ),
    )


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


class AuditRow(Base):
    """Append-only record of every change: who, what, when, before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(EMAIL))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CalendarFeedRow(Base):
    """A person's private calendar URL: only the SHA-256 of its token is kept."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChangeStampRow(Base):
    """One row counting committed changes to what pages show (``adapters/db/change_stamp.py``).

    Database triggers add one for every write to a watched table, so a server process can tell
    with one cheap read whether anything it has cached may be out of date. Not archived.
    """

    __tablename__ = "change_stamp"
    __table_args__ = ({"info": {"derived": True}},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
