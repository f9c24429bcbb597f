"""mentoring: offers to mentor, relationships, their goals and sessions

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 17:00:00.000000

``mentoring_offers``: one per person (withdrawing removes it); ``mentoring_relationships``: a
mentor and a mentee, proposed, active once both agreed, ended with a review (or declined);
``mentoring_goals`` and ``mentoring_sessions`` belong to one relationship; a plan item made from
a goal names it (``plan_items.mentoring_goal_id``). Pages show all four tables, so each gets the
change stamp's triggers (see migration 0010).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pmopath.adapters.db.change_stamp import watch_statements

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "mentoring_offers",
    "mentoring_relationships",
    "mentoring_goals",
    "mentoring_sessions",
)


def _person(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], name=op.f(f"fk_{table}_{column}_people"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "mentoring_offers",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.SmallInteger(), nullable=False),
        sa.Column("availability", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _person("person_id", "mentoring_offers", "CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_mentoring_offers")),
    )
    op.create_table(
        "mentoring_relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("mentor_agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mentee_agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.Column("review", sa.Text(), nullable=False),
        sa.Column("shares_progress", sa.Boolean(), nullable=False),
        _person("mentor_id", "mentoring_relationships", "CASCADE"),
        _person("mentee_id", "mentoring_relationships", "CASCADE"),
        _person("proposed_by_id", "mentoring_relationships", "SET NULL"),
        _person("ended_by_id", "mentoring_relationships", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_relationships")),
    )
    for column in ("mentor_id", "mentee_id", "status"):
        op.create_index(
            op.f(f"ix_mentoring_relationships_{column}"), "mentoring_relationships", [column]
        )
    op.create_table(
        "mentoring_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("competency", sa.String(length=80), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["mentoring_relationships.id"],
            name=op.f("fk_mentoring_goals_relationship_id_mentoring_relationships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_mentoring_goals_plan_id_plans"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_goals")),
    )
    op.create_index(
        op.f("ix_mentoring_goals_relationship_id"), "mentoring_goals", ["relationship_id"]
    )
    op.create_table(
        "mentoring_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["mentoring_relationships.id"],
            name=op.f("fk_mentoring_sessions_relationship_id_mentoring_relationships"),
            ondelete="CASCADE",
        ),
        _person("recorded_by_id", "mentoring_sessions", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_sessions")),
    )
    op.create_index(
        op.f("ix_mentoring_sessions_relationship_id"), "mentoring_sessions", ["relationship_id"]
    )
    _add_plan_item_link()
    _add_triggers()


def _add_plan_item_link() -> None:
    # A plain column, no foreign key: SQLite cannot add a named constraint in place, and a
    # batch copy would drop plan_items' change stamp triggers. A goal is removed only with its
    # relationship (a person erased), and an item naming a goal that is gone is just an item.
    op.add_column("plan_items", sa.Column("mentoring_goal_id", sa.Integer(), nullable=True))


def _add_triggers() -> None:
    """The change stamp's triggers on the new tables (``change_stamp.watch_statements``)."""
    for statement in watch_statements(op.get_bind().dialect.name, WATCHED):
        op.execute(statement)


def downgrade() -> None:
    op.drop_column("plan_items", "mentoring_goal_id")
    for table in reversed(WATCHED):
        op.drop_table(table)  # its indexes and triggers go with it
