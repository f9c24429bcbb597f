"""The CV choices repository and STAR evidence, on the in-memory fake and the real databases
alike: saved choices round-trip and replace each other; STAR parts are kept; erasing a person
removes their choices, exporting their data includes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.cv import CvChoices
from pmopath.domain.people import Person
from pmopath.domain.plans import Evidence
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, migrated_database
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], UnitOfWork]:
    if request.param == "fake":
        state = FakeState()
        return lambda: FakeUnitOfWork(state, NOW)
    url = migrated_database(request.getfixturevalue("database_templates"), request.param, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    request.addfinalizer(engine.dispose)
    return lambda: SqlUnitOfWork(engine, lambda: NOW)


def _people(new_uow: Callable[[], UnitOfWork]) -> tuple[int, int]:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        ella = uow.people.add(Person(None, "ella@example.org", "Ella"))
        uow.readiness.refresh()
        uow.commit()
    assert sam.id and ella.id
    return sam.id, ella.id


def test_choices_round_trip_and_a_save_replaces_the_last(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    sam, ella = _people(new_uow)
    first = CvChoices(sam, "Ten years in PMOs.", ("reporting", "planning"), (3, 1), ("k1",), False)
    with new_uow() as uow:
        assert uow.cv_choices.choices_for(sam) is None
        uow.cv_choices.save_choices(first, NOW)
        uow.commit()
    with new_uow() as uow:
        assert uow.cv_choices.choices_for(sam) == CvChoices(
            sam, "Ten years in PMOs.", ("reporting", "planning"), (3, 1), ("k1",), False, True
        )
        assert uow.cv_choices.choices_for(ella) is None
        uow.cv_choices.save_choices(CvChoices(sam, "Shorter."), NOW + timedelta(days=1))
        uow.commit()
    with new_uow() as uow:
        assert uow.cv_choices.choices_for(sam) == CvChoices(sam, "Shorter.", saved=True)
    with new_uow() as uow:  # not committed: not kept
        uow.cv_choices.save_choices(CvChoices(ella, "Unsaved"), NOW)
    with new_uow() as uow:
        assert uow.cv_choices.choices_for(ella) is None


def test_star_parts_are_kept_and_evidence_without_them_reads_back_empty(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    sam, _ = _people(new_uow)
    star = {"situation": "S", "task": "T", "action": "A", "result": "R"}
    with new_uow() as uow:
        told = uow.plans.add_evidence(Evidence(sam, "Told", date(2026, 1, 5), ("x",), **star))
        free = uow.plans.add_evidence(Evidence(sam, "Free", date(2026, 2, 5), (), "D", "I"))
        uow.commit()
    assert told.id is not None and free.id is not None
    with new_uow() as uow:
        found = {e.title: e for e in uow.plans.evidence_for(sam)}
        by_id = uow.plans.evidence_by_id(told.id)
    assert found["Told"] == told == by_id and found["Told"].told_as_star
    assert (found["Free"].situation, found["Free"].result, found["Free"].impact) == ("", "", "I")


@pytest.mark.parametrize("database", DATABASES)
def test_erasing_a_person_removes_their_choices_and_export_includes_them(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = migrated_database(request.getfixturevalue("database_templates"), database, tmp_path)
    engine = make_engine(url)
    request.addfinalizer(engine.dispose)

    def new_uow() -> UnitOfWork:
        return SqlUnitOfWork(engine, lambda: NOW)

    sam, ella = _people(new_uow)
    with new_uow() as uow:
        uow.cv_choices.save_choices(CvChoices(sam, "Mine", ("reporting",)), NOW)
        uow.cv_choices.save_choices(CvChoices(ella, "Hers"), NOW)
        uow.plans.add_evidence(Evidence(sam, "Told", date(2026, 1, 5), (), situation="S"))
        uow.commit()
    with new_uow() as uow:
        exported = uow.person_data.export(sam)
    assert [c["summary"] for c in exported["cv_choices"]] == ["Mine"]
    assert exported["evidence"][0]["situation"] == "S"
    with new_uow() as uow:
        uow.person_data.erase(sam, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.cv_choices.choices_for(sam) is None
        assert uow.cv_choices.choices_for(ella) is not None


@pytest.mark.parametrize("database", DATABASES)
def test_evidence_from_before_the_migration_stays_valid_and_it_goes_down_and_up(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from pmopath.adapters.db.change_stamp import watched_tables_with_triggers
    from pmopath.adapters.db.engine import alembic_config

    url = migrated_database(request.getfixturevalue("database_templates"), database, tmp_path)
    engine = make_engine(url)
    request.addfinalizer(engine.dispose)
    config = alembic_config(engine)
    before = ScriptDirectory.from_config(config).get_revision("0017").down_revision
    assert isinstance(before, str)

    def new_uow() -> UnitOfWork:
        return SqlUnitOfWork(engine, lambda: NOW)

    sam, _ = _people(new_uow)
    with new_uow() as uow:
        uow.plans.add_evidence(Evidence(sam, "Old", date(2025, 1, 5), (), "Told freely.", "Done."))
        uow.plans.add_evidence(Evidence(sam, "New", date(2026, 1, 5), (), situation="S"))
        uow.cv_choices.save_choices(CvChoices(sam, "Mine"), NOW)
        uow.commit()
    command.downgrade(config, before)
    with engine.connect() as connection:
        schema = inspect(connection)
        assert not schema.has_table("cv_choices")
        assert "situation" not in {c["name"] for c in schema.get_columns("evidence")}
        assert "evidence" in watched_tables_with_triggers(connection)
    upgrade(engine)
    with new_uow() as uow:
        found = {e.title: e for e in uow.plans.evidence_for(sam)}
        assert uow.cv_choices.choices_for(sam) is None
    assert found["Old"].star() == ("Told freely.", "", "Old", "Done.")
    assert found["New"].situation == ""  # the parts went down with their columns
    with engine.connect() as connection:
        assert {"evidence", "cv_choices"} <= watched_tables_with_triggers(connection)
