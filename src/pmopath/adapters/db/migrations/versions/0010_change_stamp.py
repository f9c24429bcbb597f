"""change stamp: one counter that grows with every write to what pages show

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 08:10:00.000000

Triggers keep it (see ``pmopath/adapters/db/change_stamp.py``); server processes read it to know
whether a response they cached is still current. Tables added by later revisions add their own
triggers (a test checks every table is watched or named unwatched).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "framework_versions",
    "people",
    "role_history",
    "person_credentials",
    "accounts",
    "api_tokens",
    "assessments",
    "targets",
    "plans",
    "plan_versions",
    "notifications",
    "plan_items",
    "checkins",
    "evidence",
    "audit_log",
    "calendar_feeds",
)
BUMP_ONCE_PER_TRANSACTION = """
CREATE FUNCTION pmopath_stamp_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pmopath.stamped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET changes = changes + 1 WHERE id = 1;
        PERFORM set_config('pmopath.stamped', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "change_stamp",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_stamp")),
    )
    op.execute("INSERT INTO change_stamp (id, changes) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BUMP_ONCE_PER_TRANSACTION)
        for table in WATCHED:
            op.execute(
                f"CREATE TRIGGER stamp_changes_{table} BEFORE INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION pmopath_stamp_changes()"
            )
        return
    for table in WATCHED:
        for event in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER stamp_changes_{table}_{event} AFTER {event.upper()} ON {table} "
                "BEGIN UPDATE change_stamp SET changes = changes + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER stamp_changes_{table} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER stamp_changes_{table}_{event}")
    if postgresql:
        op.execute("DROP FUNCTION pmopath_stamp_changes()")
    op.drop_table("change_stamp")
