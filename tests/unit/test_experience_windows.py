"""Look-back windows: months older than the window do not count, at its edges too."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pmopath.domain.experience import (
    DAYS_PER_MONTH,
    counted_spans,
    met_intervals,
    month_coordinate,
    months_served,
    served_months,
)
from pmopath.domain.framework import ExperienceNeed, Framework
from pmopath.domain.people import RoleSpell

NEED = ExperienceNeed(36, roles=("project_manager",), within_months=96)
WINDOW_DAYS = 96 * DAYS_PER_MONTH  # 2922 days: eight years of 365.25 days


def _spell_ending(on: date) -> RoleSpell:
    """Exactly 36 months of leading projects, ending on ``on``."""
    start = on - timedelta(days=round(36 * DAYS_PER_MONTH))
    return RoleSpell("project_manager", start, on)


def test_36_months_ending_at_the_window_edge_still_hold_on_the_edge_day(
    default_framework: Framework,
) -> None:
    start = date(2015, 1, 1)
    spell = RoleSpell("project_manager", start, start + timedelta(days=1096))
    found = met_intervals(default_framework, NEED, (spell,), start)
    assert len(found) == 1
    first, last = found[0]
    assert first == start + timedelta(days=1096)  # met the day the 36th month ends
    assert last == start + timedelta(days=round(WINDOW_DAYS))  # until its start leaves the window
    after = last + timedelta(days=1)
    assert months_served(default_framework, NEED, (spell,), last) == 36
    assert months_served(default_framework, NEED, (spell,), after) == 35


def test_a_month_inside_or_outside_the_window(default_framework: Framework) -> None:
    today = date(2026, 12, 7)
    edge = today - timedelta(days=round(WINDOW_DAYS))
    month = round(DAYS_PER_MONTH)
    inside = RoleSpell("project_manager", edge + timedelta(days=month), today)
    outside = RoleSpell("project_manager", edge - timedelta(days=month), edge)
    assert months_served(default_framework, NEED, (inside,), today) == 95
    assert months_served(default_framework, NEED, (outside,), today) == 0
    straddling = RoleSpell(
        "project_manager", edge - timedelta(days=month), edge + timedelta(days=31)
    )
    assert months_served(default_framework, NEED, (straddling,), today) == 1


def test_old_months_falling_out_move_eligibility_later(default_framework: Framework) -> None:
    # 24 months long ago, then a gap, then leading projects again from 2026: the old months
    # leave the window before the new ones make 36, so the need is met later than 12 months on.
    history = (
        RoleSpell("project_manager", date(2017, 1, 1), date(2019, 1, 1)),
        RoleSpell("pmo_analyst", date(2019, 1, 1), date(2026, 1, 1)),
        RoleSpell("project_manager", date(2026, 1, 1)),
    )
    found = met_intervals(default_framework, NEED, history, date(2026, 1, 1))
    assert found[0][0] > date(2027, 1, 1)
    assert found[0][1] is None  # accumulating: once met it stays met


def test_someone_who_stopped_leading_projects_loses_it_again(default_framework: Framework) -> None:
    history = (
        RoleSpell("project_manager", date(2018, 1, 1), date(2022, 1, 1)),
        RoleSpell("pmo_manager", date(2022, 1, 1)),
    )
    found = met_intervals(default_framework, NEED, history, date(2026, 12, 7))
    assert found and found[0][0] == date(2026, 12, 7) and found[0][1] is not None
    assert found[0][1] < date(2030, 1, 1)


def test_overlapping_spells_count_once(default_framework: Framework) -> None:
    need = ExperienceNeed(12, roles=("project_manager", "programme_manager"))
    history = (
        RoleSpell("project_manager", date(2020, 1, 1), date(2021, 1, 1)),
        RoleSpell("programme_manager", date(2020, 1, 1), date(2021, 1, 1)),
    )
    assert months_served(default_framework, need, history, date(2026, 1, 1)) == 12


spells = st.lists(
    st.tuples(
        st.dates(date(2000, 1, 1), date(2026, 1, 1)),
        st.integers(1, 3000),
        st.booleans(),
        st.sampled_from(["project_manager", "pmo_analyst"]),
    ),
    max_size=4,
)


def _history(raw: list[tuple[date, int, bool, str]]) -> tuple[RoleSpell, ...]:
    return tuple(
        RoleSpell(role, start, None if is_open else start + timedelta(days=days))
        for start, days, is_open, role in raw
    )


@settings(max_examples=150, deadline=None)
@given(spells, st.integers(1, 60), st.integers(60, 120))
def test_met_intervals_agree_with_served_time_day_by_day(
    default_framework: Framework, raw: list[tuple[date, int, bool, str]], months: int, window: int
) -> None:
    need = ExperienceNeed(months, roles=("project_manager",), within_months=window)
    history = _history(raw)
    since = date(2026, 1, 1)
    found = met_intervals(default_framework, need, history, since)
    spans = counted_spans(default_framework, need, history)
    for offset in range(0, 4000, 97):
        day = since + timedelta(days=offset)
        served = served_months(spans, month_coordinate(day), float(window))
        inside = any(a <= day and (b is None or day <= b) for a, b in found)
        if served >= months + 0.04:  # a day is at most 1/28 of a month
            assert inside, day
        if served < months - 0.04:
            assert not inside, day


@settings(max_examples=150, deadline=None)
@given(spells, st.integers(1, 60))
def test_a_window_never_helps(
    default_framework: Framework, raw: list[tuple[date, int, bool, str]], months: int
) -> None:
    history = _history(raw)
    windowed = ExperienceNeed(months, roles=("project_manager",), within_months=96)
    unwindowed = ExperienceNeed(months, roles=("project_manager",))
    day = date(2026, 12, 7)
    assert months_served(default_framework, windowed, history, day) <= months_served(
        default_framework, unwindowed, history, day
    )
    with_window = met_intervals(default_framework, windowed, history, day)
    without = met_intervals(default_framework, unwindowed, history, day)
    if with_window:
        assert without and without[0][0] <= with_window[0][0]


def test_calendar_months_count_whole_leap_day_or_not(default_framework: Framework) -> None:
    """24 months entered as January 2022 to December 2023 are 24 months (730 days, not 730.5)."""
    need = ExperienceNeed(24, roles=("project_manager",), within_months=60)
    spell = RoleSpell("project_manager", date(2022, 1, 1), date(2024, 1, 1))
    assert months_served(default_framework, need, (spell,), date(2024, 1, 1)) == 24
    found = met_intervals(default_framework, need, (spell,), date(2023, 6, 1))
    assert found[0][0] == date(2024, 1, 1)
    # the window is calendar months too: on 1 January 2027, 60 months go back to 1 January 2022
    assert months_served(default_framework, need, (spell,), date(2027, 1, 1)) == 24
    assert months_served(default_framework, need, (spell,), date(2027, 1, 2)) == 23
