"""A list of certifications in the order that matters (domain.eligibility.grouped)."""

from __future__ import annotations

from datetime import date

from pmopath.domain.eligibility import (
    Eligibility,
    EligibilityGroups,
    certification_eligibility,
    grouped,
)
from pmopath.domain.framework import Education, Framework
from pmopath.domain.people import RoleSpell

TODAY = date(2026, 11, 22)


def _groups(
    framework: Framework, history: tuple[RoleSpell, ...], held: frozenset[str]
) -> tuple[tuple[Eligibility, ...], EligibilityGroups]:
    found = certification_eligibility(framework, history, held, Education.DEGREE, TODAY)
    return found, grouped(found, TODAY)


def test_every_entry_lands_in_exactly_one_group(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2024, 3, 1)),)
    found, g = _groups(default_framework, history, frozenset({"capm", "prince2_foundation"}))
    assert sorted(e.action.id for e in g.first + g.rest) == sorted(e.action.id for e in found)
    assert g.total == len(found)
    assert {e.action.id for e in g.held} == {"capm", "prince2_foundation"}
    assert g.first[: len(g.held)] == g.held  # held first


def test_now_soon_and_later_follow_the_month_and_what_is_left_to_pass(
    default_framework: Framework,
) -> None:
    history = (RoleSpell("project_manager", date(2024, 3, 1)),)
    _, g = _groups(default_framework, history, frozenset({"capm"}))
    pmp = next(e for e in g.soon if e.action.id == "pmp")  # March 2027: within a year
    assert pmp.eligible_from == date(2027, 3, 1)
    assert all(e.eligible_from is not None and e.eligible_from <= TODAY for e in g.now)
    assert all(not e.needs and not e.needs_one_of for e in g.now + g.soon)
    assert all(not e.action.prerequisites for e in g.open_to_anyone)
    assert all(e.needs or e.needs_one_of for e in g.after_passing)
    assert all(e.eligible_from is None or e.eligible_from > TODAY for e in g.later)
    assert "agilepm_practitioner" in {e.action.id for e in g.after_passing}
    months = [e.eligible_from for e in g.soon]
    assert months == sorted(months)  # earliest first


def test_a_year_later_the_same_exam_is_no_longer_soon(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2026, 6, 1)),)  # 36 months: mid-2029
    found = certification_eligibility(
        default_framework, history, frozenset({"capm"}), Education.DEGREE, TODAY
    )
    g = grouped(found, TODAY)
    assert "pmp" in {e.action.id for e in g.later}
    assert "pmp" in {e.action.id for e in grouped(found, TODAY, soon_months=48).soon}


def test_a_month_already_reached_reads_now(default_framework: Framework) -> None:
    history = (RoleSpell("project_manager", date(2020, 1, 1)),)
    found = certification_eligibility(
        default_framework, history, frozenset({"capm"}), Education.DEGREE, TODAY
    )
    pmp = next(e for e in found if e.action.id == "pmp")
    assert pmp.text(default_framework, today=TODAY).startswith(
        "eligible for Project Management Professional (PMP) now"
    )
    assert "from 2026-11" in pmp.text(default_framework)  # without today: the month, as before
