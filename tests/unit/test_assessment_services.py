"""Self-assessment steps, checked assessments, history, evidence and the person page, on fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.framework import Framework
from pmopath.domain.people import AccountRole, AssessmentSource, Person, RecordedAssessment
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import Evidence
from pmopath.services.insight import profile
from pmopath.services.people import assessments, evidence
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
BOSS, SAM, PRIYA = 1, 2, 3
boss = Viewer(AccountRole.MANAGER, BOSS)
sam = Viewer(AccountRole.MEMBER, SAM)
priya = Viewer(AccountRole.MEMBER, PRIYA)
admin = Viewer(AccountRole.ADMIN, None)


@pytest.fixture
def store(small_framework: Framework) -> Store:
    state = FakeState()
    state.people[BOSS] = Person(BOSS, "boss@example.org", "Boss", "manager")
    state.people[SAM] = Person(SAM, "sam@example.org", "Sam", "admin", manager_id=BOSS)
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", "admin", manager_id=BOSS)
    return fake_store(state, small_framework, NOW)


def _self(store: Store, levels: dict[str, int], days_ago: int) -> None:
    with store.unit_of_work() as uow:
        uow.assessments.add(
            RecordedAssessment(
                None, SAM, 1, AssessmentSource.SELF, levels, NOW - timedelta(days=days_ago)
            )
        )
        uow.readiness.refresh()
        uow.commit()


def test_a_step_shows_anchors_position_and_neighbours(small_framework: Framework) -> None:
    step = assessments.assessment_step(small_framework, {"planning": 2}, "planning", {})
    assert (step.position, step.total) == (2, 3)
    assert (step.previous, step.next) == ("reporting", "leadership")
    assert step.selected == 2
    assert [(s.level, anchor) for s, anchor in step.levels][:3] == [(0, ""), (1, "b1"), (2, "b2")]
    answered = assessments.assessment_step(small_framework, {"planning": 2}, None, {"reporting": 4})
    assert answered.competency.id == "reporting" and answered.selected == 4
    assert answered.previous is None
    with pytest.raises(NotFound):
        assessments.assessment_step(small_framework, {}, "juggling", {})


def test_levels_are_checked_against_competencies_and_scale(small_framework: Framework) -> None:
    assert assessments.check_levels(small_framework, {"reporting": 5}) == {"reporting": 5}
    with pytest.raises(InvalidRequest, match="levels.juggling"):
        assessments.check_levels(small_framework, {"juggling": 1})
    with pytest.raises(InvalidRequest, match="levels.reporting"):
        assessments.check_levels(small_framework, {"reporting": 6})


def test_assess_records_one_assessment_with_the_manager_as_assessor(store: Store) -> None:
    own = assessments.assess(
        store, str(SAM), {"reporting": 3, "planning": 2}, AssessmentSource.SELF,
        viewer=sam, actor="t",
    )  # fmt: skip
    assert own.assessor_id is None and dict(own.levels) == {"reporting": 3, "planning": 2}
    theirs = assessments.assess(
        store, str(SAM), {"reporting": 4}, AssessmentSource.MANAGER, viewer=boss, actor="t"
    )
    assert theirs.assessor_id == BOSS
    with pytest.raises(PermissionDenied):
        assessments.assess(
            store, str(SAM), {"reporting": 4}, AssessmentSource.MANAGER, viewer=sam, actor="t"
        )
    with pytest.raises(NotFound):
        assessments.assess(
            store, str(SAM), {"reporting": 4}, AssessmentSource.SELF, viewer=priya, actor="t"
        )
    with pytest.raises(InvalidRequest, match="note"):
        assessments.assess(
            store, str(SAM), {"reporting": 1}, AssessmentSource.SELF, viewer=sam, actor="t",
            note="x" * (assessments.NOTE_MAX + 1),
        )  # fmt: skip
    with store.unit_of_work() as uow:
        assert uow.assessments.count_for(SAM) == 2


def test_history_is_newest_first_and_changes_compare_the_two_latest_self_ones(
    store: Store,
) -> None:
    _self(store, {"reporting": 1, "planning": 1}, 300)
    _self(store, {"reporting": 2, "planning": 3, "leadership": 1}, 200)
    assessments.assess(
        store, str(SAM), {"reporting": 4}, AssessmentSource.MANAGER, viewer=boss, actor="t"
    )
    _self(store, {"reporting": 2, "planning": 2, "leadership": 2}, -1)
    history = assessments.assessment_history(store, str(SAM), viewer=sam)
    assert [p.recorded.source for p in history] == [
        AssessmentSource.SELF,
        AssessmentSource.MANAGER,
        AssessmentSource.SELF,
        AssessmentSource.SELF,
    ]
    assert history[1].assessor is not None and history[1].assessor.name == "Boss"
    changes = assessments.changes_since_last(history)
    assert [(c.competency, c.before, c.after, c.rose) for c in changes] == [
        ("leadership", 1, 2, True),
        ("planning", 3, 2, False),
    ]
    assert assessments.changes_since_last(history[2:3]) == []
    assert assessments.assessment_history(store, str(SAM), viewer=boss)
    with pytest.raises(NotFound):
        assessments.assessment_history(store, str(SAM), viewer=priya)


def test_my_current_levels(store: Store) -> None:
    _self(store, {"reporting": 2}, 1)
    assert assessments.my_current_levels(store, sam) == {"reporting": 2}
    with pytest.raises(NotFound):
        assessments.my_current_levels(store, admin)


def test_form_answers_read_as_levels() -> None:
    answers = ["reporting:2", "", "planning:3", "reporting:4"]
    assert assessments.levels_from_answers(answers) == {"reporting": 4, "planning": 3}
    assert assessments.answers_of({"reporting": 4}) == ["reporting:4"]
    for bad in ("reporting", "reporting:x", ":3", "a:" + "9" * 200):
        with pytest.raises(InvalidRequest, match="levels"):
            assessments.levels_from_answers([bad])


def _evidence(**fields: object) -> Evidence:
    values: dict[str, object] = {
        "person_id": 0,
        "title": " Ran the portfolio review ",
        "happened_on": date(2026, 10, 1),
        "competencies": ("reporting", "reporting", "planning"),
        "impact": "Decisions in one meeting.",
    }
    values.update(fields)
    return Evidence(**values)  # type: ignore[arg-type]


def test_evidence_is_logged_by_its_owner_within_limits(store: Store) -> None:
    saved = evidence.log_evidence(store, str(SAM), _evidence(), viewer=sam, actor="t")
    assert saved.title == "Ran the portfolio review"
    assert saved.competencies == ("reporting", "planning")
    assert saved.person_id == SAM and saved.verified_by_id is None
    assert [e.id for e in evidence.evidence_of(store, str(SAM), viewer=boss)] == [saved.id]
    with pytest.raises(PermissionDenied):
        evidence.log_evidence(store, str(SAM), _evidence(), viewer=boss, actor="t")
    with pytest.raises(NotFound):
        evidence.evidence_of(store, str(SAM), viewer=priya)
    bad = [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"impact": "x" * 4001}, "impact"),
        ({"competencies": ("juggling",)}, "competencies"),
        ({"happened_on": date(2027, 1, 1)}, "happened_on"),
    ]
    for fields, field in bad:
        with pytest.raises(InvalidRequest, match=field):
            evidence.log_evidence(store, str(SAM), _evidence(**fields), viewer=sam, actor="t")


def test_a_manager_above_verifies_a_reports_evidence(store: Store) -> None:
    saved = evidence.log_evidence(store, str(SAM), _evidence(), viewer=sam, actor="t")
    assert saved.id is not None
    with pytest.raises(PermissionDenied):
        evidence.verify_evidence(store, saved.id, viewer=sam, actor="t")
    with pytest.raises(NotFound):
        evidence.verify_evidence(store, saved.id, viewer=priya, actor="t")
    with pytest.raises(NotFound):
        evidence.verify_evidence(store, 999, viewer=boss, actor="t")
    with pytest.raises(PermissionDenied):
        evidence.verify_evidence(store, saved.id, viewer=admin, actor="t")
    verified = evidence.verify_evidence(store, saved.id, viewer=boss, actor="boss")
    assert verified.verified_by_id == BOSS
    with store.unit_of_work() as uow:
        stored = uow.plans.evidence_by_id(saved.id)
        entries = [e for e in uow.audit.entries(entity="evidence") if e.action == "evidence.verify"]
    assert stored is not None and stored.verified_by_id == BOSS
    assert [(e.actor, e.after) for e in entries] == [("boss", {"verified_by_id": BOSS})]


def test_the_person_page_says_what_the_viewer_may_do(store: Store) -> None:
    _self(store, {"reporting": 2, "planning": 2}, 1)
    with store.unit_of_work() as uow:
        uow.targets.set(SAM, "analyst", primary=True, at=NOW)
        uow.commit()
    mine = profile.profile_of(store, str(SAM), viewer=sam)
    assert mine.target is not None and mine.target.id == "analyst"
    assert mine.gap is not None and 0 < mine.gap.analysis.readiness < 100
    assert (mine.may_edit_own, mine.may_assess_as_manager) == (True, False)
    managed = profile.profile_of(store, str(SAM), viewer=boss)
    assert (managed.may_edit_own, managed.may_assess_as_manager) == (False, True)
    untargeted = profile.profile_of(store, str(PRIYA), viewer=admin)
    assert untargeted.target is None and untargeted.gap is None
    with pytest.raises(NotFound):
        profile.profile_of(store, str(SAM), viewer=priya)
