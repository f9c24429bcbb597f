"""The repositories' contract, run against the in-memory fakes and the real databases alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.audit import AuditQuery
from pmopath.domain.people import AssessmentSource, AuditEntry, Person, RecordedAssessment
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


def _framework(uow: UnitOfWork) -> int:
    version = uow.frameworks.add({"id": "f", "name": "F", "version": "1"}, "hash-1", NOW)
    uow.frameworks.activate(version)
    return version


def test_people_round_trip_and_commit(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        boss = uow.people.add(
            Person(None, "boss@example.org", "Boss", "pmo_manager", date(2020, 1, 1))
        )
        sam = uow.people.add(
            Person(None, "sam@example.org", "Sam", "pmo_administrator", None, boss.id, "PMO")
        )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.people.by_email("SAM@example.org") == sam
        assert uow.people.by_id(boss.id or 0) == boss
        assert set(
            uow.people.by_emails(["sam@example.org", "boss@example.org", "x@example.org"])
        ) == {
            "sam@example.org",
            "boss@example.org",
        }
        assert [p.name for p in uow.people.everyone()] == ["Boss", "Sam"]
        assert [p.name for p in uow.people.everyone(team="PMO")] == ["Sam"]
        assert uow.people.manager_links() == {sam.id: boss.id}
        assert uow.people.managers_above(sam.id or 0) == [boss.id]
        assert uow.people.managers_above(boss.id or 0) == []


def test_the_management_chain_is_read_upwards_nearest_first(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        top = uow.people.add(Person(None, "top@example.org", "Top"))
        middle = uow.people.add(Person(None, "mid@example.org", "Mid", manager_id=top.id))
        low = uow.people.add(Person(None, "low@example.org", "Low", manager_id=middle.id))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.people.managers_above(low.id or 0) == [middle.id, top.id]
        assert uow.people.managers_above(10_000) == []
        assert uow.people.reports_under(top.id or 0) == {middle.id, low.id}
        assert uow.people.reports_under(middle.id or 0) == {low.id}
        assert uow.people.reports_under(low.id or 0) == set()
        assert uow.people.direct_reports(top.id or 0) == {middle.id}
        assert uow.people.manager_links_below(top.id or 0) == {middle.id: top.id, low.id: middle.id}
        assert uow.people.manager_links_below(middle.id or 0) == {low.id: middle.id}
        assert uow.people.manager_links_below(low.id or 0) == {}


def test_links_below_a_manager_end_at_a_loop_in_the_data(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    """Two people managing each other (a loop an import can leave) and a third below them:
    the links below either are read once each, and the query ends."""
    with new_uow() as uow:
        one = uow.people.add(Person(None, "one@example.org", "One"))
        two = uow.people.add(Person(None, "two@example.org", "Two", manager_id=one.id))
        three = uow.people.add(Person(None, "three@example.org", "Three", manager_id=two.id))
        uow.people.update(Person(one.id, "one@example.org", "One", manager_id=two.id))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        expected = {one.id: two.id, two.id: one.id, three.id: two.id}
        assert uow.people.manager_links_below(one.id or 0) == expected
        assert uow.people.manager_links_below(three.id or 0) == {}


def test_leaving_without_commit_keeps_nothing(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        uow.people.add(Person(None, "gone@example.org", "Gone"))
    with new_uow() as uow:
        assert uow.people.by_email("gone@example.org") is None


def test_role_history_closes_the_previous_spell(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id is not None
        uow.people.start_role(sam.id, "pmo_administrator", date(2024, 1, 1))
        uow.people.start_role(sam.id, "pmo_analyst", date(2026, 1, 1))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        spells = uow.people.history(sam.id)
    assert [(s.role, s.started_on, s.ended_on) for s in spells] == [
        ("pmo_administrator", date(2024, 1, 1), date(2026, 1, 1)),
        ("pmo_analyst", date(2026, 1, 1), None),
    ]


def test_current_levels_are_the_newest_of_self_manager_and_evidence(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        version = _framework(uow)
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id is not None

        def rate(source: AssessmentSource, levels: dict[str, int], days: int) -> None:
            uow.assessments.add(
                RecordedAssessment(
                    None, sam.id or 0, version, source, levels, NOW + timedelta(days=days)
                )
            )

        rate(AssessmentSource.SELF, {"reporting": 2, "planning": 1}, 0)
        rate(AssessmentSource.MANAGER, {"reporting": 3}, 10)
        rate(AssessmentSource.PEER, {"reporting": 5, "planning": 5}, 20)  # peers do not count
        rate(AssessmentSource.SELF, {"reporting": 1}, 5)  # older than the manager's: loses
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.assessments.current_levels(sam.id) == {"reporting": 3, "planning": 1}
        assert uow.assessments.count_for(sam.id) == 4


def test_targets_have_one_primary(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id is not None
        uow.targets.set(sam.id, "pmo_analyst", primary=True, at=NOW)
        uow.targets.set(sam.id, "project_manager", primary=False, at=NOW)
        uow.targets.set(sam.id, "pmo_manager", primary=True, at=NOW)
        uow.targets.set(sam.id, "project_manager", primary=False, at=NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        targets = {t.role: t.is_primary for t in uow.targets.for_person(sam.id)}
    assert targets == {"pmo_analyst": False, "project_manager": False, "pmo_manager": True}


def test_frameworks_and_audit(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        first = _framework(uow)
        second = uow.frameworks.add({"id": "f", "name": "F", "version": "2"}, "hash-2", NOW)
        uow.frameworks.activate(second)
        uow.audit.record(AuditEntry(NOW, "cli:test", "x.y", "person", "1", None, {"a": 1}))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        active = uow.frameworks.active()
        assert active is not None and active[0] == second and active[1]["version"] == "2"
        assert uow.frameworks.active_id() == second
        assert uow.frameworks.by_hash("hash-1") == first
        entries = uow.audit.entries(entity="person")
        assert [(e.action, e.after) for e in entries] == [("x.y", {"a": 1})]
        assert entries[0].at == NOW


def test_the_audit_log_is_searched_alike_in_every_store(new_uow: Callable[[], UnitOfWork]) -> None:
    entries = [
        AuditEntry(NOW + timedelta(hours=h), actor, action, entity, entity_id)
        for h, actor, action, entity, entity_id in (
            (0, "web:Sam@x.org", "account.sign_in", "account", "1"),
            (1, "web:maria@x.org", "plan.update", "plan", "7"),
            (2, "anonymous", "account.sign_in_failed", "account", "2"),
            (3, "web:sam@x.org", "plan_x.update", "plan_x", "7"),  # "_" is not a wildcard
            (26, "cli:ops%", "people.import", "people", ""),  # the next day
        )
    ]
    with new_uow() as uow:
        for entry in entries:
            uow.audit.record(entry)
        uow.commit()

    def found(**filters: object) -> list[str]:
        with new_uow() as uow:
            query = AuditQuery(**filters)  # type: ignore[arg-type]
            return [f"{e.actor} {e.action}" for e in uow.audit.search(query)]

    assert found()[0] == "cli:ops% people.import"  # newest first
    assert found(actions=("account.sign_",)) == [
        "anonymous account.sign_in_failed",
        "web:Sam@x.org account.sign_in",
    ]
    assert found(actions=("plan.",)) == ["web:maria@x.org plan.update"]
    assert found(actor="SAM@") == ["web:sam@x.org plan_x.update", "web:Sam@x.org account.sign_in"]
    assert found(actor="%") == ["cli:ops% people.import"]  # a typed % is a percent sign
    assert found(entity="plan", entity_id="7") == ["web:maria@x.org plan.update"]
    assert len(found(until=NOW + timedelta(days=1))) == 4
    assert found(since=NOW + timedelta(days=1)) == ["cli:ops% people.import"]
    assert found(limit=2, offset=1) == [
        "web:sam@x.org plan_x.update",
        "anonymous account.sign_in_failed",
    ]
    with new_uow() as uow:
        assert uow.audit.count(AuditQuery(limit=2)) == 5
        assert uow.audit.count(AuditQuery(actions=("account.", "people."))) == 3
