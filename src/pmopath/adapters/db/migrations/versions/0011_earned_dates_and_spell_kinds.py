"""earned dates of held certifications, and the kinds of work of role history spells

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 06:00:00.000000

``person_credentials.earned_on``: a JSON object, certification id -> ISO date it was earned
(absent or null: none known). ``role_history.kinds``: a JSON list such as ["agile"] (absent or
null: none). Both tables are already watched by the change stamp's triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("person_credentials", sa.Column("earned_on", sa.JSON(), nullable=True))
    op.add_column("role_history", sa.Column("kinds", sa.JSON(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later) keeps the change stamp's triggers,
    # which a batch (copy the table) operation would drop
    op.drop_column("role_history", "kinds")
    op.drop_column("person_credentials", "earned_on")
