"""single sign-on: sign-ins under way at an OpenID provider, and accounts' provider identities

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 06:00:00.000000

``sso_pending`` holds a sign-in sent to the provider until it comes back (hashes of the state
and of the browser's cookie, the nonce and the PKCE verifier); it is deleted as it is used.
``sso_identities`` links an account to an (issuer, subject) pair, unique. Neither changes what a
page shows, so neither has the change stamp's triggers (both are in change_stamp.UNWATCHED).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sso_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("browser_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_pending")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_sso_pending_state_hash")),
    )
    op.create_index(op.f("ix_sso_pending_created_at"), "sso_pending", ["created_at"])
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_sso_identities_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_identities_issuer")),
    )
    op.create_index(op.f("ix_sso_identities_account_id"), "sso_identities", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sso_identities_account_id"), table_name="sso_identities")
    op.drop_table("sso_identities")
    op.drop_index(op.f("ix_sso_pending_created_at"), table_name="sso_pending")
    op.drop_table("sso_pending")
