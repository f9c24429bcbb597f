"""Plan versions, notifications and reviews on the fakes: domain rules and service use cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.accounts import Account
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound
from pmopath.domain.notifications import NoticeKind
from pmopath.domain.people import AccountRole, AssessmentSource, Person
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_versions import PlanSnapshot, compare_versions
from pmopath.domain.plans import ItemStatus, PlanItem, PlanStatus
from pmopath.domain.reviews import (
    Cadence,
    ReviewState,
    add_months,
    after_one_period,
    parse_cadence,
    review_due,
)
from pmopath.services.plans import notifications
from pmopath.services.plans import records as plans
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import versions as plan_versions
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
ALEX, MARIA, SAM, PRIYA = 1, 2, 3, 4
SAM_V = Viewer(AccountRole.MEMBER, SAM)
PRIYA_V = Viewer(AccountRole.MEMBER, PRIYA)
MARIA_V = Viewer(AccountRole.MANAGER, MARIA)
ALEX_V = Viewer(AccountRole.MANAGER, ALEX)
ITEMS = [
    PlanItem("data_analysis", None, "Build a dashboard", 3),
    PlanItem(None, None, "Read a book"),
]


@pytest.fixture
def state() -> FakeState:
    state = FakeState()
    people = (
        (ALEX, "alex", None, AccountRole.MANAGER),
        (MARIA, "maria", ALEX, AccountRole.MANAGER),
        (SAM, "sam", MARIA, AccountRole.MEMBER),
        (PRIYA, "priya", MARIA, AccountRole.MEMBER),
    )
    for pid, key, manager, role in people:
        email = f"{key}@example.org"
        state.people[pid] = Person(pid, email, key.title(), manager_id=manager)
        state.accounts[pid] = (Account(pid, email, role, pid, NOW), "hash")
    return state


@pytest.fixture
def store(state: FakeState) -> Store:
    return fake_store(state, default_framework(), NOW)


def _agreed_plan(store: Store) -> int:
    plan = plans.create_plan(store, str(SAM), "pmo_analyst", ITEMS, actor="sam", viewer=SAM_V)
    assert plan.id is not None
    plans.update_plan(store, plan.id, 1, status=PlanStatus.SUBMITTED, actor="s", viewer=SAM_V)
    plans.update_plan(store, plan.id, 2, status=PlanStatus.AGREED, actor="m", viewer=MARIA_V)
    return plan.id


# --- domain ---------------------------------------------------------------------------------


def test_cadences_add_months_clamped_and_six_weeks() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert after_one_period(date(2026, 1, 1), Cadence.SIX_WEEKLY) == date(2026, 2, 12)
    assert after_one_period(date(2026, 1, 15), Cadence.HALF_YEARLY) == date(2026, 7, 15)
    assert parse_cadence(" Monthly ") is Cadence.MONTHLY
    with pytest.raises(InvalidRequest, match="cadence: choose one of"):
        parse_cadence("weekly")


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 4, 30), ReviewState.UPCOMING),
        (date(2026, 5, 1), ReviewState.DUE),
        (date(2026, 5, 2), ReviewState.OVERDUE),
    ],
)
def test_review_due_counts_from_the_last_checkin(today: date, state: ReviewState) -> None:
    review = review_due(Cadence.QUARTERLY, date(2026, 2, 1), date(2026, 1, 1), today)
    assert review.due_on == date(2026, 5, 1) and review.state is state


def test_review_due_falls_back_to_agreement_and_needs_one_of_them() -> None:
    assert review_due(Cadence.MONTHLY, None, date(2026, 1, 10), TODAY).due_on == date(2026, 2, 10)
    assert review_due(Cadence.MONTHLY, None, None, TODAY).state is ReviewState.NOT_STARTED


def test_compare_reports_added_removed_and_changed_fields() -> None:
    old = PlanSnapshot(1, 1, SAM, "r", PlanStatus.AGREED, tuple(ITEMS))
    moved = PlanItem("data_analysis", None, "Build a dashboard", 4, status=ItemStatus.IN_PROGRESS)
    new = PlanSnapshot(1, 2, SAM, "r", PlanStatus.DRAFT, (moved, PlanItem(None, None, "Mentor")))
    diff = compare_versions(old, new)
    assert [i.free_text for i in diff.added] == ["Mentor"]
    assert [i.free_text for i in diff.removed] == ["Read a book"]
    (change,) = diff.changed
    assert [(c.field, c.before, c.after) for c in change.changes] == [
        ("target_level", 3, 4),
        ("status", ItemStatus.PLANNED, ItemStatus.IN_PROGRESS),
    ]
    assert compare_versions(old, old).same


# --- versions -------------------------------------------------------------------------------


def test_reopening_an_agreed_plan_keeps_the_agreed_version_frozen(store: Store) -> None:
    plan_id = _agreed_plan(store)
    plans.update_plan(store, plan_id, 3, status=PlanStatus.DRAFT, actor="s", viewer=SAM_V)
    items = [ITEMS[0], PlanItem(None, None, "Shadow a PMO lead")]
    plans.update_plan(store, plan_id, 4, items=items, actor="s", viewer=SAM_V)
    versions = plan_versions.plan_versions(store, SAM_V, plan_id)
    assert [(v.snapshot.version, v.snapshot.status, v.current) for v in versions] == [
        (1, PlanStatus.AGREED, False),
        (2, PlanStatus.DRAFT, True),
    ]
    first = versions[0]
    assert (first.snapshot.owner_name, first.snapshot.agreed_by_name) == ("Sam", "Maria")
    assert first.snapshot.agreed_at == NOW and len(first.snapshot.items) == 2
    diff = plan_versions.compare_plan_versions(store, MARIA_V, plan_id, 1, 2)
    assert [i.free_text for i in diff.added] == ["Shadow a PMO lead"]
    assert [i.free_text for i in diff.removed] == ["Read a book"]


def test_compare_refuses_unknown_versions_and_strangers(store: Store) -> None:
    plan_id = _agreed_plan(store)
    with pytest.raises(NotFound):
        plan_versions.compare_plan_versions(store, SAM_V, plan_id, 1, 5)
    with pytest.raises(NotFound):
        plan_versions.plan_versions(store, PRIYA_V, plan_id)


# --- notifications --------------------------------------------------------------------------


def _kinds(store: Store, viewer: Viewer) -> list[NoticeKind]:
    return [n.kind for n in notifications.my_notifications(store, viewer).notifications]


def test_each_step_notifies_the_right_people_only(store: Store) -> None:
    plan_id = _agreed_plan(store)
    assert _kinds(store, MARIA_V) == [NoticeKind.PLAN_SUBMITTED]
    assert _kinds(store, ALEX_V) == [NoticeKind.PLAN_SUBMITTED]  # above Maria: may agree too
    assert _kinds(store, SAM_V) == [NoticeKind.PLAN_AGREED]
    assert _kinds(store, PRIYA_V) == []
    plans.record_checkin(store, plan_id, TODAY, "", {}, actor="m", viewer=MARIA_V)
    plans.record_checkin(store, plan_id, TODAY, "", {}, actor="s", viewer=SAM_V)  # own: silent
    assert _kinds(store, SAM_V) == [NoticeKind.CHECKIN_RECORDED, NoticeKind.PLAN_AGREED]
    assert "Maria" in notifications.my_notifications(store, SAM_V).notifications[0].message


def test_changes_requested_tells_the_owner_with_the_comment(store: Store) -> None:
    plan = plans.create_plan(store, str(SAM), "pmo_analyst", ITEMS, actor="s", viewer=SAM_V)
    assert plan.id is not None
    plans.update_plan(store, plan.id, 1, status=PlanStatus.SUBMITTED, actor="s", viewer=SAM_V)
    plans.update_plan(
        store,
        plan.id,
        2,
        status=PlanStatus.CHANGES_REQUESTED,
        comment="Add a mentor",
        actor="m",
        viewer=MARIA_V,
    )
    (notice, *_) = notifications.my_notifications(store, SAM_V).notifications
    assert notice.kind is NoticeKind.CHANGES_REQUESTED and "Add a mentor" in notice.message


def test_marking_read_counts_down_and_strangers_get_not_found(store: Store) -> None:
    _agreed_plan(store)
    inbox = notifications.my_notifications(store, MARIA_V)
    assert inbox.unread == 1 == notifications.unread_count(store.unit_of_work, MARIA_V)
    notice_id = inbox.notifications[0].id
    assert notice_id is not None
    with pytest.raises(NotFound):
        notifications.mark_read(store, SAM_V, notice_id)
    assert notifications.mark_read(store, MARIA_V, notice_id).read_at == NOW
    assert notifications.unread_count(store.unit_of_work, MARIA_V) == 0
    assert notifications.mark_all_read(store, SAM_V) == 1


# --- reviews --------------------------------------------------------------------------------


def test_overdue_review_shows_to_managers_and_notifies_once(store: Store) -> None:
    plan_id = _agreed_plan(store)
    plans.record_checkin(store, plan_id, date(2026, 11, 25), "", {}, actor="s", viewer=SAM_V)
    later = date(2027, 3, 1)
    assert not plan_reviews.plan_review(store, SAM_V, plan_id, TODAY).overdue
    review = plan_reviews.plan_review(store, SAM_V, plan_id, later)
    assert review.overdue and review.due_on == date(2027, 2, 25)
    assert [o.person.id for o in plan_reviews.overdue_reviews(store, MARIA_V, later)] == [SAM]
    assert [o.person.id for o in plan_reviews.overdue_reviews(store, ALEX_V, later)] == [SAM]
    direct = plan_reviews.overdue_reviews(store, ALEX_V, later, direct_only=True)
    assert direct == []  # Sam reports to Maria, not directly to Alex
    assert plan_reviews.overdue_reviews(store, PRIYA_V, later) == []
    admin = Viewer(AccountRole.ADMIN, None)  # everyone: plans read by status
    assert [o.person.id for o in plan_reviews.overdue_reviews(store, admin, later)] == [SAM]
    with pytest.raises(NotFound):
        plan_reviews.overdue_reviews(store, PRIYA_V, later, manager_id=MARIA)
    assert plan_reviews.notify_overdue_reviews(store, MARIA_V, later) == 2  # Sam and Maria
    assert plan_reviews.notify_overdue_reviews(store, SAM_V, later) == 0  # already told
    assert NoticeKind.REVIEW_OVERDUE in _kinds(store, SAM_V)
    assert NoticeKind.REVIEW_OVERDUE not in _kinds(store, PRIYA_V)
    assert NoticeKind.REVIEW_OVERDUE not in _kinds(store, ALEX_V)


def test_a_checkin_takes_a_plan_off_the_overdue_list(store: Store) -> None:
    plan_id = _agreed_plan(store)  # agreed on 2026-11-22: its review due on 2027-02-22
    later = date(2027, 3, 1)
    listed = plan_reviews.overdue_reviews(store, MARIA_V, later)
    assert [(o.plan.id, o.review.due_on) for o in listed] == [(plan_id, date(2027, 2, 22))]
    plans.record_checkin(store, plan_id, date(2027, 2, 20), "", {}, actor="s", viewer=SAM_V)
    assert plan_reviews.overdue_reviews(store, MARIA_V, later) == []  # due 2027-05-20 now
    assert plan_reviews.overdue_reviews(store, MARIA_V, date(2027, 5, 21))[0].review.due_on == (
        date(2027, 5, 20)
    )


def test_cadence_is_set_by_owner_or_manager_and_moves_the_due_date(store: Store) -> None:
    plan_id = _agreed_plan(store)
    assert plan_reviews.plan_review(store, SAM_V, plan_id, TODAY).due_on == date(2027, 2, 22)
    plan_reviews.set_cadence(store, MARIA_V, plan_id, 3, Cadence.MONTHLY, actor="m")
    assert plan_reviews.plan_review(store, SAM_V, plan_id, TODAY).due_on == date(2026, 12, 22)
    with pytest.raises(NotFound):
        plan_reviews.set_cadence(store, PRIYA_V, plan_id, 4, Cadence.MONTHLY, actor="p")


def test_cadence_on_a_stale_revision_is_a_conflict(store: Store) -> None:
    plan_id = _agreed_plan(store)
    with pytest.raises(Conflict):
        plan_reviews.set_cadence(store, SAM_V, plan_id, 1, Cadence.MONTHLY, actor="s")


def test_checkin_with_levels_records_the_right_assessment(store: Store, state: FakeState) -> None:
    plan_id = _agreed_plan(store)
    plans.record_checkin(
        store, plan_id, TODAY, "", {"1": 50}, levels={"data_analysis": 4}, actor="m", viewer=MARIA_V
    )
    plans.record_checkin(
        store, plan_id, TODAY, "", {}, levels={"stakeholder_engagement": 2}, actor="s", viewer=SAM_V
    )
    sources = [(a.source, dict(a.levels)) for a in state.assessments if a.person_id == SAM]
    assert sources[-2:] == [
        (AssessmentSource.MANAGER, {"data_analysis": 4}),
        (AssessmentSource.SELF, {"stakeholder_engagement": 2}),
    ]
    checkins = state.checkins
    assert checkins[0].levels.get("data_analysis") == 4
    with pytest.raises(InvalidRequest):
        plans.record_checkin(
            store, plan_id, TODAY, "", {}, levels={"nope": 2}, actor="s", viewer=SAM_V
        )


def test_names_stay_as_they_were_when_the_version_was_agreed(
    store: Store, state: FakeState
) -> None:
    plan_id = _agreed_plan(store)
    plans.update_plan(store, plan_id, 3, status=PlanStatus.DRAFT, actor="s", viewer=SAM_V)
    state.people[MARIA] = replace(state.people[MARIA], name="Maria Renamed")
    state.people[SAM] = replace(state.people[SAM], name="Sam Renamed")
    first, second = plan_versions.plan_versions(store, ALEX_V, plan_id)
    assert (first.snapshot.owner_name, first.snapshot.agreed_by_name) == ("Sam", "Maria")
    assert (second.snapshot.owner_name, second.snapshot.agreed_by_name) == ("Sam", "")


def test_the_readiness_trend_keeps_one_reading_a_day_for_the_latest_days() -> None:
    from pmopath.domain.plans import TREND_DAYS, CheckIn, readiness_by_day

    def checkin(day: int, readiness: float, id_: int | None) -> CheckIn:
        return CheckIn(1, date(2027, 1, 1).replace(day=day), "", {}, {}, readiness, id_)

    stored = [checkin(5, 0.5, 7), checkin(5, 0.4, 3), checkin(2, 0.2, 1), checkin(9, 0.9, 8)]
    assert readiness_by_day(stored) == [
        (date(2027, 1, 2), 0.2),
        (date(2027, 1, 5), 0.5),  # id 7 was recorded after id 3, whatever the list's order
        (date(2027, 1, 9), 0.9),
    ]
    assert readiness_by_day(stored, 1) == [(date(2027, 1, 9), 0.9)]
    assert readiness_by_day(stored, 0) == [] and readiness_by_day([]) == []
    unsaved = [checkin(4, 0.1, None), checkin(4, 0.6, None)]  # not stored: the last given
    assert readiness_by_day(unsaved) == [(date(2027, 1, 4), 0.6)]
    many = [
        CheckIn(1, date(2027, 1, 1) + timedelta(days=d), "", {}, {}, d / 100, d)
        for d in range(TREND_DAYS + 5)
    ]
    kept = readiness_by_day(many)
    assert len(kept) == TREND_DAYS and kept[0][0] == date(2027, 1, 6)
