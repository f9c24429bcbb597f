"""Drafting a plan from gaps: catalogue actions, prerequisites first, dates spread out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import (
    Action,
    ActionKind,
    ExperienceNeed,
    Framework,
    PrerequisiteOption,
)
from pmopath.domain.people import RoleSpell
from pmopath.services.plans.drafts import draft_plan_for_target, months_of_experience

TODAY = date(2026, 11, 22)


def test_each_gap_gets_an_action_with_its_level_dates_and_effort(
    small_framework: Framework,
) -> None:
    items = draft_plan_for_target(small_framework, "analyst", Assessment({}), TODAY)
    assert [(i.competency, i.action_id, i.target_level) for i in items] == [
        ("reporting", "report_course", 3),
        ("planning", "foundation", 2),
    ]  # leadership has no action in the catalogue: nothing is invented
    first, second = items
    assert first.start_on == TODAY and first.effort_hours == 20
    assert second.start_on is not None and first.start_on < second.start_on
    assert all(i.due_on and i.start_on and i.due_on > i.start_on for i in items)


def test_prerequisites_come_first_and_end_before_what_needs_them(
    small_framework: Framework,
) -> None:
    items = draft_plan_for_target(small_framework, "pm", Assessment({"reporting": 3}), TODAY)
    order = [i.action_id for i in items]
    assert order == ["foundation", "practitioner"]
    foundation, practitioner = items
    assert (
        foundation.due_on and practitioner.start_on and foundation.due_on <= practitioner.start_on
    )
    assert practitioner.target_level == 3


def test_a_certification_already_held_is_not_planned_again(small_framework: Framework) -> None:
    held = Assessment({"reporting": 3, "planning": 2}, certifications=("foundation",))
    items = draft_plan_for_target(small_framework, "pm", held, TODAY)
    assert [i.action_id for i in items] == ["practitioner"]


def _with_senior_certificate(framework: Framework) -> Framework:
    senior = Action(
        "senior",
        "Senior certificate",
        ActionKind.CERTIFICATION,
        {"planning": 4},
        effort_hours=1,
        prerequisites=(PrerequisiteOption(experience=(ExperienceNeed(36, roles=("pm",)),)),),
    )
    return replace(framework, actions=(*framework.actions, senior))


def test_actions_needing_experience_the_history_lacks_are_skipped(
    small_framework: Framework,
) -> None:
    framework = _with_senior_certificate(small_framework)
    start = Assessment({"reporting": 3, "planning": 3, "leadership": 3})
    assert draft_plan_for_target(framework, "pm", start, TODAY) == ()
    history = [RoleSpell("pm", date(2022, 1, 1), None)]
    items = draft_plan_for_target(framework, "pm", start, TODAY, history=history)
    assert [i.action_id for i in items] == ["senior"]


def test_no_gaps_no_items(small_framework: Framework) -> None:
    ready = Assessment({"reporting": 3, "planning": 2, "leadership": 1})
    assert draft_plan_for_target(small_framework, "analyst", ready, TODAY) == ()


def test_the_default_catalogue_orders_foundation_before_practitioner(
    default_framework: Framework,
) -> None:
    items = draft_plan_for_target(default_framework, "pmo_analyst", Assessment({}), TODAY)
    order = [i.action_id for i in items]
    assert "prince2_practitioner" in order
    assert order.index("prince2_foundation") < order.index("prince2_practitioner")
    assert len(items) <= 8 and all(i.competency for i in items)


def test_months_of_experience_add_up_per_role() -> None:
    history = [
        RoleSpell("pm", date(2020, 1, 1), date(2022, 1, 1)),
        RoleSpell("pm", date(2024, 1, 1), None),
        RoleSpell("analyst", None, None),
    ]
    assert months_of_experience(history, date(2025, 1, 1)) == {"pm": 24 + 12}
