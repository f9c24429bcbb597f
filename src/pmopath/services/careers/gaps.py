"""Gaps and readiness of an assessment against a role, with what helps most and what reaches a
target; the CLI, the pages and the Python API call these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework, Role
from pmopath.domain.readiness import GapAnalysis, Raise, RaiseImpact, StoredFigure
from pmopath.services.careers.roles import RoleRef, resolve_role

if TYPE_CHECKING:
    from pmopath.engine.advice import ReadinessBand  # numpy loads with the first analysis


@dataclass(frozen=True, slots=True)
class GapReport:
    """A gap analysis with its explanation: what helps most, and what reaches the target."""

    analysis: GapAnalysis
    target: float
    to_reach: tuple[Raise, ...]
    impacts: tuple[RaiseImpact, ...]
    band: ReadinessBand


def whole_number(name: str, value: object, low: int, high: int) -> int:
    """Return ``value`` when it is a whole number from ``low`` to ``high``; else InvalidRequest
    naming it."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidRequest(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def check_assessment(framework: Framework, assessment: Assessment) -> Assessment:
    """Return ``assessment`` when every level is a whole number on the framework's scale.

    Files are checked when they are read; this guards assessments built in Python.
    """
    if not isinstance(assessment, Assessment):
        raise InvalidRequest(f"an assessment is expected, not {type(assessment).__name__}")
    low, high = framework.scale.minimum, framework.scale.maximum
    if all(type(level) is int and low <= level <= high for level in assessment.levels.values()):
        return assessment  # the usual case, checked cheaply: this runs on every analysis
    for competency, level in assessment.levels.items():
        whole_number(f"the level of '{competency}'", level, low, high)
    return assessment


def analyse_gap(
    framework: Framework, role: RoleRef, assessment: Assessment, *, target: float = 80.0
) -> GapReport:
    """Return the gaps, readiness and explanation of ``assessment`` against ``role``.

    ``target`` is the readiness (0-100) that ``to_reach`` gets to. Raises UnknownRole or
    InvalidRequest.
    """
    resolved = resolve_role(framework, role)
    check_assessment(framework, assessment)
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise InvalidRequest(f"target must be a number from 0 to 100, not {target!r}")
    from pmopath.engine import advice, readiness  # numpy loads with the first analysis

    analysis = readiness.analyse_gap(framework, resolved, assessment)
    return GapReport(
        analysis=analysis,
        target=target,
        to_reach=advice.raises_to_reach(analysis, target),
        impacts=advice.raise_impacts(analysis),
        band=advice.readiness_band(analysis),
    )


def figure_of(
    framework: Framework, role: Role, assessment: Assessment, stored: Mapping[str, StoredFigure]
) -> StoredFigure:
    """The person's readiness and band months for ``role``: the store's figure when it has one
    of the role as defined now (``DerivedReadiness.figures_of``), else measured on the plain
    analysis (what helps most is left for the roles shown)."""
    figure = stored.get(role.id)
    if figure is not None:
        return figure
    from pmopath.engine import advice, readiness  # numpy loads with the first analysis

    analysis = readiness.analyse_gap(framework, role, assessment, what_if=False)
    return StoredFigure(analysis.readiness, advice.readiness_band(analysis).months)


CLOSEST = 5


def closest_roles(
    framework: Framework,
    assessment: Assessment,
    *,
    limit: int = CLOSEST,
    stored: Mapping[str, StoredFigure] | None = None,
) -> tuple[GapReport, ...]:
    """The roles this person is closest to, best first: ready now, then ready in the fewest
    months, then stretches; within a band by readiness, then the more senior role.

    Left out: their current role, roles below its seniority, and roles at its seniority that no
    move leads to from it (a sideways role nobody moves to is no news). ``stored``: the store's
    figures of this person's levels by role (``DerivedReadiness.figures_of``: the same model,
    the same figures), which rank those roles without measuring them; the roles shown are
    measured in full. Raises InvalidRequest for a bad assessment or limit."""
    check_assessment(framework, assessment)
    whole_number("the number of roles", limit, 1, 50)
    from pmopath.engine import advice, readiness  # numpy loads with the first analysis

    current = framework.roles_by_id.get(assessment.current_role or "")
    floor = current.seniority if current is not None else 0
    sideways = (
        {t.target for t in framework.transitions_from(current.id)} if current is not None else set()
    )
    figures = stored or {}
    order = {"ready_now": 0, "ready_in": 1, "stretch": 2}
    ranking = []
    for role in framework.roles:
        if role is current or role.seniority < floor:
            continue
        if current is not None and role.seniority == floor and role.id not in sideways:
            continue
        figure = figure_of(framework, role, assessment, figures)
        band = advice.stored_band(figure.months, framework.rules)
        key = (order[band.band.value], band.months, -round(figure.readiness, 9), -role.seniority)
        ranking.append((key, role))
    ranking.sort(key=lambda found: found[0])
    banded = [role for _, role in ranking]
    reports = []
    for role in banded[:limit]:  # what helps most (a what-if per gap) for those shown
        analysis = readiness.analyse_gap(framework, role, assessment)
        band = advice.readiness_band(analysis)
        reports.append(
            GapReport(
                analysis=analysis,
                target=framework.rules.ready_threshold,
                to_reach=band.raises,
                impacts=advice.raise_impacts(analysis),
                band=band,
            )
        )
    return tuple(reports[:limit])
