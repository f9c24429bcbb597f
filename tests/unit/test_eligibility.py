"""Certification eligibility from role history, held certifications and education."""

from __future__ import annotations

from datetime import date

import pytest

from pmopath.domain.eligibility import (
    certification_eligibility,
    eligibility_for,
    experience_met_on,
    month_text,
    months_served,
)
from pmopath.domain.framework import Education, ExperienceNeed, Framework
from pmopath.domain.people import RoleSpell

TODAY = date(2026, 11, 22)


def _for(
    framework: Framework,
    action_id: str,
    history: tuple[RoleSpell, ...],
    held: frozenset[str] = frozenset(),
    education: Education | None = Education.DEGREE,
) -> str:
    action = framework.actions_by_id[action_id]
    return eligibility_for(framework, action, history, held, education, TODAY).text(framework)


def test_pmp_with_a_degree_needs_36_months_leading_projects(
    default_framework: Framework,
) -> None:
    history = (RoleSpell("project_manager", date(2024, 3, 1)),)
    found = eligibility_for(
        default_framework,
        default_framework.actions_by_id["pmp"],
        history,
        {"capm"},
        Education.DEGREE,
        TODAY,
    )
    assert found.eligible_from == date(2027, 3, 1)
    assert found.needs == () and found.needs_one_of == ()
    assert "36 months leading projects" in found.reason
    assert found.text().startswith(
        "eligible for Project Management Professional (PMP) from 2027-03"
    )


def test_pmp_with_secondary_education_needs_60_months(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2024, 3, 1)),)
    text = _for(default_framework, "pmp", history, frozenset({"capm"}), Education.SECONDARY)
    assert "from 2029-03" in text and "60 months" in text


def test_pmp_without_the_education_hours_names_what_to_pass_first(
    default_framework: Framework,
) -> None:
    history = (RoleSpell("project_manager", date(2020, 1, 1)),)
    text = _for(default_framework, "pmp", history)
    assert "from 2026-11" in text
    assert "once Project management course (35 hours) or" in text


def test_earlier_spells_in_other_leading_roles_add_up(default_framework: Framework) -> None:
    history = (
        RoleSpell("junior_project_manager", date(2022, 1, 1), date(2023, 1, 1)),
        RoleSpell("pmo_analyst", date(2023, 1, 1), date(2024, 1, 1)),
        RoleSpell("project_manager", date(2024, 1, 1)),
    )
    found = eligibility_for(
        default_framework,
        default_framework.actions_by_id["pmp"],
        history,
        {"capm"},
        Education.DEGREE,
        TODAY,
    )
    assert found.eligible_from == date(2026, 11, 1)  # met in 2026-01: eligible now


def test_foundation_before_practitioner(default_framework: Framework) -> None:
    without = _for(default_framework, "msp_practitioner", ())
    practitioner = "PRINCE2 Programme Management Practitioner (formerly MSP Practitioner)"
    foundation = "PRINCE2 Programme Management Foundation (formerly MSP Foundation)"
    rule = "Pass PRINCE2 Programme Management Foundation (MSP Foundation)"
    assert (
        without == f"eligible for {practitioner} from 2026-11 once {foundation} is passed: {rule}"
    )
    held = _for(default_framework, "msp_practitioner", (), frozenset({"msp_foundation"}))
    assert held == f"eligible for {practitioner} from 2026-11: {rule}"
    held_text = _for(default_framework, "msp_foundation", (), frozenset({"msp_foundation"}))
    assert held_text.startswith(f"{foundation}: held (valid 36 months from the pass: ")


def test_no_ongoing_role_that_counts_means_not_eligible_by_waiting(
    default_framework: Framework,
) -> None:
    history = (RoleSpell("pmo_administrator", date(2020, 1, 1)),)
    text = _for(default_framework, "pgmp", history)
    assert text.startswith("not eligible for Program Management Professional (PgMP)")
    assert "48 months" in text


def test_education_below_every_option_is_not_eligible(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2010, 1, 1)),)
    text = _for(default_framework, "pmp", history, frozenset({"capm"}), Education.NONE)
    assert text.startswith("not eligible") and "education" in text


def test_unrecorded_education_is_assumed_and_said(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2010, 1, 1)),)
    text = _for(default_framework, "pmp", history, frozenset({"capm"}), None)
    assert "education assumed" in text


def test_every_certification_gets_an_answer(default_framework: Framework) -> None:
    found = certification_eligibility(default_framework, (), frozenset(), None, TODAY)
    assert len(found) == sum(1 for a in default_framework.actions if a.kind == "certification")
    assert {e.action.id for e in found if e.eligible_from is None} >= {"pgmp", "pfmp"}


@pytest.mark.parametrize(
    ("months", "expected"),
    [(0, date.min), (12, date(2021, 1, 1)), (24, date(2022, 1, 1)), (30, None)],
)
def test_experience_is_counted_in_months_of_closed_and_open_spells(
    default_framework: Framework, months: int, expected: date | None
) -> None:
    history = (RoleSpell("project_manager", date(2020, 1, 1), date(2022, 1, 1)),)
    need = ExperienceNeed(months, roles=("project_manager",))
    assert experience_met_on(default_framework, need, history) == expected
    assert months_served(default_framework, need, history, TODAY) == 24
    assert month_text(date(2027, 3, 9)) == "2027-03"
