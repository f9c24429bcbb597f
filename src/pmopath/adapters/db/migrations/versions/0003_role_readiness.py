"""role readiness: everyone's readiness for every role of the active framework

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:55:00.000000

Derived tables: filled here from current levels only when the application next writes (the
unit of work rebuilds them when the basis is missing), so the migration itself stays plain DDL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "role_readiness",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("readiness", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_role_readiness_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "role", name=op.f("pk_role_readiness")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("role_readiness", schema=None) as batch_op:
        batch_op.create_index(
            "ix_role_readiness_role_readiness", ["role", "readiness"], unique=False
        )

    op.create_table(
        "role_readiness_basis",
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_role_readiness_basis")),
    )


def downgrade() -> None:
    op.drop_table("role_readiness_basis")
    with op.batch_alter_table("role_readiness", schema=None) as batch_op:
        batch_op.drop_index("ix_role_readiness_role_readiness")
    op.drop_table("role_readiness")
