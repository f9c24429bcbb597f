"""scim user name keys: each provisioned userName also kept as compared, so one is found by index

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 01:00:00.000000

SCIM compares ``userName`` ignoring case (RFC 7643, 4.1.1); PMO Pathways compares it as an
e-mail (trimmed, composed, lower-case). Finding a user by it, and refusing a second user with
the same one, read every provisioned user and compared each in Python: an initial directory
sync of n users made about n * n / 2 comparisons. ``scim_users.user_name_key`` keeps the
compared form, unique, filled here for the users already provisioned.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(user_name: str) -> str:
    """``domain.accounts.normalise_email`` as it is on this revision's day."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", user_name.strip()).lower())


def upgrade() -> None:
    op.add_column("scim_users", sa.Column("user_name_key", sa.String(508), nullable=True))
    bind = op.get_bind()
    users = sa.table(
        "scim_users",
        sa.column("person_id", sa.Integer),
        sa.column("user_name", sa.String),
        sa.column("user_name_key", sa.String),
    )
    for person_id, user_name in bind.execute(sa.select(users.c.person_id, users.c.user_name)):
        bind.execute(
            users.update()
            .where(users.c.person_id == person_id)
            .values(user_name_key=_key(user_name))
        )
    with op.batch_alter_table("scim_users") as batch:
        batch.alter_column("user_name_key", existing_type=sa.String(508), nullable=False)
        batch.create_unique_constraint(batch.f("uq_scim_users_user_name_key"), ["user_name_key"])


def downgrade() -> None:
    with op.batch_alter_table("scim_users") as batch:
        batch.drop_constraint(batch.f("uq_scim_users_user_name_key"), type_="unique")
        batch.drop_column("user_name_key")
