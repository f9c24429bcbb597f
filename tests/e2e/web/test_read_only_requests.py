"""Requests that only read (the cacheable GETs) are served by the read-only store: on
PostgreSQL, autocommit connections that skip the ping, BEGIN and ROLLBACK round trips, refuse
writes, and are replaced when the server has dropped them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError

from pmopath.adapters.db.engine import make_engine
from pmopath.adapters.db.unit_of_work import ReadOnlyWrite
from pmopath.services.people import records as people
from tests.conftest import PG_URL
from tests.e2e.web.conftest import World, page_csrf, sign_in
from tests.support.databases import drop_other_connections

ONLY_POSTGRESQL = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)"),
    pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True),
]


@contextmanager
def statements_in_autocommit() -> Iterator[list[bool]]:
    """For each statement any engine sends meanwhile: whether its connection was autocommit."""
    seen: list[bool] = []

    def note(connection: Any, *_: object) -> None:
        seen.append(bool(getattr(connection.connection.driver_connection, "autocommit", False)))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def test_pages_that_only_read_are_read_outside_a_transaction(world: World) -> None:
    client = sign_in(world.client(), "sam")
    with statements_in_autocommit() as reads:
        assert client.get("/").status_code == 200
        assert client.get("/map").status_code == 200
        assert client.get("/api/v1/me").status_code == 200
    csrf = page_csrf(client, "/paths?to=pmo_manager")
    with statements_in_autocommit() as writes:
        answer = client.post(
            "/target", data={"role": "pmo_manager", "csrf_token": csrf}, follow_redirects=False
        )
        assert answer.status_code == 303
    if world.runtime.engine.dialect.name == "postgresql":
        assert len(reads) >= 6 and all(reads)  # the session checks and every page's reads
        assert not all(writes)  # a write still runs in a transaction
    else:  # SQLite begins no transaction for a read: the same connections serve both
        assert len(reads) >= 6 and writes


def only_postgresql(test: Any) -> Any:
    for mark in reversed(ONLY_POSTGRESQL):
        test = mark(test)
    return test


def test_a_write_through_the_read_only_store_is_refused_and_nothing_is_stored(
    world: World,
) -> None:
    sam = str(world.person_id("sam"))
    reading = world.runtime.store(read_only=True)
    with pytest.raises(ReadOnlyWrite), reading.unit_of_work() as uow:
        uow.commit()
    # PostgreSQL refuses the write itself; on SQLite the commit is refused, the write undone
    with pytest.raises((ReadOnlyWrite, DBAPIError)):
        people.set_target(reading, sam, "pmo_manager", actor="test")
    with reading.unit_of_work() as uow:
        if world.runtime.engine.dialect.name == "postgresql":
            with pytest.raises(DBAPIError, match="read-only transaction"):
                uow.session.execute(text("UPDATE people SET name = 'Someone Else'"))
        else:
            uow.session.execute(text("UPDATE people SET name = 'Someone Else'"))
    with world.runtime.unit_of_work() as uow:
        assert [t.role for t in uow.targets.for_person(int(sam))] == ["pmo_analyst"]
        person = uow.people.by_id(int(sam))
        assert person is not None and person.name == "Sam Patel"


@only_postgresql
def test_a_page_is_still_answered_after_the_database_dropped_its_connections(
    world: World,
) -> None:
    client = sign_in(world.client(), "sam")
    assert client.get("/").status_code == 200  # the read-only pool now holds a connection
    assert drop_other_connections(world.runtime.engine) >= 1  # as a server restart would
    answer = client.get("/api/v1/me")  # reads the person through the read-only pool
    assert answer.status_code == 200, answer.text
    assert "Sam Patel" in answer.text


@only_postgresql
def test_the_read_only_pool_keeps_the_urls_own_server_options(world: World) -> None:
    url = world.runtime.engine.url.update_query_dict({"options": "-c statement_timeout=4321"})
    engine = make_engine(url.render_as_string(hide_password=False), read_only=True)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "4321ms"
            assert connection.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
    finally:
        engine.dispose()
