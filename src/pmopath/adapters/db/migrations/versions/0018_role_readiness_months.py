"""role readiness months: each stored readiness figure keeps its band's months beside it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 17:00:00.000000

``role_readiness.months``: the months of the readiness band (0 when ready now), so the leader's
succession view reads who is ready now, in about a year or in two for a whole organisation with
one index range per role. Derived: the readiness model's version rose with it (engine/readiness.py),
so the figures no longer match their basis and ``upgrade`` rebuilds them after this migration,
filling the column; the migration itself stays plain DDL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("role_readiness", schema=None) as batch_op:
        batch_op.add_column(sa.Column("months", sa.Float(), nullable=True))
    op.create_index(
        "ix_role_readiness_role_months",
        "role_readiness",
        ["role", "months", sa.text("readiness DESC"), "person_id"],
        unique=False,
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_role"), ["role"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_erased_at"), ["erased_at"], unique=False)
    op.create_table(
        "service_coverage",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=80), nullable=False),
        sa.Column("missing", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_service_coverage_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "service", name=op.f("pk_service_coverage")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("service_coverage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_coverage_service_missing",
            ["service", "missing", "person_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("service_coverage", schema=None) as batch_op:
        batch_op.drop_index("ix_service_coverage_service_missing")
    op.drop_table("service_coverage")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_erased_at"))
        batch_op.drop_index(batch_op.f("ix_people_role"))
    op.drop_index("ix_role_readiness_role_months", table_name="role_readiness")
    with op.batch_alter_table("role_readiness", schema=None) as batch_op:
        batch_op.drop_column("months")
