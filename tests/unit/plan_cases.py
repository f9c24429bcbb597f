"""Small plan problems for the optimiser's tests, and their optimum found by enumeration."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pmopath.domain.framework import (
    Action,
    Area,
    Competency,
    Framework,
    Requirement,
    Role,
    Scale,
    ScaleLevel,
    Track,
)
from pmopath.domain.plan_checks import schedule_problems
from pmopath.domain.plan_schedule import (
    PlanRequest,
    catalogue,
    duration_months,
    readiness_with,
)

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
