"""Helpers for tests that act on the database server itself."""

from __future__ import annotations

from sqlalchemy import Engine, text


def drop_other_connections(engine: Engine) -> int:
    """Have the PostgreSQL server end every connection to this database but one (as a restart
    would); return how many it ended."""
    with engine.connect() as other:
        return int(
            other.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        )
