"""The mentoring repository's contract, on the in-memory fake, SQLite and PostgreSQL alike, and
the whole relationship through the services on each database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.mentoring import Goal, MentoringSession, Offer, Relationship, RelationshipStatus
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
from pmopath.domain.plans import Plan, PlanItem, PlanStatus
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, migrated_database
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


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


def _people(uow: UnitOfWork) -> tuple[int, int, int]:
    ids = []
    for key in ("omar", "sam", "ruth"):
        person = uow.people.add(Person(None, f"{key}@example.org", key.title(), team="PMO"))
        assert person.id is not None
        ids.append(person.id)
    return ids[0], ids[1], ids[2]


def test_offers_round_trip_change_and_go(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        omar, sam, _ = _people(uow)
        uow.mentoring.save_offer(Offer(omar, ("data_analysis",), 2, "Tuesdays", NOW))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.mentoring.offer_of(omar) == Offer(omar, ("data_analysis",), 2, "Tuesdays", NOW)
        assert uow.mentoring.offer_of(sam) is None
        uow.mentoring.save_offer(Offer(omar, ("change_control", "data_analysis"), 3, "", NOW))
        uow.commit()
    with new_uow() as uow:
        (offer,) = uow.mentoring.offers()
        assert offer.competencies == ("change_control", "data_analysis") and offer.capacity == 3
        assert uow.mentoring.remove_offer(omar) and not uow.mentoring.remove_offer(omar)
        uow.commit()
    with new_uow() as uow:
        assert uow.mentoring.offers() == []


def test_relationships_goals_sessions_and_pairs(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        omar, sam, ruth = _people(uow)
        first = uow.mentoring.add(
            Relationship(
                None,
                omar,
                sam,
                "data_analysis",
                RelationshipStatus.PROPOSED,
                "why",
                NOW,
                omar,
                goals=(Goal("Read a dashboard", "data_analysis"), Goal("Build one")),
            )
        )
        other = uow.mentoring.add(
            Relationship(None, omar, ruth, "change_control", RelationshipStatus.PROPOSED, "", NOW)
        )
        uow.readiness.refresh()
        uow.commit()
    assert first.id is not None and other.id is not None
    assert [g.text for g in first.goals] == ["Read a dashboard", "Build one"]
    assert all(g.id is not None for g in first.goals)
    with new_uow() as uow:
        assert uow.mentoring.get(first.id) == first
        assert sorted(uow.mentoring.live_pairs()) == [(omar, sam), (omar, ruth)]
        kept = first.goals[1]
        started = replace(
            first,
            status=RelationshipStatus.ACTIVE,
            mentor_agreed_at=NOW,
            mentee_agreed_at=NOW,
            started_on=date(2027, 1, 10),
            shares_progress=True,
            goals=(kept, Goal("New one")),
        )
        saved = uow.mentoring.save(started)
        uow.mentoring.save(replace(other, status=RelationshipStatus.DECLINED))
        uow.commit()
    assert saved.goals[0] == kept and saved.goals[1].text == "New one"
    with new_uow() as uow:
        assert uow.mentoring.get(first.id) == saved
        assert uow.mentoring.live_pairs() == [(omar, sam)]
        assert [r.id for r in uow.mentoring.for_person(omar)] == [other.id, first.id]
        assert [r.id for r in uow.mentoring.for_person(sam)] == [first.id]
        assert uow.mentoring.started_pairs(date(2027, 1, 1), date(2027, 1, 9)) == []
        assert uow.mentoring.started_pairs(date(2027, 1, 1), date(2027, 1, 10)) == [(omar, sam)]
        one = uow.mentoring.add_session(
            MentoringSession(first.id, date(2027, 2, 1), "notes", "acts", False, omar)
        )
        two = uow.mentoring.add_session(
            MentoringSession(first.id, date(2027, 1, 20), "earlier", "", True, sam)
        )
        uow.commit()
    assert one.id is not None and two.id is not None
    with new_uow() as uow:
        assert [s.id for s in uow.mentoring.sessions(first.id)] == [two.id, one.id]
        uow.mentoring.set_shared(one.id, True)
        uow.mentoring.save(
            replace(saved, status=RelationshipStatus.ENDED, ended_on=date(2027, 2, 1))
        )
        uow.commit()
    with new_uow() as uow:
        assert uow.mentoring.session(one.id) == replace(one, shared=True)
        assert uow.mentoring.session(987654) is None and uow.mentoring.get(987654) is None
        assert uow.mentoring.started_pairs(date(2027, 2, 2), date(2027, 3, 1)) == []
        assert uow.mentoring.started_pairs(date(2027, 2, 1), date(2027, 3, 1)) == [(omar, sam)]


def test_bulk_levels_targets_and_a_plan_items_goal(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        omar, sam, ruth = _people(uow)
        version = uow.frameworks.add({"id": "x"}, "hash-x", NOW)
        for person, level in ((omar, 5), (sam, 1)):
            uow.assessments.add(
                RecordedAssessment(
                    None, person, version, AssessmentSource.SELF, {"data_analysis": level}, NOW
                )
            )
        uow.targets.set(sam, "pmo_analyst", primary=True, at=NOW)
        relationship = uow.mentoring.add(
            Relationship(
                None,
                omar,
                sam,
                "data_analysis",
                RelationshipStatus.ACTIVE,
                "",
                NOW,
                goals=(Goal("Read a dashboard", "data_analysis"),),
            )
        )
        goal = relationship.goals[0].id
        plan = uow.plans.add(
            Plan(
                None,
                sam,
                "pmo_analyst",
                version,
                PlanStatus.DRAFT,
                (PlanItem("data_analysis", "find_a_mentor", "Mentoring", mentoring_goal_id=goal),),
            )
        )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        levels = uow.assessments.current_levels_of([omar, sam, ruth])
        assert levels == {omar: {"data_analysis": 5}, sam: {"data_analysis": 1}}
        assert uow.mentoring.primary_targets_of([omar, sam, ruth]) == {sam: "pmo_analyst"}
        assert plan.id is not None
        stored = uow.plans.get(plan.id)
        assert stored is not None and stored.items[0].mentoring_goal_id == goal
        resaved = uow.plans.save(replace(stored, status=PlanStatus.SUBMITTED), stored.revision)
        assert resaved.items[0].mentoring_goal_id == goal
        uow.commit()


def test_export_and_erase_hold_the_persons_mentoring(new_uow: Callable[[], UnitOfWork]) -> None:
    if isinstance(new_uow(), FakeUnitOfWork):
        pytest.skip("export and erase of mentoring are the SQL person data's")
    with new_uow() as uow:
        omar, sam, _ = _people(uow)
        uow.mentoring.save_offer(Offer(omar, ("data_analysis",), 2, "Tuesdays", NOW))
        made = uow.mentoring.add(
            Relationship(
                None,
                omar,
                sam,
                "data_analysis",
                RelationshipStatus.ENDED,
                "why",
                NOW,
                started_on=date(2027, 1, 1),
                ended_on=date(2027, 2, 1),
                review="Good",
                goals=(Goal("Read a dashboard"),),
            )
        )
        assert made.id is not None
        uow.mentoring.add_session(
            MentoringSession(made.id, date(2027, 1, 5), "secret", "do", False, omar)
        )
        version = uow.frameworks.add({"id": "x"}, "hash-x", NOW)
        plan = uow.plans.add(  # sam's plan item made from the pair's goal names omar
            Plan(
                None,
                sam,
                "pmo_analyst",
                version,
                PlanStatus.DRAFT,
                (
                    PlanItem(
                        "data_analysis",
                        "find_a_mentor",
                        "Mentoring with Omar: read a dashboard",
                        mentoring_goal_id=made.goals[0].id,
                    ),
                ),
            )
        )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        exported = uow.person_data.export(sam)
        assert [r["review"] for r in exported["mentoring_relationships"]] == ["Good"]
        assert [s["notes"] for s in exported["mentoring_sessions"]] == ["secret"]
        assert len(uow.person_data.export(omar)["mentoring_offers"]) == 1
        uow.person_data.erase(omar, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.mentoring.offer_of(omar) is None
        kept = uow.mentoring.get(made.id)
        assert kept is not None and kept.review == "" and kept.goals[0].text == ""
        assert [s.notes for s in uow.mentoring.sessions(made.id)] == [""]
        assert uow.mentoring.started_pairs(date(2027, 1, 1), date(2027, 3, 1)) == [(omar, sam)]
        assert plan.id is not None
        stored = uow.plans.get(plan.id)
        assert stored is not None and [i.free_text for i in stored.items] == [""]
