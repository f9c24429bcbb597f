"""The change stamp: every watched table has its triggers, watched writes move the stamp once
committed, and sign-in bookkeeping does not (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text

from pmopath.adapters.db import change_stamp, role_readiness
from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.tables import Base
from tests.conftest import PG_URL

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    upgrade(made)
    yield made
    made.dispose()


def _stamp(engine: Engine) -> int:
    with engine.connect() as connection:
        return change_stamp.read(connection)


def _add_person(engine: Engine, email: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (email, name, role, created_at, updated_at) "
                "VALUES (:email, 'Pat', 'pmo_analyst', :now, :now)"
            ),
            {"email": email, "now": NOW},
        )


def test_every_table_is_watched_unless_named_unwatched(engine: Engine) -> None:
    with engine.connect() as connection:
        watched = change_stamp.watched_tables_with_triggers(connection)
    assert watched == set(Base.metadata.tables) - change_stamp.UNWATCHED


def test_a_committed_write_moves_the_stamp_and_a_rolled_back_one_does_not(
    engine: Engine,
) -> None:
    start = _stamp(engine)
    _add_person(engine, "pat@example.org")
    moved = _stamp(engine)
    assert moved > start
    with engine.connect() as connection:
        connection.execute(text("UPDATE people SET name = 'Pat Lee'"))
        connection.rollback()
    assert _stamp(engine) == moved
    with engine.begin() as connection:
        connection.execute(text("UPDATE people SET name = 'Pat Lee'"))
        connection.execute(text("DELETE FROM people"))
    assert _stamp(engine) > moved


def test_sign_in_bookkeeping_leaves_the_stamp_alone(engine: Engine) -> None:
    start = _stamp(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sign_in_failures (email, client_address, at) VALUES ('a@b.c', 'x', :now)"
            ),
            {"now": NOW},
        )
    assert _stamp(engine) == start


def test_a_readiness_rebuild_moves_the_stamp(engine: Engine) -> None:
    start = _stamp(engine)
    with engine.begin() as connection:
        role_readiness.rebuild(connection)
    assert _stamp(engine) == start + 1


@pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)")
def test_writers_of_watched_tables_do_not_wait_for_each_other_at_the_stamp(
    engine: Engine,
) -> None:
    """Each PostgreSQL transaction bumps a slot of its own (migration 0019): a second writer goes
    on while the first has not committed (with one row it waited for that commit)."""
    start = _stamp(engine)
    with engine.connect() as first:
        first.execute(
            text(
                "INSERT INTO people (email, name, role, created_at, updated_at) "
                "VALUES ('first@example.org', 'Pat', 'pmo_analyst', :now, :now)"
            ),
            {"now": NOW},
        )
        with engine.connect() as second:
            second.execute(text("SET lock_timeout = '2s'"))
            second.execute(
                text(
                    "INSERT INTO people (email, name, role, created_at, updated_at) "
                    "VALUES ('second@example.org', 'Sam', 'pmo_analyst', :now, :now)"
                ),
                {"now": NOW},
            )
            second.commit()
        assert _stamp(engine) == start + 1  # the second's write is seen, the first's not yet
        first.commit()
    assert _stamp(engine) == start + 2
