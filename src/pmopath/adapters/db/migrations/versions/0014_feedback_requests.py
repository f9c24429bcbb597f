"""feedback requests: requests, respondents' single-use links (hashed) and responses

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 17:00:00.000000

``feedback_requests``: feedback asked about a person on chosen competencies with a question;
``feedback_respondents``: each person asked, by name and e-mail, with the SHA-256 of their
link's token (and of a reminder's); ``feedback_responses``: the answers, with no column naming
the respondent and no time of their own, named in links by a random key (not the id, which
would tell the order of arrival). All three are shown on pages, so all three are
watched by the change stamp's triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pmopath.adapters.db.change_stamp import unwatch_statements, watch_statements

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = ("feedback_requests", "feedback_respondents", "feedback_responses")


def upgrade() -> None:
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.String(length=300), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_feedback_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_requests")),
    )
    op.create_index(op.f("ix_feedback_requests_person_id"), "feedback_requests", ["person_id"])
    op.create_index(op.f("ix_feedback_requests_created_at"), "feedback_requests", ["created_at"])
    op.create_table(
        "feedback_respondents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("reminder_hash", sa.String(length=64), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_requests.id"],
            name=op.f("fk_feedback_respondents_request_id_feedback_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_respondents")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feedback_respondents_token_hash")),
        sa.UniqueConstraint("reminder_hash", name=op.f("uq_feedback_respondents_reminder_hash")),
    )
    op.create_index(
        op.f("ix_feedback_respondents_request_id"), "feedback_respondents", ["request_id"]
    )
    op.create_index("ix_feedback_respondents_answered_at", "feedback_respondents", ["answered_at"])
    op.create_table(
        "feedback_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("example_competency", sa.String(length=80), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("quoted", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_requests.id"],
            name=op.f("fk_feedback_responses_request_id_feedback_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_feedback_responses_evidence_id_evidence"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_responses")),
        sa.UniqueConstraint("key", name=op.f("uq_feedback_responses_key")),
    )
    op.create_index(op.f("ix_feedback_responses_request_id"), "feedback_responses", ["request_id"])
    _watch()


def _watch() -> None:
    """The change stamp's triggers on the new tables (``change_stamp.watch_statements``)."""
    for statement in watch_statements(op.get_bind().dialect.name, WATCHED):
        op.execute(statement)


def downgrade() -> None:
    for statement in unwatch_statements(op.get_bind().dialect.name, WATCHED):
        op.execute(statement)
    op.drop_index(op.f("ix_feedback_responses_request_id"), table_name="feedback_responses")
    op.drop_table("feedback_responses")
    op.drop_index("ix_feedback_respondents_answered_at", table_name="feedback_respondents")
    op.drop_index(op.f("ix_feedback_respondents_request_id"), table_name="feedback_respondents")
    op.drop_table("feedback_respondents")
    op.drop_index(op.f("ix_feedback_requests_created_at"), table_name="feedback_requests")
    op.drop_index(op.f("ix_feedback_requests_person_id"), table_name="feedback_requests")
    op.drop_table("feedback_requests")
