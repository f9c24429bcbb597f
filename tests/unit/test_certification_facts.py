"""The shipped certifications' facts: sources, validity, renewal, routes and what exams raise."""

from __future__ import annotations

from datetime import date

import pytest

from pmopath.domain.eligibility import eligibility_for
from pmopath.domain.framework import ActionKind, Education, Framework
from pmopath.domain.people import RoleSpell

TODAY = date(2026, 12, 7)
PEOPLECERT = (
    "prince2_foundation",
    "prince2_practitioner",
    "msp_foundation",
    "msp_practitioner",
    "mop_foundation",
    "mop_practitioner",
    "p3o_foundation",
    "p3o_practitioner",
    "mor_foundation",
)
BEHAVIOURAL = {
    "stakeholder_engagement",
    "influencing",
    "people_leadership",
    "coaching_mentoring",
    "facilitation",
}


def _certifications(fw: Framework) -> list[str]:
    return [a.id for a in fw.actions if a.kind is ActionKind.CERTIFICATION]


def test_every_certification_has_a_checked_source(default_framework: Framework) -> None:
    for action_id in _certifications(default_framework):
        sources = default_framework.actions_by_id[action_id].sources
        assert sources, f"{action_id} has no source"
        for source in sources:
            assert source.url.startswith("https://"), action_id
            assert date(2026, 1, 1) <= source.checked_on <= TODAY, action_id


@pytest.mark.parametrize("action_id", PEOPLECERT)
def test_peoplecert_certificates_last_three_years(
    default_framework: Framework, action_id: str
) -> None:
    action = default_framework.actions_by_id[action_id]
    assert "PeopleCert" in action.provider
    assert action.validity_months == 36
    assert "CPD" in action.renewal and "exam" in action.renewal


def test_renamed_peoplecert_certificates_keep_their_old_names(
    default_framework: Framework,
) -> None:
    for action_id, old in (
        ("msp_foundation", "MSP"),
        ("mop_foundation", "MoP"),
        ("p3o_foundation", "P3O"),
    ):
        action = default_framework.actions_by_id[action_id]
        assert action.title.startswith("PRINCE2 ")
        assert any(old in alias for alias in action.aliases)


@pytest.mark.parametrize(
    ("action_id", "units"), [("pmp", 60), ("pgmp", 60), ("pfmp", 60), ("capm", 15), ("pmi_acp", 30)]
)
def test_pmi_renewal_units(default_framework: Framework, action_id: str, units: int) -> None:
    action = default_framework.actions_by_id[action_id]
    assert action.validity_months == 36 and action.renewal_units == units


@pytest.mark.parametrize(
    ("action_id", "window"),
    [("pmp", 96), ("pgmp", 180), ("pfmp", 180), ("pmi_pmocp", 96), ("pmi_acp", 60)],
)
def test_every_experience_need_has_its_look_back_window(
    default_framework: Framework, action_id: str, window: int
) -> None:
    action = default_framework.actions_by_id[action_id]
    needs = [need for option in action.prerequisites for need in option.experience]
    assert needs and all(need.within_months == window for need in needs)


def test_pmocp_needs_ten_hours_of_pmo_education_on_every_route(
    default_framework: Framework,
) -> None:
    action = default_framework.actions_by_id["pmi_pmocp"]
    assert action.prerequisites
    assert all("pmo_education_10h" in option.actions for option in action.prerequisites)
    course = default_framework.actions_by_id["pmo_education_10h"]
    assert course.effort_hours == 10
    history = (RoleSpell("pmo_analyst", date(2015, 1, 1)),)
    found = eligibility_for(default_framework, action, history, {"pmp"}, Education.DEGREE, TODAY)
    assert found.needs == ("pmo_education_10h",)


def test_acp_counts_agile_months_only(default_framework: Framework) -> None:
    action = default_framework.actions_by_id["pmi_acp"]
    plain = (RoleSpell("project_manager", date(2020, 1, 1)),)
    agile = (RoleSpell("project_manager", date(2020, 1, 1), kinds=("agile",)),)
    without = eligibility_for(default_framework, action, plain, (), Education.DEGREE, TODAY)
    assert without.needs == ("pmp", "agile_training_28h")  # only the PMP's route is left
    found = eligibility_for(default_framework, action, agile, (), Education.DEGREE, TODAY)
    assert found.eligible_from == date(2026, 12, 1)
    assert found.needs == ("agile_training_28h",)


def test_pmp_does_not_count_pmo_analyst_or_coordinator_months(
    default_framework: Framework,
) -> None:
    action = default_framework.actions_by_id["pmp"]
    for role in ("pmo_analyst", "project_coordinator", "pmo_administrator"):
        history = (RoleSpell(role, date(2010, 1, 1)),)
        found = eligibility_for(
            default_framework, action, history, {"capm"}, Education.DEGREE, TODAY
        )
        assert found.eligible_from is None, role


def test_pmp_gac_route_needs_24_months_and_recorded_education(
    default_framework: Framework,
) -> None:
    action = default_framework.actions_by_id["pmp"]
    history = (RoleSpell("project_manager", date(2025, 6, 1)),)
    gac = eligibility_for(default_framework, action, history, {"capm"}, Education.GAC_DEGREE, TODAY)
    degree = eligibility_for(default_framework, action, history, {"capm"}, Education.DEGREE, TODAY)
    unknown = eligibility_for(default_framework, action, history, {"capm"}, None, TODAY)
    assert gac.eligible_from == date(2027, 6, 1)
    assert degree.eligible_from == date(2028, 6, 1)
    assert unknown.eligible_from == date(2028, 6, 1)


def test_chpp_has_three_routes_and_no_fixed_months(default_framework: Framework) -> None:
    action = default_framework.actions_by_id["apm_chpp"]
    assert len(action.prerequisites) == 3
    months = [need.months for option in action.prerequisites for need in option.experience]
    assert all(m == 0 for m in months)


def test_exams_raise_knowledge_not_behaviour(default_framework: Framework) -> None:
    for action_id in _certifications(default_framework):
        develops = default_framework.actions_by_id[action_id].develops
        assert not BEHAVIOURAL & set(develops), action_id
        assert max(develops.values()) <= 3, action_id
    assert default_framework.actions_by_id["capm"].develops.get("stakeholder_engagement") is None
    assert default_framework.actions_by_id["mba"].develops["strategic_alignment"] <= 3


def test_essentials_are_short_taught_courses(default_framework: Framework) -> None:
    for level in ("administrators", "analysts", "managers", "directors"):
        action = default_framework.actions_by_id[f"essentials_pmo_{level}"]
        assert action.duration_weeks == 1 and action.effort_hours in (14, 21)
        assert "online course" not in action.description


def test_a_held_certificate_past_its_validity_has_expired(default_framework: Framework) -> None:
    action = default_framework.actions_by_id["prince2_foundation"]
    held = {"prince2_foundation"}
    old = eligibility_for(
        default_framework, action, (), held, None, TODAY, {"prince2_foundation": date(2023, 12, 7)}
    )
    recent = eligibility_for(
        default_framework, action, (), held, None, TODAY, {"prince2_foundation": date(2023, 12, 8)}
    )
    assert old.expired and old.expires_on == date(2026, 12, 7)
    assert "expired 2026-12" in old.text() and "CPD" in old.text()
    assert not recent.expired and "current until 2026-12" in recent.text()
