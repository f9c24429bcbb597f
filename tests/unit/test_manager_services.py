"""The manager's read models on the fakes: the organisation tree, the nearest candidates, a
plan's review context, and self/manager/peer levels side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.people import AccountRole, AssessmentSource, Person, RecordedAssessment
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import ItemStatus, Plan, PlanItem, PlanStatus
from pmopath.services.insight import team_tree
from pmopath.services.plans.review_context import context_for, plan_costs
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState
from tests.unit.test_team_and_admin_services import (
    BOSS,
    DEEP,
    MANAGER,
    NOW,
    OTHER,
    REPORT,
    FakeInsight,
)

FW = default_framework()


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    for pid, name, manager in (
        (BOSS, "Alex", None),
        (MANAGER, "Maria", BOSS),
        (REPORT, "Sam", MANAGER),
        (DEEP, "Dee", REPORT),
        (OTHER, "Omar", BOSS),
    ):
        fake.people[pid] = Person(
            pid, f"{name.lower()}@example.org", name, "pmo_administrator", None, manager
        )
    return fake


def test_the_tree_holds_direct_and_indirect_reports(state: FakeState) -> None:
    store = fake_store(state, FW, NOW, insight=FakeInsight(state, {}))
    (maria, omar) = team_tree.reports_tree(store, BOSS)
    assert (maria.person.name, omar.person.name) == ("Maria", "Omar")
    assert [n.person.name for n in maria.reports] == ["Sam"]
    sam = maria.reports[0]
    assert sam.reports == () and (sam.direct, sam.size) == (1, 1)  # below the depth: counted
    assert (maria.direct, maria.size) == (1, 2) and (omar.direct, omar.size) == (0, 0)
    (maria, _) = team_tree.reports_tree(store, BOSS, depth=3)
    assert [n.person.name for n in maria.reports[0].reports] == ["Dee"]
    (top,) = team_tree.organisation(store)
    assert top.person.name == "Alex" and (top.direct, top.size) == (2, 4)
    assert [n.person.name for n in top.reports] == ["Maria", "Omar"]
    assert [n.person.name for n in top.reports[0].reports] == []  # one link away
    assert [p.name for p in team_tree.managers(store)] == ["Alex", "Maria", "Sam"]


def test_the_nearest_candidates_are_the_viewers_people_with_their_bands(
    state: FakeState,
) -> None:
    store = fake_store(state, FW, NOW, insight=FakeInsight(state, {}))
    role = FW.roles_by_id["pmo_manager"]
    maria = team_tree.nearest_candidates(store, Viewer(AccountRole.MANAGER, MANAGER), role)
    assert [c.name for c in maria] == ["Sam", "Dee"]  # her people, most ready first
    assert all(c.report.band.label for c in maria)
    admin = team_tree.nearest_candidates(store, Viewer(AccountRole.ADMIN, None), role, limit=3)
    assert len(admin) == 3


def _plan(items: tuple[PlanItem, ...]) -> Plan:
    return Plan(1, REPORT, "pmo_analyst", 1, PlanStatus.SUBMITTED, items)


def test_plan_costs_add_effort_and_each_fee_once_over_the_dated_span() -> None:
    start = date(2027, 1, 1)
    items = (
        PlanItem(None, "pm_education_23h", start_on=start, due_on=start + timedelta(days=91)),
        PlanItem(None, "pm_education_23h", effort_hours=5.0),  # the same course: paid once
        PlanItem("data_analysis", None, "Shadow a report", 3, effort_hours=10.0),
        PlanItem(None, "pm_education_35h", status=ItemStatus.DROPPED),  # left out
    )
    costs = plan_costs(FW, items)
    assert costs.hours == 23.0 + 5.0 + 10.0
    assert costs.cost == 300.0 and costs.currency == FW.currency
    assert costs.months is not None and 2.9 < costs.months < 3.1
    assert plan_costs(FW, (PlanItem("data_analysis"),)).months is None


def test_the_review_context_shows_the_gap_and_the_readiness_the_plan_brings() -> None:
    items = (PlanItem(None, "pm_education_35h"), PlanItem("data_analysis", target_level=3))
    context = context_for(FW, _plan(items), {"planning_scheduling": 1})
    assert context.gap is not None and context.gap.analysis.role.id == "pmo_analyst"
    assert context.readiness_now == context.gap.analysis.readiness
    assert context.readiness_after is not None and context.gain > 0
    empty = context_for(FW, _plan(()), {})
    assert empty.gain == 0 and empty.costs.hours == 0


def _assessed(
    source: AssessmentSource, day: int, levels: dict[str, int], aid: int
) -> RecordedAssessment:
    at = datetime(2026, 11, day, tzinfo=UTC)
    return RecordedAssessment(aid, REPORT, 1, source, levels, at)


def test_a_submission_is_keyed_by_what_was_submitted_not_by_the_save() -> None:
    from dataclasses import replace

    from pmopath.services.plans.notifications import move_key

    first = replace(_plan((PlanItem("data_analysis"),)), revision=2)
    again = replace(first, revision=4)  # withdrawn and submitted again unchanged
    changed = replace(again, items=(PlanItem("data_analysis", target_level=3),))
    assert move_key(first) == move_key(again) != move_key(changed)
    assert move_key(replace(first, version=2)) != move_key(first)
    agreed = replace(first, status=PlanStatus.AGREED)
    assert move_key(agreed) != move_key(replace(agreed, revision=5))
