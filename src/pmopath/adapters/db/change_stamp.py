"""The change stamp: a number that grows with every committed write to what pages show.

Triggers (migration 0010) add to ``change_stamp.changes`` on every insert, update and delete of a
watched table, in the writing transaction, so the number and the data change together and every
process, whatever wrote, sees both at once. A reader that takes the stamp *before* reading data
can keep what it computed under that stamp: if a write commits in between, the data is newer
than the stamp, and the next reader sees a new stamp and computes afresh. Nothing cached under a
stamp can be older than the data it names.

Unwatched tables change without changing any page: sign-in bookkeeping (sessions touched once a
minute, failed sign-ins, single sign-ons under way and the provider identities linked to
accounts, which no page shows), and rows always written together with a watched parent (assessment
levels and current levels with their assessment; the SCIM links, ``scim_users`` and
``scim_groups``, whose every write comes with its audit entry and the person's or team's change)
or derived from watched rows (readiness, which ``role_readiness.rebuild`` stamps itself).

PostgreSQL: the stamp is the sum of 64 rows (slots, migration 0019). A statement-level BEFORE
trigger adds one per transaction (a transaction-local setting remembers it did) to the slot
``1 + txid % 64``, whose row stays locked until the transaction commits: concurrent transactions
have neighbouring ids, so writers rarely wait for each other there (with one row, every writer
of a watched table waited for the one before it to commit). SQLite has one row and one writer
at a time anyway; its triggers are per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, func, literal, select, text, update

from pmopath.adapters.db.tables import Base

UNWATCHED = frozenset(
    {
        "change_stamp",
        "account_sessions",
        "sign_in_failures",
        "sso_pending",
        "sso_identities",
        "assessment_levels",
        "current_levels",
        "role_readiness",
        "role_readiness_basis",
        "service_coverage",
        "scim_users",
        "scim_groups",
        "alembic_version",
    }
)
STAMP: Table = Base.metadata.tables["change_stamp"]
EVENTS = ("insert", "update", "delete")


def watch_statements(dialect: str, tables: Sequence[str]) -> list[str]:
    """The DDL that watches ``tables`` (migrations run it for the tables they add): on
    PostgreSQL a statement-level trigger calling ``pmopath_stamp_changes()`` (made by migration
    0010), on SQLite a row trigger per event."""
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER stamp_changes_{table} BEFORE INSERT OR UPDATE OR DELETE "
            f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION pmopath_stamp_changes()"
            for table in tables
        ]
    return [
        f"CREATE TRIGGER stamp_changes_{table}_{event} AFTER {event.upper()} ON {table} "
        "BEGIN UPDATE change_stamp SET changes = changes + 1 WHERE id = 1; END"
        for table in tables
        for event in EVENTS
    ]


def unwatch_statements(dialect: str, tables: Sequence[str]) -> list[str]:
    """The DDL that drops what ``watch_statements`` made."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER stamp_changes_{table} ON {table}" for table in tables]
    return [f"DROP TRIGGER stamp_changes_{table}_{event}" for table in tables for event in EVENTS]


NOW = select(func.coalesce(func.sum(STAMP.c.changes), 0))
"""The stamp: the sum of its slots (one row on SQLite)."""


def read(connection: Connection) -> int:
    """The stamp as this connection sees it now."""
    return int(connection.scalar(NOW) or 0)


def bump(connection: Connection) -> None:
    """Add one by hand, for writes to unwatched tables that change what pages show: to the
    transaction's own slot on PostgreSQL (as the triggers do), so a long rebuild holds no slot
    other writers use more than its own."""
    slot = (
        1 + func.txid_current() % SLOTS if connection.dialect.name == "postgresql" else literal(1)
    )
    connection.execute(update(STAMP).where(STAMP.c.id == slot).values(changes=STAMP.c.changes + 1))


SLOTS = 64
"""The stamp's rows on PostgreSQL (migration 0019)."""


def watched_tables_with_triggers(connection: Connection) -> set[str]:
    """The tables that have the stamp's triggers in this database (for tests and checks)."""
    if connection.dialect.name == "sqlite":
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :pattern"
    else:
        query = (
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE :pattern AND NOT t.tgisinternal"
        )
    return {row[0] for row in connection.execute(text(query), {"pattern": "stamp_changes_%"})}
