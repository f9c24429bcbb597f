"""Calibration on the fakes: flags at two levels apart, append-only decisions that supersede,
the calibrated level as the current one, who may calibrate, and sessions over a group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.calibration import (
    CalibrationDecision,
    GroupKind,
    LevelsCompared,
    PeerLevel,
    aggregate,
    check_reason,
    distribution,
    median_level,
    outliers,
)
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.people import AccountRole, AssessmentSource, Person, RecordedAssessment
from pmopath.domain.permissions import Viewer
from pmopath.services.calibration import decisions, flags, sessions
from pmopath.services.calibration.comparison import compare_levels
from pmopath.services.people import records
from pmopath.services.ports.store import Store
from tests.support.fake_ports import FakePorts, NoInsight
from tests.support.fakes import FakeState, FakeUnitOfWork

FW = default_framework()
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
BOSS, MANAGER, REPORT, PEER, OTHER = 1, 2, 3, 4, 5
MARIA = Viewer(AccountRole.MANAGER, MANAGER)
ADMIN = Viewer(AccountRole.ADMIN, None)
SAM = Viewer(AccountRole.MEMBER, REPORT)
C = "data_analysis"


class Clock:
    """A clock a test moves on by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self) -> None:
        self.now += timedelta(minutes=5)


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    for pid, name, manager, team in (
        (BOSS, "Alex", None, "Leadership"),
        (MANAGER, "Maria", BOSS, "Leadership"),
        (REPORT, "Sam", MANAGER, "Reporting"),
        (PEER, "Priya", MANAGER, "Reporting"),
        (OTHER, "Omar", BOSS, "Reporting"),
    ):
        fake.people[pid] = Person(
            pid, f"{name.lower()}@example.org", name, "pmo_analyst", None, manager, team
        )
    return fake


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(state: FakeState, clock: Clock) -> Store:
    return Store(lambda: FakeUnitOfWork(state, clock.now), FW, 1, clock, FakePorts(), NoInsight())


def _rate(state: FakeState, clock: Clock, person: int, source: AssessmentSource, level: int,
          assessor: int | None = None) -> None:  # fmt: skip
    clock.tick()
    with FakeUnitOfWork(state, clock.now) as uow:
        uow.assessments.add(
            RecordedAssessment(None, person, 1, source, {C: level}, clock.now, assessor)
        )
        uow.readiness.refresh()
        uow.commit()


def test_two_levels_apart_is_a_flag_and_one_is_not() -> None:
    close = LevelsCompared(C, self_level=3, manager_level=2)
    apart = LevelsCompared(C, self_level=4, manager_level=2)
    by_feedback = LevelsCompared(C, manager_level=1, feedback=PeerLevel(3, 4))
    alone = LevelsCompared(C, self_level=5)
    assert (close.spread, close.flagged) == (1, False)
    assert (apart.spread, apart.flagged) == (2, True)
    assert by_feedback.flagged and by_feedback.given() == {"manager": 1, "feedback": 3}
    assert (alone.spread, alone.flagged) == (0, False)


def test_a_decision_after_the_ratings_settles_the_flag_until_a_newer_rating() -> None:
    decided = CalibrationDecision(1, REPORT, C, 3, 2, "agreed", START, "maria@example.org")
    settled = LevelsCompared(C, 4, 2, rated_at=START - timedelta(days=1), calibrated=decided)
    reopened = LevelsCompared(C, 4, 2, rated_at=START + timedelta(days=1), calibrated=decided)
    assert settled.disagree and not settled.flagged
    assert reopened.flagged


def test_medians_distributions_and_outliers() -> None:
    assert median_level([4, 1, 3]) == 3 and median_level([1, 2, 3, 4]) == 2
    assert aggregate([{C: 1}, {C: 3}, {C: 4, "x": 2}]) == {
        C: PeerLevel(3, 3),
        "x": PeerLevel(2, 1),
    }
    assert distribution([0, 2, 2, 5, 7], range(6)) == [1, 0, 2, 0, 0, 1]
    found = outliers({1: {C: 3}, 2: {C: 3}, 3: {C: 1}, 4: {C: 5}, 5: {"x": 0}})
    assert [(o.person_id, o.level, o.median) for o in found] == [(3, 1, 3), (4, 5, 3)]


def test_peers_count_once_each_with_their_latest_rating() -> None:
    t = START
    recorded = [
        RecordedAssessment(1, REPORT, 1, AssessmentSource.PEER, {C: 1}, t, PEER),
        RecordedAssessment(2, REPORT, 1, AssessmentSource.PEER, {C: 4}, t + timedelta(1), PEER),
        RecordedAssessment(3, REPORT, 1, AssessmentSource.PEER, {C: 2}, t, OTHER),
        RecordedAssessment(4, REPORT, 1, AssessmentSource.SELF, {C: 5}, t, None),
    ]
    (row,) = compare_levels(FW.competencies, recorded, {C: 5}, [], {})
    assert row.peer == PeerLevel(2, 2)  # Priya's latest (4) and Omar's 2: the lower middle
    assert (row.self_level, row.current, row.spread) == (5, 5, 3)


def test_a_feedback_median_becomes_a_whole_level_the_lower_at_a_half() -> None:
    from pmopath.services.calibration.feedback_source import from_feedback

    assert [from_feedback(m, 4).level for m in (2.0, 2.5, 2.6, 3.0)] == [2, 2, 3, 3]
    assert from_feedback(4.0, 3) == PeerLevel(4, 3)


def test_reason_is_required_and_limited() -> None:
    assert check_reason("  agreed with evidence  ") == "agreed with evidence"
    with pytest.raises(InvalidRequest, match="^reason: say why"):
        check_reason("   ")
    with pytest.raises(InvalidRequest, match="^reason: at most 500"):
        check_reason("x" * 501)


def test_the_manager_sees_the_flag_and_a_decision_becomes_the_current_level(
    state: FakeState, clock: Clock, store: Store
) -> None:
    _rate(state, clock, REPORT, AssessmentSource.SELF, 4)
    _rate(state, clock, REPORT, AssessmentSource.MANAGER, 1, MANAGER)
    _rate(state, clock, PEER, AssessmentSource.SELF, 2)
    report = flags.team_flags(store, viewer=MARIA)
    assert [(f.person.name, f.row.competency, f.row.given()) for f in report.flags] == [
        ("Sam", C, {"self": 4, "manager": 1})
    ]
    clock.tick()
    made = decisions.record_calibration(
        store, str(REPORT), C, 2, " Two reports reviewed ", viewer=MARIA, actor="maria@x"
    )
    assert (made.previous_level, made.level, made.reason) == (1, 2, "Two reports reviewed")
    with store.unit_of_work() as uow:
        assert uow.assessments.current_levels(REPORT)[C] == 2
        (entry,) = [e for e in uow.audit.entries() if e.action == "calibration.record"]
    assert entry.before == {"competency": C, "level": 1}
    assert entry.after is not None and entry.after["reason"] == "Two reports reviewed"
    after = flags.team_flags(store, viewer=MARIA)
    assert after.flags == () and after.calibrated == 1


def test_decisions_are_append_only_and_the_newest_supersedes(
    state: FakeState, clock: Clock, store: Store
) -> None:
    _rate(state, clock, REPORT, AssessmentSource.SELF, 4)
    for level, why in ((2, "first look"), (3, "after the evidence")):
        clock.tick()
        decisions.record_calibration(store, str(REPORT), C, level, why, viewer=MARIA, actor="m")
    found = decisions.person_calibration(store, str(REPORT), viewer=MARIA)
    assert [(d.level, d.previous_level, d.reason) for d in found.decisions] == [
        (3, 2, "after the evidence"),
        (2, 4, "first look"),
    ]
    assert found.rows[0].calibrated is not None and found.rows[0].calibrated.level == 3
    assert found.rows[0].current == 3
    assert len(state.calibration_decisions) == 2  # the first is kept, not replaced
    own = decisions.person_calibration(store, str(REPORT), viewer=SAM)
    assert not own.may_calibrate and own.rows == () and len(own.decisions) == 2


def test_a_later_self_assessment_wins_as_every_newer_rating_does(
    state: FakeState, clock: Clock, store: Store
) -> None:
    _rate(state, clock, REPORT, AssessmentSource.MANAGER, 1, MANAGER)
    clock.tick()
    decisions.record_calibration(store, str(REPORT), C, 3, "agreed", viewer=MARIA, actor="m")
    assert flags.team_flags(store, viewer=MARIA).flags == ()
    _rate(state, clock, REPORT, AssessmentSource.SELF, 5)
    with store.unit_of_work() as uow:
        assert uow.assessments.current_levels(REPORT)[C] == 5
    (flag,) = flags.team_flags(store, viewer=MARIA).flags  # a newer rating reopens it
    assert flag.row.given() == {"self": 5, "manager": 1}
    assert flag.row.calibrated is not None and flag.row.calibrated.level == 3


def test_who_may_calibrate(state: FakeState, store: Store) -> None:
    with pytest.raises(PermissionDenied):
        decisions.record_calibration(store, str(REPORT), C, 2, "mine", viewer=SAM, actor="s")
    with pytest.raises(NotFound):  # Omar is not in Maria's tree
        decisions.record_calibration(store, str(OTHER), C, 2, "why", viewer=MARIA, actor="m")
    with pytest.raises(PermissionDenied):
        decisions.record_calibration(store, str(MANAGER), C, 2, "me", viewer=MARIA, actor="m")
    with pytest.raises(PermissionDenied):
        flags.team_flags(store, viewer=SAM)
    decided = decisions.record_calibration(store, str(OTHER), C, 2, "why", viewer=ADMIN, actor="a")
    assert decided.decided_by_id is None


def test_bad_input_is_refused_at_its_field_and_nothing_is_written(
    state: FakeState, store: Store
) -> None:
    for competency, level, reason, field in (
        ("no_such", 2, "why", "competency"),
        (C, 9, "why", "level"),
        (C, 2, "", "reason"),
    ):
        with pytest.raises(InvalidRequest, match=f"^{field}: "):
            decisions.record_calibration(
                store, str(REPORT), competency, level, reason, viewer=MARIA, actor="m"
            )
    assert state.calibration_decisions == [] and state.assessments == []


def test_the_calibrated_source_is_only_recorded_through_calibration(store: Store) -> None:
    from pmopath.domain.assessment import Assessment

    with pytest.raises(InvalidRequest, match="^source: "):
        records.record_assessment(
            store, str(REPORT), Assessment({C: 2}), AssessmentSource.CALIBRATED, actor="x"
        )


def test_a_session_over_a_team_links_its_decisions_until_it_closes(
    state: FakeState, clock: Clock, store: Store
) -> None:
    for person, level in ((REPORT, 4), (PEER, 1), (OTHER, 1)):
        _rate(state, clock, person, AssessmentSource.SELF, level)
    _rate(state, clock, REPORT, AssessmentSource.MANAGER, 1, MANAGER)
    with pytest.raises(PermissionDenied):
        sessions.open_session(store, "Q1", GroupKind.TEAM, "Reporting", viewer=MARIA, actor="m")
    with pytest.raises(InvalidRequest, match="^group: nobody"):
        sessions.open_session(store, "Q1", GroupKind.TEAM, "Nobody", viewer=ADMIN, actor="a")
    opened = sessions.open_session(
        store, " Q1 review ", GroupKind.TEAM, "Reporting", viewer=ADMIN, actor="a"
    )
    assert opened.id is not None and opened.name == "Q1 review" and opened.is_open
    report = sessions.session_report(store, opened.id, viewer=ADMIN)
    assert [p.name for p in report.group.people] == ["Omar", "Priya", "Sam"]
    (spread,) = report.spreads
    assert spread.counts == (0, 3, 0, 0, 0, 0) and spread.unrated == 0  # Sam: the manager's 1
    assert [(f.person.name, f.row.spread) for f in report.flags] == [("Sam", 3)]
    with pytest.raises(InvalidRequest, match="^session: Maria is not"):
        decisions.record_calibration(
            store, str(MANAGER), C, 2, "why", viewer=ADMIN, actor="a", session_id=opened.id
        )
    clock.tick()
    decisions.record_calibration(
        store, str(REPORT), C, 2, "met halfway", viewer=MARIA, actor="m", session_id=opened.id
    )
    report = sessions.session_report(store, opened.id, viewer=ADMIN)
    assert [(d.person_id, d.previous_level, d.level) for d in report.decisions] == [(REPORT, 1, 2)]
    assert report.flags == () and report.names[MANAGER] == "Maria"
    closed = sessions.close_session(store, opened.id, viewer=ADMIN, actor="a")
    assert not closed.is_open
    with pytest.raises(Conflict):
        sessions.close_session(store, opened.id, viewer=ADMIN, actor="a")
    with pytest.raises(InvalidRequest, match="^session: the session is closed"):
        decisions.record_calibration(
            store, str(REPORT), C, 3, "late", viewer=ADMIN, actor="a", session_id=opened.id
        )


def test_a_manager_narrows_a_group_to_their_tree(state: FakeState, store: Store) -> None:
    report = flags.team_flags(store, viewer=MARIA, kind=GroupKind.TEAM, reference="Reporting")
    assert [p.name for p in report.group.people] == ["Priya", "Sam"]  # not Omar
    role = flags.team_flags(store, viewer=ADMIN, kind=GroupKind.ROLE, reference="pmo_analyst")
    assert len(role.group.people) == 5
    with pytest.raises(InvalidRequest, match="^group: there is no role"):
        flags.team_flags(store, viewer=ADMIN, kind=GroupKind.ROLE, reference="nope")
    with pytest.raises(InvalidRequest, match="^kind: "):
        flags.team_flags(store, viewer=ADMIN)
