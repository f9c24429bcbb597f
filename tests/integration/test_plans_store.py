"""Plans, check-ins and evidence on the fakes and the real databases; stale saves are refused."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmopath.bootstrap.database import open_store
from pmopath.bootstrap.files import default_framework
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import Conflict, InvalidRequest
from pmopath.domain.people import AssessmentSource
from pmopath.domain.plans import (
    CheckIn,
    Evidence,
    ItemStatus,
    PlanItem,
    PlanStatus,
    readiness_by_day,
)
from pmopath.services.people import records as people
from pmopath.services.plans import records as plans
from pmopath.services.ports.store import Store
from tests.conftest import DATABASES, _fresh_postgres
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PEOPLE = Path(__file__).parents[1] / "data" / "people.csv"


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "fake":
        state = FakeState()
        fake = fake_store(state, default_framework(), NOW)
        bootstrap_people(fake)
        yield fake
        return
    url = f"sqlite:///{tmp_path / 'plans.db'}" if request.param == "sqlite" else _fresh_postgres()
    with open_store(url) as real:
        bootstrap_people(real)
        yield real


def bootstrap_people(store: Store) -> None:
    from pmopath.adapters.people_csv import read_people_csv
    from pmopath.services.people.imports import import_people

    header, rows = read_people_csv(PEOPLE)
    import_people(store, "people.csv", header, rows, actor="test")


ITEMS = [
    PlanItem(
        "data_analysis", "trend_analysis", target_level=3, due_on=date(2027, 3, 1), effort_hours=20
    ),
    PlanItem(None, None, "Shadow the portfolio office for a week"),
]


def test_a_plan_moves_through_its_statuses(store: Store) -> None:
    plan = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    assert plan.status is PlanStatus.DRAFT and plan.revision == 1 and len(plan.items) == 2
    submitted = plans.update_plan(store, plan.id or 0, 1, status=PlanStatus.SUBMITTED, actor="sam")
    assert submitted.revision == 2
    agreed = plans.update_plan(
        store, plan.id or 0, 2, status=PlanStatus.AGREED, comment="Good plan", actor="maria"
    )
    assert (
        agreed.status is PlanStatus.AGREED
        and agreed.comment == "Good plan"
        and agreed.revision == 3
    )
    with pytest.raises(InvalidRequest, match="an agreed plan cannot become submitted"):
        plans.update_plan(store, plan.id or 0, 3, status=PlanStatus.SUBMITTED, actor="sam")


def test_saving_a_stale_revision_is_refused_and_changes_nothing(store: Store) -> None:
    plan = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    plans.update_plan(store, plan.id or 0, 1, comment="first editor", actor="sam")
    with pytest.raises(Conflict, match="changed by someone else"):
        plans.update_plan(
            store, plan.id or 0, 1, items=ITEMS[:1], comment="second editor", actor="maria"
        )
    with store.unit_of_work() as uow:
        stored = uow.plans.get(plan.id or 0)
    assert stored is not None
    assert stored.comment == "first editor" and len(stored.items) == 2 and stored.revision == 2


def test_bad_items_are_refused(store: Store) -> None:
    with pytest.raises(InvalidRequest, match="unknown competency 'nope'"):
        plans.create_plan(store, "sam@example.org", "PMO Analyst", [PlanItem("nope")], actor="t")
    with pytest.raises(InvalidRequest, match="due before it starts"):
        plans.create_plan(
            store,
            "sam@example.org",
            "PMO Analyst",
            [PlanItem("data_analysis", start_on=date(2027, 1, 1), due_on=date(2026, 1, 1))],
            actor="t",
        )


def test_checkin_snapshots_levels_and_readiness(store: Store) -> None:
    people.record_assessment(
        store,
        "sam@example.org",
        Assessment({"data_analysis": 2}),
        AssessmentSource.SELF,
        actor="sam",
    )
    plan = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    first = plans.record_checkin(
        store, plan.id or 0, date(2027, 1, 10), "on track", {"1": 50}, actor="maria"
    )
    people.record_assessment(
        store,
        "sam@example.org",
        Assessment({"data_analysis": 3}),
        AssessmentSource.MANAGER,
        actor="maria",
    )
    second = plans.record_checkin(
        store, plan.id or 0, date(2027, 4, 10), "done", {"1": 100}, actor="maria"
    )
    assert first.levels == {"data_analysis": 2} and second.levels == {"data_analysis": 3}
    assert second.readiness > first.readiness
    with store.unit_of_work() as uow:
        assert [c.held_on for c in uow.plans.checkins(plan.id or 0)] == [
            date(2027, 1, 10),
            date(2027, 4, 10),
        ]
    with pytest.raises(InvalidRequest, match="percentage"):
        plans.record_checkin(store, plan.id or 0, date(2027, 5, 1), "", {"1": 150}, actor="maria")


def test_evidence_is_tagged_to_known_competencies(store: Store) -> None:
    saved = plans.add_evidence(
        store,
        "sam@example.org",
        Evidence(
            0,
            "Built the portfolio dashboard",
            date(2026, 10, 1),
            ("data_analysis", "performance_reporting"),
            impact="Board decisions two weeks sooner",
        ),
        actor="sam",
    )
    assert saved.id is not None
    with store.unit_of_work() as uow:
        person = people.find_person(uow, "sam@example.org")
        assert [e.title for e in uow.plans.evidence_for(person.id or 0)] == [
            "Built the portfolio dashboard"
        ]
    with pytest.raises(InvalidRequest, match="unknown competencies: nope"):
        plans.add_evidence(
            store, "sam@example.org", Evidence(0, "x", date(2026, 1, 1), ("nope",)), actor="sam"
        )


def test_plans_by_status_and_a_plans_history(store: Store) -> None:
    first = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    second = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS[:1], actor="test")
    assert first.id is not None and second.id is not None
    plans.update_plan(store, second.id, 1, status=PlanStatus.SUBMITTED, actor="sam")
    plans.update_plan(store, second.id, 2, comment="a note", actor="sam")
    with store.unit_of_work() as uow:
        submitted = uow.plans.with_status(PlanStatus.SUBMITTED)
        assert [(p.id, len(p.items)) for p in submitted] == [(second.id, 1)]
        assert [p.id for p in uow.plans.with_status(PlanStatus.DRAFT)] == [first.id]
        history = uow.audit.entries(entity="plan", entity_id=str(second.id))
    assert [e.action for e in history] == ["plan.create", "plan.update", "plan.update"]
    assert {e.entity_id for e in history} == {str(second.id)}


def test_the_readiness_trend_reads_the_last_checkin_of_each_of_the_latest_days(
    store: Store,
) -> None:
    """The same readings as ``domain.plans.readiness_by_day`` on every store: a day counts
    once, at the check-in recorded last that day, and only the latest ``days`` days."""
    plan = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    other = plans.create_plan(store, "priya@example.org", "PMO Analyst", ITEMS, actor="test")
    plan_id, other_id = plan.id or 0, other.id or 0
    recorded = [  # not in date order; three on 10 March, the last recorded of them wins
        (date(2027, 3, 10), 0.30),
        (date(2027, 1, 10), 0.10),
        (date(2027, 3, 10), 0.35),
        (date(2027, 2, 10), 0.20),
        (date(2027, 3, 10), 0.32),
        (date(2027, 4, 10), 0.40),
    ]
    with store.unit_of_work() as uow:
        for day, readiness in recorded:
            uow.plans.add_checkin(CheckIn(plan_id, day, "notes", {}, {}, readiness))
        uow.plans.add_checkin(CheckIn(other_id, date(2027, 5, 1), "", {}, {}, 0.9))
        uow.commit()
    with store.unit_of_work() as uow:
        everything = uow.plans.readiness_by_day(plan_id, 10)
        latest_two = uow.plans.readiness_by_day(plan_id, 2)
        stored = uow.plans.checkins(plan_id)
        assert uow.plans.readiness_by_day(plan_id, 0) == []
        assert uow.plans.readiness_by_day(999_999, 5) == []
        assert uow.plans.readiness_by_day(2**63, 5) == []  # out of range: none, not a 500
    assert everything == [
        (date(2027, 1, 10), 0.10),
        (date(2027, 2, 10), 0.20),
        (date(2027, 3, 10), 0.32),
        (date(2027, 4, 10), 0.40),
    ]
    assert latest_two == everything[-2:]
    assert everything == readiness_by_day(stored, 10)  # the store reads what the rule keeps


def test_latest_checkins_and_people_are_read_for_many_at_once(store: Store) -> None:
    checked = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    bare = plans.create_plan(store, "priya@example.org", "PMO Analyst", ITEMS, actor="test")
    for day in (date(2027, 4, 10), date(2027, 1, 10)):  # the latest is not the last recorded
        plans.record_checkin(store, checked.id or 0, day, "", {}, actor="maria")
    with store.unit_of_work() as uow:
        latest = uow.plans.last_checkins([checked.id or 0, bare.id or 0, 999_999])
        assert latest == {checked.id: date(2027, 4, 10)}  # no check-in, no plan: left out
        assert uow.plans.last_checkins([]) == {}
        found = uow.people.by_ids([checked.person_id, bare.person_id, 999_999])
        assert {p.name for p in found.values()} == {"Sam Smith", "Priya Patel"}
        assert all(found[i].id == i for i in found) and uow.people.by_ids([]) == {}


def test_a_save_that_keeps_the_items_keeps_their_rows(store: Store) -> None:
    """Saving a plan with its items as stored (a new comment) leaves the item rows as they
    are, ids and all; a save with other items stores those."""
    plan = plans.create_plan(store, "sam@example.org", "PMO Analyst", ITEMS, actor="test")
    assert plan.id is not None
    plans.create_plan(store, "maria@example.org", "PMO Analyst", ITEMS, actor="test")  # later rows
    with store.unit_of_work() as uow:
        commented = uow.plans.save(replace(plan, comment="Looks good"), plan.revision)
        uow.commit()
    assert commented.items == plan.items  # the same rows: the same ids
    assert (commented.comment, commented.revision) == ("Looks good", plan.revision + 1)
    fewer = (replace(plan.items[1], status=ItemStatus.DONE),)
    with store.unit_of_work() as uow:
        changed = uow.plans.save(replace(commented, items=fewer), commented.revision)
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.plans.get(plan.id)
    assert found == changed
    assert [replace(i, id=None) for i in changed.items] == [replace(fewer[0], id=None)]
