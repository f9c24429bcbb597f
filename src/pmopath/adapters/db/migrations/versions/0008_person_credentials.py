"""person credentials: held certifications and education, for certification eligibility

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 05:00:00.000000

One row per person (absent: nothing given); certifications are action ids as a JSON list.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_credentials",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("education", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_credentials_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_credentials")),
    )


def downgrade() -> None:
    op.drop_table("person_credentials")
