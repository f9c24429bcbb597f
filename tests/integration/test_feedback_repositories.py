"""The feedback repository's contract, on the in-memory fake and the real databases alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.feedback import (
    FeedbackCounts,
    FeedbackRequest,
    FeedbackResponse,
    Respondent,
    StarExample,
)
from pmopath.domain.people import Person
from pmopath.domain.plans import Evidence
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, migrated_database
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
EXPIRES = NOW + timedelta(days=14)
EXAMPLE = StarExample("data_analysis", "s", "t", "a", "r")


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
    assert sam.id is not None and ella.id is not None
    return sam.id, ella.id


def _request(uow: UnitOfWork, person_id: int, at: datetime = NOW) -> FeedbackRequest:
    return uow.feedback.add_request(
        FeedbackRequest(
            None,
            person_id,
            "web:sam@example.org",
            ("data_analysis",),
            "Q?",
            at,
            at + timedelta(days=14),
        )
    )


def test_requests_respondents_and_responses_round_trip(new_uow: Callable[[], UnitOfWork]) -> None:
    sam, ella = _people(new_uow)
    with new_uow() as uow:
        first = _request(uow, sam)
        second = _request(uow, sam, NOW + timedelta(hours=1))
        _request(uow, ella)
        assert first.id and second.id
        pat = uow.feedback.add_respondent(
            Respondent(None, first.id, "Pat", "pat@example.org", "a" * 64)
        )
        lee = uow.feedback.add_respondent(
            Respondent(None, first.id, "Lee", "lee@example.org", "b" * 64)
        )
        uow.commit()
    assert first == FeedbackRequest(
        first.id, sam, "web:sam@example.org", ("data_analysis",), "Q?", NOW, EXPIRES
    )
    with new_uow() as uow:
        assert uow.feedback.request(first.id) == first
        assert uow.feedback.request(987654) is None
        assert [r.id for r in uow.feedback.requests_for(sam)] == [second.id, first.id]
        assert uow.feedback.respondents([first.id]) == [pat, lee]
        assert uow.feedback.respondents([]) == []
        assert uow.feedback.respondent_by_token("a" * 64) == pat
        assert uow.feedback.respondent_by_token("c" * 64) is None
        response = uow.feedback.add_response(
            FeedbackResponse(
                None,
                first.id,
                {"data_analysis": 3, "risk_management": None},
                EXAMPLE,
                "Yes",
                key="k1",
            )
        )
        uow.commit()
    assert response.id is not None
    with new_uow() as uow:
        assert uow.feedback.response_by_key("k1") == response
        assert uow.feedback.response_by_key("k2") is None
        assert uow.feedback.responses([first.id, second.id]) == [response]
        assert uow.feedback.responses([second.id]) == []
        evidence = uow.plans.add_evidence(
            Evidence(sam, "From feedback", NOW.date(), ("data_analysis",))
        )
        assert evidence.id is not None
        uow.feedback.set_evidence(response.id, evidence.id)
        uow.feedback.set_quoted(response.id, True)
        uow.commit()
    with new_uow() as uow:
        stored = uow.feedback.response_by_key("k1")
        assert stored is not None and stored.evidence_id == evidence.id and stored.quoted
        assert stored.ratings == {"data_analysis": 3, "risk_management": None}


def test_a_respondent_is_answered_once(new_uow: Callable[[], UnitOfWork]) -> None:
    sam, _ = _people(new_uow)
    with new_uow() as uow:
        request = _request(uow, sam)
        assert request.id
        pat = uow.feedback.add_respondent(
            Respondent(None, request.id, "Pat", "pat@example.org", "a" * 64)
        )
        uow.commit()
    assert pat.id is not None
    with new_uow() as uow:
        assert uow.feedback.mark_answered(pat.id, NOW) is True
        assert uow.feedback.mark_answered(pat.id, NOW + timedelta(minutes=1)) is False
        uow.commit()
    with new_uow() as uow:
        assert uow.feedback.mark_answered(pat.id, NOW) is False
        found = uow.feedback.respondent_by_token("a" * 64)
        assert found is not None and found.answered_at == NOW


def test_reminders_due_withdrawal_and_the_reminder_link(new_uow: Callable[[], UnitOfWork]) -> None:
    sam, _ = _people(new_uow)
    with new_uow() as uow:
        live = _request(uow, sam)
        gone = _request(uow, sam)
        assert live.id and gone.id
        pat = uow.feedback.add_respondent(
            Respondent(None, live.id, "Pat", "pat@example.org", "a" * 64)
        )
        lee = uow.feedback.add_respondent(
            Respondent(None, live.id, "Lee", "lee@example.org", "b" * 64)
        )
        uow.feedback.add_respondent(Respondent(None, gone.id, "Kim", "kim@example.org", "c" * 64))
        uow.feedback.withdraw(gone.id, NOW)
        assert lee.id is not None and pat.id is not None
        uow.feedback.mark_answered(lee.id, NOW)
        uow.commit()
    soon = EXPIRES - timedelta(days=2)
    with new_uow() as uow:
        assert uow.feedback.reminders_due(NOW, NOW + timedelta(days=3)) == []
        assert [r.id for r in uow.feedback.reminders_due(soon, soon + timedelta(days=3))] == [
            pat.id
        ]
        assert uow.feedback.reminders_due(EXPIRES, EXPIRES + timedelta(days=3)) == []
        uow.feedback.mark_reminded(pat.id, "d" * 64, soon)
        withdrawn = uow.feedback.request(gone.id)
        assert withdrawn is not None and withdrawn.withdrawn_at == NOW
        uow.commit()
    with new_uow() as uow:
        assert uow.feedback.reminders_due(soon, soon + timedelta(days=3)) == []
        reminded = uow.feedback.respondent_by_token("d" * 64)
        assert reminded is not None and reminded.id == pat.id and reminded.reminded_at == soon
        assert uow.feedback.respondent_by_token("a" * 64) == reminded


def test_requests_about_several_people_in_one_call(new_uow: Callable[[], UnitOfWork]) -> None:
    sam, ella = _people(new_uow)
    with new_uow() as uow:
        first, other, second = _request(uow, sam), _request(uow, ella), _request(uow, sam)
        uow.commit()
    with new_uow() as uow:
        about = uow.feedback.requests_about([ella, sam])
        assert [(r.person_id, r.id) for r in about] == sorted(
            [(sam, first.id), (sam, second.id), (ella, other.id)]
        )
        assert [r.id for r in uow.feedback.requests_about([ella])] == [other.id]
        assert uow.feedback.requests_about([]) == []


def test_counts_in_a_period(new_uow: Callable[[], UnitOfWork]) -> None:
    sam, ella = _people(new_uow)
    with new_uow() as uow:
        old = _request(uow, sam, NOW - timedelta(days=40))
        new = _request(uow, ella)
        assert old.id and new.id
        a = uow.feedback.add_respondent(Respondent(None, old.id, "A", "a@example.org", "a" * 64))
        uow.feedback.add_respondent(Respondent(None, new.id, "B", "b@example.org", "b" * 64))
        c = uow.feedback.add_respondent(Respondent(None, new.id, "C", "c@example.org", "c" * 64))
        assert a.id and c.id
        uow.feedback.mark_answered(a.id, NOW)  # an old request answered in this period
        uow.feedback.mark_answered(c.id, NOW + timedelta(days=1))
        uow.commit()
    start, end = NOW - timedelta(days=7), NOW + timedelta(days=7)
    with new_uow() as uow:
        assert uow.feedback.counts(start, end) == FeedbackCounts(1, 2, 2)
        assert uow.feedback.counts(start, end, [sam]) == FeedbackCounts(0, 0, 1)
        assert uow.feedback.counts(start, end, [ella]) == FeedbackCounts(1, 2, 1)
        assert uow.feedback.counts(start, end, []) == FeedbackCounts(0, 0, 0)
        # a tree of any size: more ids than one statement may bind (SQLite: 32,766)
        many = [sam, ella, *range(1_000_000, 1_040_000)]
        assert uow.feedback.counts(start, end, many) == FeedbackCounts(1, 2, 2)
        assert len(uow.feedback.requests_about(many)) == 2
        assert uow.feedback.counts(NOW - timedelta(days=60), start) == FeedbackCounts(1, 1, 0)


def test_nothing_is_kept_without_a_commit_and_erasure_removes_it(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    sam, ella = _people(new_uow)
    with new_uow() as uow:
        _request(uow, sam)
    with new_uow() as uow:
        assert uow.feedback.requests_for(sam) == []
        request = _request(uow, sam)
        kept = _request(uow, ella)
        assert request.id and kept.id
        uow.feedback.add_respondent(
            Respondent(None, request.id, "Pat", "pat@example.org", "a" * 64)
        )
        uow.feedback.add_response(
            FeedbackResponse(None, request.id, {"data_analysis": 2}, EXAMPLE, "x", key="k9")
        )
        uow.commit()
    with new_uow() as uow:
        uow.person_data.erase(sam, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.feedback.requests_for(sam) == []
        assert uow.feedback.respondent_by_token("a" * 64) is None
        assert uow.feedback.responses([request.id]) == []
        assert [r.id for r in uow.feedback.requests_for(ella)] == [kept.id]


@pytest.fixture(params=DATABASES)
def sql_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], UnitOfWork]:
    url = migrated_database(request.getfixturevalue("database_templates"), request.param, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    request.addfinalizer(engine.dispose)
    return lambda: SqlUnitOfWork(engine, lambda: NOW)


def test_a_framework_change_renames_competencies_in_feedback(
    sql_uow: Callable[[], UnitOfWork],
) -> None:
    sam, _ = _people(sql_uow)
    with sql_uow() as uow:
        request = uow.feedback.add_request(
            FeedbackRequest(None, sam, "t", ("data_analysis", "risk"), "Q?", NOW, EXPIRES)
        )
        assert request.id is not None
        uow.feedback.add_response(
            FeedbackResponse(
                None, request.id, {"data_analysis": 3, "risk": None}, EXAMPLE, "x", key="k3"
            )
        )
        uow.commit()
    with sql_uow() as uow:
        assert uow.usage.references()["competency"]["data_analysis"] >= 1
        uow.usage.rename("competency", "data_analysis", "analytics")
        uow.commit()
    with sql_uow() as uow:
        renamed = uow.feedback.request(request.id)
        assert renamed is not None and renamed.competencies == ("analytics", "risk")
        answer = uow.feedback.response_by_key("k3")
        assert answer is not None and answer.example.competency == "analytics"
        assert answer.ratings == {"analytics": 3, "risk": None}


def test_erasing_someone_removes_them_from_feedback_about_others(
    sql_uow: Callable[[], UnitOfWork],
) -> None:
    sam, ella = _people(sql_uow)
    with sql_uow() as uow:
        about_ella = uow.feedback.add_request(
            FeedbackRequest(None, ella, "web:sam@example.org", ("data_analysis",), "Q?", NOW, NOW)
        )
        assert about_ella.id
        uow.feedback.add_respondent(  # sam was asked about ella too, by his address
            Respondent(None, about_ella.id, "Sam", "SAM@example.org", "b" * 64)
        )
        uow.commit()
    with sql_uow() as uow:
        uow.person_data.erase(sam, NOW)
        uow.readiness.refresh()
        uow.commit()
    with sql_uow() as uow:
        (request,) = uow.feedback.requests_for(ella)
        (asked,) = uow.feedback.respondents([about_ella.id])
    assert request.asked_by == f"Erased person #{sam}"
    assert (asked.name, asked.email) == (f"Erased person #{sam}", "")
