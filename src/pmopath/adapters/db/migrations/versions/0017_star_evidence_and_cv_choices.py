"""STAR evidence and the PMO CV's choices

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 16:45:00.000000

``evidence.situation|task|action|result``: optional STAR parts (empty in evidence logged before,
which keeps its description and impact). ``cv_choices``: per person, what their PMO CV shows
(summary, competencies, evidence, feedback quotes, whether levels are shown). The CV page shows
it, so it has the change stamp's triggers (see ``pmopath/adapters/db/change_stamp.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pmopath.adapters.db.change_stamp import watch_statements

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAR = ("situation", "task", "action", "result")


def upgrade() -> None:
    for part in STAR:
        op.add_column("evidence", sa.Column(part, sa.Text(), server_default="", nullable=False))
    op.create_table(
        "cv_choices",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("quote_keys", sa.JSON(), nullable=False),
        sa.Column("show_levels", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_cv_choices_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_cv_choices")),
    )
    _watch("cv_choices")


def _watch(table: str) -> None:
    """The change stamp's triggers on ``table`` (``change_stamp.watch_statements``)."""
    for statement in watch_statements(op.get_bind().dialect.name, [table]):
        op.execute(statement)


def downgrade() -> None:
    # dropping the table drops its triggers; ALTER TABLE ... DROP COLUMN (SQLite 3.35 and
    # later) keeps the evidence table's triggers, which a batch operation would drop
    op.drop_table("cv_choices")
    for part in reversed(STAR):
        op.drop_column("evidence", part)
