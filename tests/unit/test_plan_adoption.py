"""The optimiser for the signed-in person, on the fakes: suggest, adopt, credentials, eligibility."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.framework import Education
from pmopath.domain.people import AccountRole, Person, RoleSpell
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_schedule import PlanInfeasible
from pmopath.domain.plans import PlanStatus
from pmopath.domain.role_history import StoredSpell
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people.records import set_target
from pmopath.services.plans import adoption as plan_adoption
from pmopath.services.plans import records as plans
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
MARIA, SAM, PRIYA = 2, 3, 4
SAM_V = Viewer(AccountRole.MEMBER, SAM)
MARIA_V = Viewer(AccountRole.MANAGER, MARIA)
PRIYA_V = Viewer(AccountRole.MEMBER, PRIYA)
ASK = plan_adoption.SuggestInput()


@pytest.fixture
def store() -> Store:
    state = FakeState()
    state.people[MARIA] = Person(MARIA, "maria@example.org", "Maria")
    state.people[SAM] = Person(
        SAM, "sam@example.org", "Sam", "project_manager", date(2022, 1, 1), manager_id=MARIA
    )
    state.history[SAM] = [StoredSpell(1, RoleSpell("project_manager", date(2022, 1, 1)))]
    state.spell_ids = 1
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", manager_id=MARIA)
    fake = fake_store(state, default_framework(), NOW)
    set_target(fake, "sam@example.org", "pmo_manager", actor="test")
    return fake


def test_a_suggestion_is_adopted_as_a_draft_then_replaced_at_its_revision(store: Store) -> None:
    found = plan_adoption.suggest_for_me(store, SAM_V, ASK)
    assert found.plan.items
    plan = plan_adoption.use_suggestion(store, SAM_V, ASK, revision=None, actor="sam")
    assert plan.status is PlanStatus.DRAFT and plan.target_role == "pmo_manager"
    assert [i.action_id for i in plan.items] == [i.action.id for i in found.plan.items]
    with pytest.raises(InvalidRequest, match="revision"):
        plan_adoption.use_suggestion(store, SAM_V, ASK, revision=None, actor="sam")
    with pytest.raises(Conflict):
        plan_adoption.use_suggestion(store, SAM_V, ASK, revision=plan.revision + 5, actor="sam")
    fewer = plan_adoption.SuggestInput(hours_per_month=8, budget=0, balance=False)
    again = plan_adoption.use_suggestion(store, SAM_V, fewer, revision=plan.revision, actor="sam")
    assert again.revision == plan.revision + 1
    assert all(store.framework.actions_by_id[i.action_id or ""].cost == 0 for i in again.items)
    plans.update_plan(store, again.id or 0, again.revision, status=PlanStatus.SUBMITTED, actor="s")
    with pytest.raises(InvalidRequest, match="reopen"):
        plan_adoption.use_suggestion(store, SAM_V, ASK, revision=again.revision + 1, actor="s")


def test_planned_items_carry_dates_level_and_objectives(store: Store) -> None:
    found = plan_adoption.suggest_for_me(store, SAM_V, ASK)
    for planned in found.plan.items:
        item = plan_adoption.plan_item(planned)
        assert item.start_on == planned.start
        assert item.due_on is not None and item.due_on.month == planned.end.month
        assert (item.due_on.replace(day=1) - planned.end).days == 0
        assert item.free_text and item.action_id == planned.action.id


def test_no_person_no_target_and_infeasible_requests_say_so(store: Store) -> None:
    with pytest.raises(InvalidRequest, match="no person"):
        plan_adoption.suggest_for_me(store, Viewer(AccountRole.ADMIN, None), ASK)
    with pytest.raises(InvalidRequest, match="target"):
        plan_adoption.suggest_for_me(store, PRIYA_V, ASK)
    pinned = plan_adoption.SuggestInput(budget=0, pins=("pfmp",))
    with pytest.raises(PlanInfeasible):
        plan_adoption.suggest_for_me(store, SAM_V, pinned)


def test_credentials_are_checked_kept_and_used_for_eligibility(store: Store) -> None:
    with pytest.raises(InvalidRequest, match="certifications: unknown"):
        person_credentials.set_credentials(store, "3", ["mba"], None, actor="sam", viewer=SAM_V)
    with pytest.raises(InvalidRequest, match="education"):
        person_credentials.set_credentials(store, "3", [], "phd", actor="sam", viewer=SAM_V)
    with pytest.raises(PermissionDenied):
        person_credentials.set_credentials(store, "3", [], None, actor="m", viewer=MARIA_V)
    with pytest.raises(NotFound):
        person_credentials.set_credentials(store, "3", [], None, actor="p", viewer=PRIYA_V)
    saved = person_credentials.set_credentials(
        store, "3", ["pmp", "capm"], "degree", actor="sam", viewer=SAM_V
    )
    assert saved.certifications == ("capm", "pmp") and saved.education is Education.DEGREE
    assert person_credentials.credentials_of(store, "3", viewer=MARIA_V) == saved
    panel = person_credentials.credentials_panel(store, MARIA_V, "3", NOW.date())
    assert not panel.may_edit
    assert {e.action.id for e in panel.eligibility if e.held} == {"capm", "pmp"}
    role = person_credentials.role_eligibility(store, SAM_V, "pmo_manager", NOW.date())
    assert role is not None
    assert next(e for e in role.entries if e.action.id == "pmp").held
    found = plan_adoption.suggest_for_me(store, SAM_V, ASK)
    assert "pmp" not in {i.action.id for i in found.plan.items}
