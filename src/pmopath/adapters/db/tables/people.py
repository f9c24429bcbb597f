"""Tables of people, their levels, targets and readiness, the frameworks, the audit log and the
change stamp."""

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
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import EMAIL, ID, NAME, Base


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
    role: Mapped[str | None] = mapped_column(String(ID), index=True)
    """Indexed: the leader's view counts who holds each critical role."""
    role_since: Mapped[date | None] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    team: Mapped[str | None] = mapped_column(String(NAME), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    """Indexed: organisation-wide counts leave out the (few) erased people by this index."""


class RoleSpellRow(Base):
    """A period in one role: the person's role history."""

    __tablename__ = "role_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(ID))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    """The first day no longer in the role (None: still in it)."""
    kinds: Mapped[list[str] | None] = mapped_column(JSON)
    """The kinds of work done in it, such as ["agile"] (None: none)."""


class CredentialsRow(Base):
    """A person's held certifications (action ids) and highest education, for eligibility."""

    __tablename__ = "person_credentials"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    certifications: Mapped[list[str]] = mapped_column(JSON)
    education: Mapped[str | None] = mapped_column(String(16))
    earned_on: Mapped[dict[str, str] | None] = mapped_column(JSON)
    """Held certification id -> the ISO date it was earned, where known."""
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
    months: Mapped[float | None] = mapped_column(Float)
    """The readiness band's months (0: ready now; above the framework's ``stretch_months``: a
    stretch), so succession reads who is ready in a year or two with one index range."""
    __table_args__ = (
        Index("ix_role_readiness_role_readiness", "role", "readiness"),
        {"info": {"derived": True}, "sqlite_with_rowid": False},
    )


Index(  # a bucket of successors, most ready first, is a range in index order (months, then -%)
    "ix_role_readiness_role_months",
    RoleReadinessRow.role,
    RoleReadinessRow.months,
    RoleReadinessRow.readiness.desc(),
    RoleReadinessRow.person_id,
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


class ServiceCoverageRow(Base):
    """Derived: for every person and PMO service of the active framework, how many of the
    competency levels the service needs they are short of (0: they can deliver it).

    Computed by ``pmopath.engine.coverage`` and kept in step with ``role_readiness`` (the same
    notes, in the same transaction), so "who can deliver reporting" is one index range. Its
    basis (the services' needs) is kept in ``role_readiness_basis`` as ``service:<id>``.
    """

    __tablename__ = "service_coverage"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(ID), primary_key=True)
    missing: Mapped[int] = mapped_column(SmallInteger)
    __table_args__ = (
        Index("ix_service_coverage_service_missing", "service", "missing", "person_id"),
        {"info": {"derived": True}, "sqlite_with_rowid": False},
    )


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


class ChangeStampRow(Base):
    """One row counting committed changes to what pages show (``adapters/db/change_stamp.py``).

    Database triggers add one for every write to a watched table, so a server process can tell
    with one cheap read whether anything it has cached may be out of date. Not archived.
    """

    __tablename__ = "change_stamp"
    __table_args__ = ({"info": {"derived": True}},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
