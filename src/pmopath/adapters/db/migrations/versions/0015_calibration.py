"""calibration: sessions over a group and calibrated levels with their reasons

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 17:00:00.000000

``calibration_sessions``: a calibration meeting over a team, a manager's tree or a role,
opened and closed by an admin. ``calibration_decisions``: each calibrated level, append-only,
with the level it replaced, its reason, who decided, the session it was decided in and the
``calibrated`` assessment that makes it the person's current level. Both are shown on pages,
so both get the change stamp's triggers (see adapters/db/change_stamp.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pmopath.adapters.db.change_stamp import unwatch_statements, watch_statements

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = ("calibration_sessions", "calibration_decisions")


def upgrade() -> None:
    op.create_table(
        "calibration_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("group_ref", sa.String(length=200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=254), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_sessions")),
    )
    op.create_table(
        "calibration_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=80), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("previous_level", sa.SmallInteger(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_calibration_decisions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["people.id"],
            name=op.f("fk_calibration_decisions_decided_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["calibration_sessions.id"],
            name=op.f("fk_calibration_decisions_session_id_calibration_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_calibration_decisions_assessment_id_assessments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_decisions")),
    )
    op.create_index(
        "ix_calibration_decisions_person_competency",
        "calibration_decisions",
        ["person_id", "competency"],
    )
    op.create_index(
        op.f("ix_calibration_decisions_session_id"), "calibration_decisions", ["session_id"]
    )
    _add_triggers()


def _add_triggers() -> None:
    """The change stamp's triggers on the new tables (``change_stamp.watch_statements``)."""
    for statement in watch_statements(op.get_bind().dialect.name, WATCHED):
        op.execute(statement)


def downgrade() -> None:
    for statement in unwatch_statements(op.get_bind().dialect.name, WATCHED):
        op.execute(statement)
    op.drop_index(op.f("ix_calibration_decisions_session_id"), table_name="calibration_decisions")
    op.drop_index("ix_calibration_decisions_person_competency", table_name="calibration_decisions")
    op.drop_table("calibration_decisions")
    op.drop_table("calibration_sessions")
