"""The suite's own template databases (tests/support/templates.py): each test's copy holds
exactly what the template holds, whatever the test before it did to the last copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from tests.support import templates

PARENTS = "CREATE TABLE parents (id {key}, name TEXT NOT NULL)"
CHILDREN = (
    "CREATE TABLE children (id {key}, "
    "parent_id INTEGER NOT NULL REFERENCES parents (id), name TEXT NOT NULL)"
)
KEYS = {"sqlite": "INTEGER PRIMARY KEY", "postgresql": "SERIAL PRIMARY KEY"}


def _build(url: str) -> None:
    engine = create_engine(url)
    key = KEYS[engine.dialect.name]
    with engine.begin() as connection:
        connection.execute(text(PARENTS.format(key=key)))
        connection.execute(text(CHILDREN.format(key=key)))
        for name in ("ada", "bo", "cy"):
            connection.execute(text("INSERT INTO parents (name) VALUES (:n)"), {"n": name})
        connection.execute(text("INSERT INTO children (parent_id, name) VALUES (2, 'dee')"))
    engine.dispose()


@pytest.fixture
def template(database_kind: str, database_templates: templates.Templates) -> templates.Template:
    return database_templates.get(database_kind, "selftest", _build)


@pytest.fixture
def target(database_kind: str, tmp_path: Path) -> str:
    return (
        str(tmp_path / "copy.db")
        if database_kind == "sqlite"
        else templates.postgres().name("self")
    )


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    made: list[Engine] = []
    yield made
    for engine in made:
        engine.dispose()


def _open(url: str, engines: list[Engine]) -> Engine:
    engine = create_engine(url)
    engines.append(engine)
    return engine


def _everything(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as connection:
        parents = connection.execute(text("SELECT id, name FROM parents")).all()  # stored order
        children = connection.execute(text("SELECT id, parent_id, name FROM children")).all()
        connection.execute(text("INSERT INTO parents (name) VALUES ('next')"))  # the sequence
        next_id = connection.execute(text("SELECT max(id) FROM parents")).scalar_one()
        connection.rollback()
    return parents, children, next_id


def _identity(engine: Engine) -> object:
    """Which database this is: PostgreSQL's own id for it, or the file's."""
    if engine.dialect.name == "sqlite":
        return Path(str(engine.url.database)).stat().st_ino
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT oid FROM pg_database WHERE datname = current_database()")
        ).scalar_one()


def test_a_copy_holds_the_template_whatever_was_done_to_the_last(
    template: templates.Template, target: str, engines: list[Engine]
) -> None:
    first = _open(templates.copy(template, target), engines)
    wanted = _everything(first)
    assert [name for _, name in wanted[0]] == ["ada", "bo", "cy"] and wanted[2] == 4
    with first.begin() as connection:  # every kind of change, and the sequences moved on
        connection.execute(text("UPDATE parents SET name = 'ADA' WHERE id = 1"))
        connection.execute(text("DELETE FROM children"))
        connection.execute(text("DELETE FROM parents WHERE id = 3"))
        connection.execute(text("INSERT INTO parents (name) VALUES ('eve'), ('fay')"))
        connection.execute(text("INSERT INTO children (parent_id, name) VALUES (5, 'gus')"))
    held_open = first.connect()  # a connection a test forgot does not hold the copy back
    first.dispose()
    second = _open(templates.copy(template, target), engines)
    assert _everything(second) == wanted
    held_open.invalidate()  # (on PostgreSQL the server has ended it)


@pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
@pytest.mark.postgres
@pytest.mark.skipif(not templates.PG_URL, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)")
def test_postgresql_puts_the_copy_back_unless_its_schema_changed(
    template: templates.Template, target: str, engines: list[Engine]
) -> None:
    first = _open(templates.copy(template, target), engines)
    made = _identity(first)
    with first.begin() as connection:
        connection.execute(text("INSERT INTO parents (name) VALUES ('eve')"))
    first.dispose()
    second = _open(templates.copy(template, target), engines)
    assert _identity(second) == made  # the rows were put back: no new database
    with second.begin() as connection:
        connection.execute(text("CREATE INDEX parents_by_name ON parents (name)"))
    second.dispose()
    third = _open(templates.copy(template, target), engines)
    assert _identity(third) != made  # a schema change: a new copy of the template
    with third.connect() as connection:
        assert not connection.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = 'parents_by_name'")
        ).scalar_one()
    assert _everything(third)[2] == 4
