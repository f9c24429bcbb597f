"""SCIM provisioning: token scopes, provisioned users and groups

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 07:00:00.000000

``api_tokens.scope``: ``api`` (every token so far) or ``scim`` (works on /scim/v2 only).
``scim_users``: a person under a SCIM client's management (its userName, externalId and the
attributes kept as sent); ``scim_groups``: a team under one. Neither is shown on a page, so
neither is watched by the change stamp's triggers (both are in change_stamp.UNWATCHED: every
write to them comes with an audit entry).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "api_tokens",
        sa.Column("scope", sa.String(length=16), server_default="api", nullable=False),
    )
    op.create_table(
        "scim_users",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=254), nullable=False),
        sa.Column("external_id", sa.String(length=254), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_scim_users_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_scim_users")),
        sa.UniqueConstraint("user_name", name=op.f("uq_scim_users_user_name")),
    )
    op.create_index(op.f("ix_scim_users_external_id"), "scim_users", ["external_id"])
    op.create_table(
        "scim_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_groups")),
        sa.UniqueConstraint("display_name", name=op.f("uq_scim_groups_display_name")),
    )
    op.create_index(op.f("ix_scim_groups_external_id"), "scim_groups", ["external_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_scim_groups_external_id"), table_name="scim_groups")
    op.drop_table("scim_groups")
    op.drop_index(op.f("ix_scim_users_external_id"), table_name="scim_users")
    op.drop_table("scim_users")
    op.drop_column("api_tokens", "scope")
