"""Small plan problems for the optimiser's tests, and their optimum found by enumeration."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import strategies as st

from pmopath.domain.framework import (
    Action,
    ActionKind,
    Area,
    Competency,
    ExperienceNeed,
    Framework,
    PrerequisiteOption,
    Requirement,
    Role,
    Scale,
    ScaleLevel,
    Track,
)
from pmopath.domain.plan_checks import schedule_problems
from pmopath.domain.plan_schedule import PlanRequest, catalogue, duration_months
from pmopath.services.optimiser.models import readiness_with

TARGET = Role(
    "target",
    "Target role",
    "pmo",
    2,
    requirements=(
        Requirement("alpha", 3, 1.0, critical=True),
        Requirement("beta", 2, 2.0),
        Requirement("gamma", 4, 1.0),
    ),
)
LEAD = Role("lead", "Lead", "pmo", 1)


def tiny_framework(actions: Sequence[Action]) -> Framework:
    """Three competencies (alpha critical), one target role, the given catalogue."""
    return Framework(
        id="tiny",
        name="Tiny",
        version="1",
        scale=Scale(tuple(ScaleLevel(n, f"L{n}", "") for n in range(6))),
        areas=(Area("core", "Core"),),
        competencies=tuple(Competency(c, c.title(), "core") for c in ("alpha", "beta", "gamma")),
        tracks=(Track("pmo", "PMO"),),
        roles=(LEAD, TARGET),
        transitions=(),
        actions=tuple(actions),
    )


def brute_force(framework: Framework, request: PlanRequest) -> float:
    """The best readiness over every subset and every start month (small cases only)."""
    actions = catalogue(framework, request)
    choices = [[None, *range(request.months - duration_months(a) + 1)] for a in actions]
    best = -1.0
    for starts in itertools.product(*choices):
        schedule = [(a, s) for a, s in zip(actions, starts, strict=True) if s is not None]
        if schedule_problems(framework, request, schedule):
            continue
        best = max(
            best,
            readiness_with(
                framework, request.role, request.levels, actions=(a for a, _ in schedule)
            ),
        )
    return best


@st.composite
def action_lists(draw: st.DrawFn) -> list[Action]:
    """Two to five actions on the tiny framework, some needing the one before or experience."""
    count = draw(st.integers(2, 5))
    actions = []
    for n in range(count):
        develops = draw(
            st.dictionaries(
                st.sampled_from(["alpha", "beta", "gamma"]), st.integers(1, 4), min_size=1
            )
        )
        prerequisites: tuple[PrerequisiteOption, ...] = ()
        need = draw(st.sampled_from(["none", "previous", "experience"]))
        if need == "previous" and n:
            prerequisites = (PrerequisiteOption("previous", actions=(f"a{n - 1}",)),)
        elif need == "experience":
            prerequisites = (
                PrerequisiteOption("lead", experience=(ExperienceNeed(14, roles=("lead",)),)),
            )
        actions.append(
            Action(
                f"a{n}",
                f"Action {n}",
                draw(st.sampled_from(list(ActionKind))),
                develops,
                duration_weeks=draw(st.sampled_from([1, 4, 8, 12])),
                effort_hours=float(draw(st.sampled_from([4, 8, 12, 20]))),
                cost=float(draw(st.sampled_from([0, 100, 300]))),
                prerequisites=prerequisites,
            )
        )
    return actions
