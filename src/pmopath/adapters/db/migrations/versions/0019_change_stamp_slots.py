"""change stamp slots: on PostgreSQL the stamp is the sum of 64 rows, one bumped per transaction

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:55:00.000000

Every writing transaction added one to the stamp's single row, locking it until its commit, so
on PostgreSQL every writer of a watched table waited for the one before it to commit, however
little their writes had to do with each other. Now each transaction adds one to the row of slot
``1 + txid % 64`` (concurrent transactions have neighbouring ids, so they rarely share a slot),
and readers take the sum (see ``pmopath/adapters/db/change_stamp.py``). SQLite keeps its one row:
it has one writer at a time anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLOTS = 64
ONE_SLOT_PER_TRANSACTION = f"""
CREATE OR REPLACE FUNCTION pmopath_stamp_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pmopath.stamped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET changes = changes + 1 WHERE id = 1 + txid_current() % {SLOTS};
        PERFORM set_config('pmopath.stamped', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""
ONE_ROW = """
CREATE OR REPLACE FUNCTION pmopath_stamp_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pmopath.stamped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET changes = changes + 1 WHERE id = 1;
        PERFORM set_config('pmopath.stamped', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"INSERT INTO change_stamp (id, changes) SELECT slot, 0 FROM generate_series(2, {SLOTS}) "
        "AS slot ON CONFLICT (id) DO NOTHING"
    )
    op.execute(ONE_SLOT_PER_TRANSACTION)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(ONE_ROW)
    op.execute(  # the stamp never goes back: slot 1 takes the sum
        "UPDATE change_stamp SET changes = (SELECT sum(changes) FROM change_stamp) WHERE id = 1"
    )
    op.execute("DELETE FROM change_stamp WHERE id > 1")
