"""Team and organisation views of stored levels: heatmaps, who is ready for a role, one person.

Every use case here runs a fixed number of queries, whatever the size of the team or the
organisation (the ``InsightQueries`` port promises it, and tests count the statements):

* ``team_heatmap``: the manager (when named by e-mail or id), then three queries for the whole
  team: the reports, all their current levels, their primary targets.
* ``person_readiness``: the person, their levels, their primary target.
* ``ready_for``: whether the store holds figures computed for this very role (everyone's
  readiness for every role of the active framework is kept up to date as levels, people and
  the framework change), then one read of them; for a role defined otherwise (or figures of an
  earlier model) two reads, of the people and their levels, which the engine's readiness model
  (``pmopath.engine.readiness``) measures.

A readiness within ``READY_TOLERANCE`` of the threshold counts as reaching it, as in the
engine's ``raises_to_reach``: a readiness that is exactly a round number can come out of
floating-point sums a hair under it (79.99999999999999 for 80).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.framework import Framework
from pmopath.domain.people import Person
from pmopath.domain.readiness import GapAnalysis
from pmopath.services.careers.gaps import GapReport, analyse_gap
from pmopath.services.careers.roles import RoleRef, resolve_role
from pmopath.services.ports.insight import InsightQueries, ReadyPerson

READY_TOLERANCE = 1e-9
"""The same margin as the engine's ``_EPSILON``: readiness + this >= threshold is ready."""


@dataclass(frozen=True, slots=True)
class HeatmapRow:
    """One report: levels per competency and readiness for ``role`` (None without a role)."""

    person: Person
    levels: Mapping[str, int]
    role: str | None
    analysis: GapAnalysis | None

    @property
    def readiness(self) -> float | None:
        return self.analysis.readiness if self.analysis is not None else None


@dataclass(frozen=True, slots=True)
class TeamHeatmap:
    """A manager's direct reports against the framework's competencies (in framework order)."""

    manager: Person
    competencies: tuple[str, ...]
    rows: tuple[HeatmapRow, ...]


def _find(queries: InsightQueries, reference: Person | str) -> Person:
    if isinstance(reference, Person):
        if reference.id is None:
            raise InvalidRequest(f"{reference.name} has not been stored yet")
        return reference
    person = queries.person(reference.strip())
    if person is None:
        raise NotFound("person", reference)
    return person


def _known_levels(framework: Framework, levels: Mapping[str, int]) -> dict[str, int]:
    """Levels of competencies the framework still has (older versions may have had others)."""
    known = framework.competencies_by_id
    return {competency: level for competency, level in levels.items() if competency in known}


def team_heatmap(
    queries: InsightQueries,
    framework: Framework,
    manager: Person | str,
    *,
    role: RoleRef | None = None,
) -> TeamHeatmap:
    """Return the heatmap of ``manager``'s direct reports (a Person, e-mail or numeric id).

    Readiness is measured against ``role`` for everyone when given, else against each report's
    primary target (None for a report without one, or whose target the framework no longer
    has). Raises NotFound for an unknown manager, UnknownRole for an unknown ``role``.
    """
    from pmopath.engine.readiness import analyse_gap as analyse_role_gap  # numpy on first use

    chosen = resolve_role(framework, role) if role is not None else None
    boss = _find(queries, manager)
    assert boss.id is not None
    rows = []
    for stored in queries.team_of(boss.id):
        levels = _known_levels(framework, stored.levels)
        measured = chosen or framework.roles_by_id.get(stored.primary_target or "")
        analysis = (
            analyse_role_gap(framework, measured, Assessment(levels, stored.person.role))
            if measured is not None
            else None
        )
        rows.append(
            HeatmapRow(
                stored.person,
                levels,
                measured.id if measured else stored.primary_target,
                analysis,
            )
        )
    competencies = tuple(c.id for c in framework.competencies)
    return TeamHeatmap(boss, competencies, tuple(rows))


def person_readiness(
    queries: InsightQueries,
    framework: Framework,
    person: Person | str,
    role: RoleRef | None = None,
    *,
    target: float = 80.0,
) -> tuple[Person, GapReport]:
    """Return the person and their gap report against ``role`` or their primary target.

    Raises NotFound for an unknown person, InvalidRequest when no role is given and the
    person has no primary target, UnknownRole for a role the framework does not have.
    """
    found = _find(queries, person)
    stored = queries.stored_levels(found)
    chosen = role if role is not None else stored.primary_target
    if chosen is None:
        raise InvalidRequest(
            f"{found.name} has no target role yet; give a role or set a primary target"
        )
    assessment = Assessment(_known_levels(framework, stored.levels), found.role)
    return found, analyse_gap(framework, chosen, assessment, target=target)


def ready_for(
    queries: InsightQueries, framework: Framework, role: RoleRef, threshold: float = 80.0
) -> list[ReadyPerson]:
    """Return everyone at least ``threshold``% (0-100) ready for ``role``, most ready first.

    Ties are ordered by name, then id. Raises UnknownRole, or InvalidRequest for a threshold
    outside 0-100.
    """
    resolved = resolve_role(framework, role)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 100
    ):
        raise InvalidRequest(f"the threshold must be a number from 0 to 100, not {threshold!r}")
    return queries.ready_for(
        resolved,
        rules=framework.rules,
        at_least=threshold - READY_TOLERANCE,
    )
