"""plan version names: the owner and the agreeing manager, frozen with each version

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 05:10:00.348339

Names are copied when a version is saved, so an agreed version keeps the names it was agreed
under. Versions stored before this revision get empty names, which the service fills with the
people's names as they are now.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("owner_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("agreed_by_name", sa.String(length=200), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_column("agreed_by_name")
        batch_op.drop_column("owner_name")
