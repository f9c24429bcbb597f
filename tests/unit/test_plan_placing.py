"""Placing a chosen set of actions in months: the exact search agrees with enumeration."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmopath.domain.framework import Action
from pmopath.domain.people import RoleSpell
from pmopath.domain.plan_checks import schedule_problems
from pmopath.domain.plan_placing import exact_placement, left_justified, serial_placement
from pmopath.domain.plan_schedule import PlanRequest, duration_months
from tests.unit.plan_cases import TARGET, action_lists, tiny_framework


def _placeable(request: PlanRequest, actions: list[Action]) -> bool:
    framework = tiny_framework(actions)
    choices = [range(request.months - duration_months(a) + 1) for a in actions]
    return any(
        not schedule_problems(framework, request, list(zip(actions, starts, strict=True)))
        for starts in itertools.product(*choices)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=action_lists(),
    months=st.integers(2, 5),
    hours=st.sampled_from([8.0, 12.0, 20.0]),
)
def test_the_search_places_exactly_the_sets_that_can_be_placed(
    actions: list[Action], months: int, hours: float
) -> None:
    framework = tiny_framework(actions)
    request = PlanRequest(
        TARGET,
        {},
        date(2026, 12, 1),
        months,
        hours,
        1e9,
        history=(RoleSpell("lead", date(2025, 12, 1)),),
        balance=None,
    )
    found, certain = exact_placement(framework, request, actions)
    assert certain
    assert (found is not None) == _placeable(request, actions)
    if found is not None:
        schedule = [(a, found[a.id]) for a in actions]
        assert schedule_problems(framework, request, schedule) == []
        assert (
            schedule_problems(framework, request, left_justified(framework, request, schedule))
            == []
        )
    quick = serial_placement(framework, request, actions)
    if quick is not None:
        assert found is not None
        assert schedule_problems(framework, request, [(a, quick[a.id]) for a in actions]) == []
