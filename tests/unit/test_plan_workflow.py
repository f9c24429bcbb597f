"""Who may do what to a plan, on the fakes: write, submit, agree, ask for changes, check in."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import PlanItem, PlanStatus
from pmopath.services.people.records import set_target
from pmopath.services.plans import records as plans
from pmopath.services.plans import workflow as plan_workflow
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ALEX, MARIA, SAM, PRIYA = 1, 2, 3, 4
SAM_V = Viewer(AccountRole.MEMBER, SAM)
PRIYA_V = Viewer(AccountRole.MEMBER, PRIYA)
MARIA_V = Viewer(AccountRole.MANAGER, MARIA)
ALEX_V = Viewer(AccountRole.MANAGER, ALEX)
ADMIN_V = Viewer(AccountRole.ADMIN, None)


@pytest.fixture
def store() -> Store:
    state = FakeState()
    for pid, key, manager in ((ALEX, "alex", None), (MARIA, "maria", ALEX), (SAM, "sam", MARIA)):
        state.people[pid] = Person(pid, f"{key}@example.org", key.title(), manager_id=manager)
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", manager_id=MARIA)
    fake = fake_store(state, default_framework(), NOW)
    set_target(fake, "sam@example.org", "pmo_analyst", actor="test")
    return fake


def _sams_draft(store: Store) -> int:
    plan = plan_workflow.start_my_plan(store, SAM_V, actor="sam", from_gaps=True)
    assert plan.id is not None and plan.status is PlanStatus.DRAFT and plan.items
    return plan.id


def test_generated_draft_is_submitted_and_agreed_by_a_manager(store: Store) -> None:
    plan_id = _sams_draft(store)
    plans.update_plan(store, plan_id, 1, status=PlanStatus.SUBMITTED, actor="sam", viewer=SAM_V)
    assert [e.plan.id for e in plan_workflow.inbox(store, MARIA_V)] == [plan_id]
    assert [e.plan.id for e in plan_workflow.inbox(store, ALEX_V)] == [plan_id]  # indirectly
    agreed = plans.update_plan(
        store, plan_id, 2, status=PlanStatus.AGREED, actor="maria", viewer=MARIA_V
    )
    assert agreed.agreed_by_id == MARIA and agreed.agreed_at == NOW
    detail = plan_workflow.plan_detail(store, SAM_V, plan_id)
    assert detail.agreed_by is not None and detail.agreed_by.name == "Maria"
    assert [(e.from_status, e.to_status) for e in detail.history] == [
        (None, PlanStatus.DRAFT),
        (PlanStatus.DRAFT, PlanStatus.SUBMITTED),
        (PlanStatus.SUBMITTED, PlanStatus.AGREED),
    ]
    assert plan_workflow.inbox(store, MARIA_V) == []


def test_the_owner_cannot_agree_and_a_peer_cannot_see(store: Store) -> None:
    plan_id = _sams_draft(store)
    plans.update_plan(store, plan_id, 1, status=PlanStatus.SUBMITTED, actor="sam", viewer=SAM_V)
    with pytest.raises(PermissionDenied, match="your own plan"):
        plans.update_plan(store, plan_id, 2, status=PlanStatus.AGREED, actor="s", viewer=SAM_V)
    with pytest.raises(NotFound):
        plans.update_plan(store, plan_id, 2, status=PlanStatus.AGREED, actor="p", viewer=PRIYA_V)
    with pytest.raises(NotFound):
        plan_workflow.plan_detail(store, PRIYA_V, plan_id)
    with pytest.raises(PermissionDenied):
        plan_workflow.inbox(store, PRIYA_V)
    with pytest.raises(PermissionDenied, match="owner"):
        plans.update_plan(store, plan_id, 2, status=PlanStatus.DRAFT, actor="m", viewer=MARIA_V)


def test_changes_need_a_comment_and_reopen_the_draft(store: Store) -> None:
    plan_id = _sams_draft(store)
    plans.update_plan(store, plan_id, 1, status=PlanStatus.SUBMITTED, actor="sam", viewer=SAM_V)
    asked = PlanStatus.CHANGES_REQUESTED
    with pytest.raises(InvalidRequest, match="comment"):
        plans.update_plan(store, plan_id, 2, status=asked, comment=" ", actor="m", viewer=MARIA_V)
    plans.update_plan(
        store, plan_id, 2, status=asked, comment="Add a mentor", actor="m", viewer=MARIA_V
    )
    item = PlanItem(None, None, "Find a mentor")
    edited = plan_workflow.add_item(store, SAM_V, plan_id, 3, item, actor="sam")
    assert edited.items[-1].free_text == "Find a mentor"
    history = plan_workflow.plan_history(store, SAM_V, plan_id)
    assert history[-1].comment == "Add a mentor"


def test_a_stale_revision_is_refused_before_anything_else(store: Store) -> None:
    plan_id = _sams_draft(store)
    plan_workflow.remove_item(store, SAM_V, plan_id, 1, 1, actor="sam")
    with pytest.raises(Conflict, match="changed by someone else"):
        plan_workflow.remove_item(store, SAM_V, plan_id, 1, 1, actor="sam")


def test_a_submitted_plan_is_not_edited(store: Store) -> None:
    plan_id = _sams_draft(store)
    plans.update_plan(store, plan_id, 1, status=PlanStatus.SUBMITTED, actor="sam", viewer=SAM_V)
    with pytest.raises(InvalidRequest, match="cannot be edited"):
        plan_workflow.remove_item(store, SAM_V, plan_id, 2, 1, actor="sam")
    with pytest.raises(NotFound):
        plan_workflow.change_item(store, SAM_V, plan_id, 2, 99, PlanItem("planning"), actor="s")


def test_one_open_plan_at_a_time_and_only_for_oneself(store: Store) -> None:
    _sams_draft(store)
    with pytest.raises(InvalidRequest, match="already have an open plan"):
        plan_workflow.start_my_plan(store, SAM_V, actor="sam")
    with pytest.raises(InvalidRequest, match="target"):
        plan_workflow.start_my_plan(store, PRIYA_V, actor="priya")
    with pytest.raises(PermissionDenied):
        plans.create_plan(store, "sam@example.org", "pmo_analyst", [], actor="m", viewer=MARIA_V)


def test_checkins_by_the_owner_or_a_manager_with_known_items(store: Store) -> None:
    plan_id = _sams_draft(store)
    done = plans.record_checkin(
        store, plan_id, date(2027, 1, 1), "fine", {"1": 50}, actor="m", viewer=MARIA_V
    )
    assert done.progress == {"1": 50}
    with pytest.raises(InvalidRequest, match="no item 99"):
        plans.record_checkin(
            store, plan_id, date(2027, 1, 1), "", {"99": 5}, actor="s", viewer=SAM_V
        )
    with pytest.raises(NotFound):
        plans.record_checkin(store, plan_id, date(2027, 1, 1), "", {}, actor="p", viewer=PRIYA_V)
    trend = plan_workflow.readiness_trend(plan_workflow.plan_detail(store, SAM_V, plan_id).checkins)
    assert trend == [(date(2027, 1, 1), done.readiness)]
