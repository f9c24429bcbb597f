"""The derived ``role_readiness`` table, on SQLite and PostgreSQL: after every write that changes
levels, people or the active framework it holds exactly (bit for bit) what the engine's
``analyse_gap`` gives for every person and role, and ``ready_for`` reads it while it was
computed under the same role, cap and model."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, select

from pmopath.adapters import framework_files
from pmopath.adapters.db import repositories, role_readiness
from pmopath.adapters.db.engine import alembic_config, make_engine
from pmopath.adapters.db.insight_queries import SqlInsightQueries
from pmopath.adapters.db.tables import CurrentLevelRow, PersonRow
from pmopath.bootstrap.database import (
    backup_database,
    open_store,
    restore_database,
    upgrade_database,
)
from pmopath.bootstrap.files import activate_framework_file, import_people_file
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.domain.people import AssessmentSource
from pmopath.engine.readiness import analyse_gap
from pmopath.services.insight import levels as insight
from pmopath.services.people import privacy
from pmopath.services.people.records import record_assessment
from pmopath.services.ports.store import Store

DATA = Path(__file__).parents[1] / "data"
ACTOR = "admin@example.org"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


def expected(engine: Engine, framework: Framework) -> dict[tuple[int, str], float]:
    """Every (person, role) readiness as one person's gap analysis gives it, from the stored
    levels."""
    with engine.connect() as connection:
        people = list(connection.scalars(select(PersonRow.id).where(PersonRow.erased_at.is_(None))))
        levels: dict[int, dict[str, int]] = {}
        for person_id, competency, level in connection.execute(
            select(CurrentLevelRow.person_id, CurrentLevelRow.competency, CurrentLevelRow.level)
        ):
            levels.setdefault(person_id, {})[competency] = level
    return {
        (person, role.id): analyse_gap(
            framework, role, Assessment(levels.get(person, {}))
        ).readiness
        for person in people
        for role in framework.roles
    }


def stored(engine: Engine) -> dict[tuple[int, str], float]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                role_readiness.READINESS.c.person_id,
                role_readiness.READINESS.c.role,
                role_readiness.READINESS.c.readiness,
            )
        )
        return {(person, role): readiness for person, role, readiness in rows}


def assert_current(engine: Engine, framework: Framework) -> None:
    """The derived table is exactly the engine's figures, and its basis the framework's."""
    assert stored(engine) == expected(engine, framework)  # == on floats: bit for bit
    with engine.connect() as connection:
        assert role_readiness.is_current(connection)
        basis = dict(
            connection.execute(
                select(role_readiness.BASIS.c.role, role_readiness.BASIS.c.fingerprint)
            ).all()
        )
    rules = framework.rules
    assert basis == {r.id: role_readiness.fingerprint(r, rules) for r in framework.roles} | {
        f"service:{s.id}": role_readiness.service_fingerprint(s) for s in framework.services
    }


def random_levels(framework: Framework, rng: random.Random) -> dict[str, int]:
    competencies = [c.id for c in framework.competencies]
    top = framework.scale.levels[-1].level
    return {c: rng.randint(0, top) for c in rng.sample(competencies, rng.randint(1, 12))}


def populate(store: Store, seed: int = 7, assessed: int = 4) -> None:
    """The four people of tests/data/people.csv, each assessed a few times at random."""
    import_people_file(store, DATA / "people.csv", actor="test", dry_run=False)
    rng = random.Random(seed)
    for email in ("sam@example.org", "maria@example.org", "alex@example.org"):
        for _ in range(assessed):
            record_assessment(
                store,
                email,
                Assessment(random_levels(store.framework, rng)),
                rng.choice([AssessmentSource.SELF, AssessmentSource.MANAGER]),
                actor=ACTOR,
            )


def test_people_import_gives_everyone_a_figure_for_every_role(store: Store, engine: Engine) -> None:
    import_people_file(store, DATA / "people.csv", actor="test", dry_run=True)
    assert stored(engine) == {}  # a dry run writes nothing, derived figures included
    import_people_file(store, DATA / "people.csv", actor="test", dry_run=False)
    assert len(stored(engine)) == 4 * len(store.framework.roles)
    assert_current(engine, store.framework)


def test_recording_an_assessment_updates_the_person(store: Store, engine: Engine) -> None:
    populate(store)
    assert_current(engine, store.framework)
    before = stored(engine)
    record_assessment(
        store,
        "priya@example.org",
        Assessment({c.id: 5 for c in store.framework.competencies}),
        AssessmentSource.SELF,
        actor=ACTOR,
    )
    after = stored(engine)
    assert after != before
    assert all(after[key] == 100.0 for key in after if key[0] == _id(engine, "priya@example.org"))
    assert_current(engine, store.framework)


def test_an_assessments_figures_are_worked_out_once_before_its_writes(
    store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worked out from the levels the assessment leaves, before anything is written (on SQLite,
    outside the database's write lock); the refresh before the commit writes those."""
    populate(store)
    figured: list[list[int]] = []
    real = role_readiness._figures

    def counted(framework: Framework, people: list[int], levels: object) -> object:
        figured.append(list(people))
        return real(framework, people, levels)  # type: ignore[arg-type]

    monkeypatch.setattr(role_readiness, "_figures", counted)
    record_assessment(
        store,
        "sam@example.org",
        Assessment({store.framework.competencies[0].id: 4}),
        AssessmentSource.SELF,
        actor=ACTOR,
    )
    assert figured == [[_id(engine, "sam@example.org")]]
    assert_current(engine, store.framework)


def test_figures_worked_out_from_levels_that_did_not_come_about_are_computed_again(
    store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when another writer changed the person's levels in between: the levels read at the
    refresh are not the ones the figures were worked out from, so they are not used."""
    populate(store)
    real = role_readiness.work_out_ahead
    everything = {c.id: 5 for c in store.framework.competencies}
    monkeypatch.setattr(
        repositories,
        "work_out_ahead",
        lambda session, person_id, _levels: real(session, person_id, everything),
    )
    record_assessment(
        store,
        "sam@example.org",
        Assessment({store.framework.competencies[0].id: 1}),
        AssessmentSource.SELF,
        actor=ACTOR,
    )
    assert_current(engine, store.framework)  # not the 100s worked out from everything at 5


def test_an_assessment_committed_meanwhile_is_neither_overwritten_nor_added_twice(
    store: Store, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another assessment of the same person commits between this one's first reads and its
    writes (here: from inside the working out): the newer rating stays the current level, a
    competency rated by both for the first time is not inserted twice, and the figures follow
    the levels stored."""
    populate(store)
    sam = _id(engine, "sam@example.org")
    with engine.connect() as connection:
        held = set(
            connection.scalars(
                select(CurrentLevelRow.competency).where(CurrentLevelRow.person_id == sam)
            )
        )
    competencies = [c.id for c in store.framework.competencies]
    rated = next(c for c in competencies if c in held)
    unrated = next(c for c in competencies if c not in held)
    real = role_readiness.work_out_ahead
    meanwhile: list[str] = []

    def interleaved(session: object, person_id: int, levels: dict[str, int]) -> None:
        if not meanwhile:
            meanwhile.append("done")
            record_assessment(  # newer than the one under way, committed before it writes
                store,
                "sam@example.org",
                Assessment({rated: 2, unrated: 2}),
                AssessmentSource.SELF,
                actor=ACTOR,
            )
        real(session, person_id, levels)  # type: ignore[arg-type]

    monkeypatch.setattr(repositories, "work_out_ahead", interleaved)
    record_assessment(
        store, "sam@example.org", Assessment({rated: 5, unrated: 5}), AssessmentSource.SELF,
        actor=ACTOR,
    )  # fmt: skip
    assert meanwhile == ["done"]
    with engine.connect() as connection:
        now = dict(
            connection.execute(
                select(CurrentLevelRow.competency, CurrentLevelRow.level).where(
                    CurrentLevelRow.person_id == sam,
                    CurrentLevelRow.competency.in_([rated, unrated]),
                )
            ).all()
        )
    assert now == {rated: 2, unrated: 2}  # the newer rating wins
    assert_current(engine, store.framework)


def test_a_peer_rating_changes_nothing(store: Store, engine: Engine) -> None:
    populate(store)
    before = stored(engine)
    record_assessment(
        store,
        "sam@example.org",
        Assessment({c.id: 5 for c in store.framework.competencies}),
        AssessmentSource.PEER,
        actor=ACTOR,
    )
    assert stored(engine) == before
    assert_current(engine, store.framework)


def test_an_erased_person_leaves_the_figures(store: Store, engine: Engine) -> None:
    populate(store)
    sam = _id(engine, "sam@example.org")
    privacy.erase_person(store, "sam@example.org", actor=ACTOR)
    assert not [key for key in stored(engine) if key[0] == sam]
    assert_current(engine, store.framework)


def test_activating_a_framework_recomputes_everyone(
    store: Store, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    populate(store)
    data = framework_files.framework_data(
        framework_files.default_framework_text(), "<default framework>"
    )
    data["version"] = "2026.2"
    data["rules"]["critical_cap"] = 65
    for role in data["roles"]:  # new weights, and another order of summing them
        requirements = role.get("requirements") or {}
        role["requirements"] = {
            competency: (
                {"level": spec, "weight": 1.5} if isinstance(spec, int) and spec > 0 else spec
            )
            for competency, spec in reversed(list(requirements.items()))
        }
    path = tmp_path / "next.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    activate_framework_file(database_url, path, None, actor="test", dry_run=False)
    new = framework_files.framework_from_data(data, str(path))
    assert_current(engine, new)
    with open_store(database_url) as reopened:  # and ready_for reads the new figures
        everyone = insight.ready_for(
            SqlInsightQueries(engine), reopened.framework, "pmo_analyst", 0
        )
    figures = stored(engine)
    assert {(r.person_id, r.readiness) for r in everyone} == {
        (person, figures[person, "pmo_analyst"])
        for person, role in figures
        if role == "pmo_analyst"
    }


def test_restore_rebuilds_the_figures_and_the_archive_leaves_them_out(
    store: Store, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    populate(store)
    first = tmp_path / "first.json"
    backup_database(database_url, first)
    assert "role_readiness" not in json.loads(first.read_text(encoding="utf-8"))["tables"]
    before = stored(engine)
    with engine.begin() as connection:  # spoil the figures: restore must not trust them
        connection.execute(role_readiness.READINESS.update().values(readiness=-1.0))
    restore_database(database_url, first, force=True)
    assert stored(engine) == before
    assert_current(engine, store.framework)
    second = tmp_path / "second.json"
    backup_database(database_url, second)
    assert first.read_bytes() == second.read_bytes()


def test_ready_for_reads_the_table_for_the_active_frameworks_roles(
    store: Store, engine: Engine
) -> None:
    populate(store, assessed=6)
    queries = SqlInsightQueries(engine)
    seen: list[str] = []
    from sqlalchemy import event

    def remember(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        for role in store.framework.roles:
            from_table = insight.ready_for(queries, store.framework, role.id, 0)
            figures = stored(engine)
            assert [(r.person_id, r.readiness) for r in from_table] == sorted(
                ((p, figures[p, role.id]) for p, r in figures if r == role.id),
                key=lambda pair: (-pair[1], _name(engine, pair[0]), pair[0]),
            )
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert all("role_readiness" in s for s in seen if "people" in s and "readiness" in s)


def test_a_role_defined_otherwise_is_computed_not_read(store: Store, engine: Engine) -> None:
    from dataclasses import replace

    populate(store)
    role = store.framework.roles_by_id["pmo_analyst"]
    harder = replace(role, requirements=tuple(replace(r, level=5) for r in role.requirements))
    framework = replace(store.framework, roles=(harder,))
    ready = insight.ready_for(SqlInsightQueries(engine), framework, harder.id, 0)
    expected_figures = expected(engine, framework)
    assert {(person.person_id, person.readiness) for person in ready} == {
        (person, value) for (person, role), value in expected_figures.items()
    }


def test_figures_of_an_earlier_model_are_computed_until_db_upgrade_rebuilds_them(
    store: Store, engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version of the readiness model (a one-place edit in engine/readiness.py) makes the
    stored figures untrusted at once; ``pmopath db upgrade`` rebuilds them."""
    from sqlalchemy import event

    from pmopath.engine import readiness as model

    populate(store)
    before = stored(engine)
    monkeypatch.setattr(model, "MODEL_VERSION", model.MODEL_VERSION + 1)
    with engine.connect() as connection:
        assert not role_readiness.is_current(connection)
    seen: list[str] = []

    def remember(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        ready = insight.ready_for(SqlInsightQueries(engine), store.framework, "pmo_analyst", 0)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert not [s for s in seen if "role_readiness.readiness" in s]  # computed, not read
    assert {(r.person_id, r.readiness) for r in ready} == {
        (person, value)
        for (person, role), value in expected(engine, store.framework).items()
        if role == "pmo_analyst"
    }
    assert upgrade_database(database_url)[1] is True
    assert_current(engine, store.framework)  # the basis now names the new version
    assert stored(engine) == before
    assert upgrade_database(database_url)[1] is False


def test_upgrading_a_database_older_than_the_table_fills_it(
    store: Store, engine: Engine, database_url: str
) -> None:
    populate(store)
    before = stored(engine)
    command.downgrade(alembic_config(engine), "0002")  # the data as it was before 0003
    upgrade_database(database_url)
    assert stored(engine) == before
    assert_current(engine, store.framework)


def _id(engine: Engine, email: str) -> int:
    with engine.connect() as connection:
        found = connection.scalar(select(PersonRow.id).where(PersonRow.email == email))
    assert found is not None
    return found


def _name(engine: Engine, person_id: int) -> str:
    with engine.connect() as connection:
        return str(connection.scalar(select(PersonRow.name).where(PersonRow.id == person_id)))


def test_two_writers_assessing_one_person_leave_the_figures_current(
    store: Store, engine: Engine
) -> None:
    """One transaction assesses a person and waits; another assesses them meanwhile."""
    import threading
    import time

    from pmopath.domain.people import RecordedAssessment

    populate(store)
    sam = _id(engine, "sam@example.org")
    competencies = [c.id for c in store.framework.competencies]
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            record_assessment(
                store,
                "sam@example.org",
                Assessment({competencies[1]: 1}),
                AssessmentSource.MANAGER,
                actor=ACTOR,
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    with store.unit_of_work() as uow:
        uow.assessments.add(
            RecordedAssessment(
                None,
                sam,
                store.framework_version_id,
                AssessmentSource.SELF,
                {competencies[0]: 5},
                store.clock(),
            )
        )
        other = threading.Thread(target=other_writer)
        other.start()
        time.sleep(0.5)  # the other writer reaches its commit (or waits for ours, on SQLite)
        uow.readiness.refresh()
        uow.commit()
    other.join()
    assert not errors
    assert_current(engine, store.framework)


def test_restore_leaves_sqlite_enforcing_references(
    store: Store, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    """Restore loads SQLite with references unenforced, then checks them: the pooled
    connection must come back enforcing them, after a success and after a failure."""
    from pmopath.adapters.db import archive
    from pmopath.domain.errors import BadInput

    populate(store)
    path = tmp_path / "a.json"
    backup_database(database_url, path)
    document = archive.read_archive(path)
    archive.restore(engine, document, replace=True)
    broken = json.loads(path.read_text(encoding="utf-8"))
    levels = broken["tables"]["current_levels"]
    levels["rows"][0][levels["columns"].index("person_id")] = 999
    broken["sha256"] = archive._canonical_hash(broken["tables"])
    with pytest.raises(BadInput, match="do not hold together"):
        archive.restore(engine, broken, replace=True)
    if engine.dialect.name == "sqlite":
        for _ in range(3):  # every pooled connection
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert_current(engine, store.framework)


def test_closest_roles_ranked_on_the_stored_figures_are_the_measured_ones(store: Store) -> None:
    """The home page, the closest-roles answer and the career map read the stored figures
    (``figures_of``) instead of measuring each role: the same roles in the same order, with the
    same reports, as measuring every role gives, after each of many random assessments."""
    from pmopath.domain.people import AccountRole
    from pmopath.domain.permissions import Viewer
    from pmopath.domain.readiness import StoredFigure
    from pmopath.engine.advice import readiness_band
    from pmopath.services.careers.gaps import closest_roles
    from pmopath.services.careers.views import shown_percent
    from pmopath.services.insight.career_map import career_map_picture
    from pmopath.services.people.records import person_closest_roles

    import_people_file(store, DATA / "people.csv", actor="test", dry_run=False)
    rng = random.Random(11)
    framework = store.framework
    compared = 0
    for _ in range(12):
        for email in ("sam@example.org", "maria@example.org", "alex@example.org"):
            record_assessment(
                store,
                email,
                Assessment(random_levels(framework, rng)),
                AssessmentSource.MANAGER,
                actor=ACTOR,
            )
            with store.unit_of_work() as uow:
                person = uow.people.by_email(email)
                assert person is not None and person.id is not None
                figures = uow.readiness.figures_of(person.id, framework)
                levels = uow.assessments.current_levels(person.id)
            assert figures == {  # every role read, each the engine's figure, bit for bit
                role.id: StoredFigure(analysis.readiness, readiness_band(analysis).months)
                for role in framework.roles
                for analysis in [analyse_gap(framework, role, Assessment(levels))]
            }
            _, ranked = person_closest_roles(store, email, limit=50)
            measured = closest_roles(framework, Assessment(levels, person.role), limit=50)
            assert ranked == measured
            viewer = Viewer(AccountRole.MEMBER, person.id)  # the career map shows the same
            shown = {r.id: r for r in career_map_picture(store, viewer).roles}
            for role in framework.roles:
                analysis = analyse_gap(framework, role, Assessment(levels))
                band = readiness_band(analysis)
                assert (shown[role.id].readiness, shown[role.id].band) == (
                    shown_percent(analysis.readiness),
                    band.band.value,
                )
                assert shown[role.id].band_label == band.label
            compared += len(ranked)
    assert compared > 36  # most people had roles to rank


def test_figures_of_leave_out_a_role_defined_otherwise(store: Store) -> None:
    """A role whose stored figures were computed for another definition is measured, not read."""
    from dataclasses import replace

    populate(store)
    role = store.framework.roles_by_id["pmo_analyst"]
    harder = replace(role, requirements=tuple(replace(r, level=5) for r in role.requirements))
    framework = replace(store.framework, roles=(harder, store.framework.roles_by_id["pmo_manager"]))
    with store.unit_of_work() as uow:
        person = uow.people.by_email("sam@example.org")
        assert person is not None and person.id is not None
        figures = uow.readiness.figures_of(person.id, framework)
    assert set(figures) == {"pmo_manager"}
