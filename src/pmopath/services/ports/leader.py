"""The port to the leader's view's read-only queries: who meets a service's needs, who could
succeed to a role, and the events behind the programme's KPIs, for a manager's tree or everyone.

``under`` is a manager's person id (everyone below them, directly or not) or None (everyone not
erased). Each method is a fixed number of statements, aggregated in the database where the
answer is a count, so an organisation of 100,000 is never read into Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pmopath.domain.framework import ReadinessRules, Role, Service


@dataclass(frozen=True, slots=True)
class Holders:
    """How many people meet a need, and who when exactly one does."""

    count: int
    sole: int | None = None
    """The one person's id when ``count`` is 1 (None otherwise)."""


@dataclass(frozen=True, slots=True)
class Successor:
    person_id: int
    name: str
    readiness: float
    months: float
    """The readiness band's months (0: ready now)."""


@dataclass(frozen=True, slots=True)
class Bench:
    """A role's bench within a scope: holders, successors by band months, some of them named."""

    incumbents: int
    counts: Mapping[str, int]
    """Bucket ("ready_now", "about_a_year", "two_years") -> how many."""
    named: Mapping[str, Sequence[Successor]]
    """Bucket -> the first ``limit`` (fewest months, then most ready, then by id)."""


@dataclass(frozen=True, slots=True)
class CheckInFact:
    """A check-in, with what the KPIs judge it by."""

    plan_id: int
    person_id: int
    held_on: date
    readiness: float
    cadence: str
    agreed_on: date | None
    """The day (UTC) the plan was agreed."""
    target_role: str
    target_set_on: date | None
    """When the person set the plan's target role as a target (None: no longer a target)."""


@dataclass(frozen=True, slots=True)
class RoleMove:
    """A role spell started after another of the same person (role history)."""

    person_id: int
    role: str
    previous: str
    started_on: date


@dataclass(frozen=True, slots=True)
class CoverageCounts:
    needs: Mapping[tuple[str, int], Holders]
    """(competency, level) -> who holds at least that level now."""
    services: Mapping[str, Holders]
    """Service id -> who meets every level it needs now."""
    later_needs: Mapping[tuple[str, int], Holders] | None = None
    """As ``needs`` once agreed plans complete (None: not asked)."""
    later_services: Mapping[str, Holders] | None = None


class LeaderQueries(Protocol):
    """Read-only queries of the leader's view (module docstring)."""

    def coverage(
        self,
        services: Sequence[Service],
        *,
        under: int | None,
        planned_by: date | None,
    ) -> CoverageCounts:
        """Who meets each service's needs (every competency at its level) and each need alone:
        now, and with ``planned_by`` also once the items of agreed plans due by then reach
        their target levels. A fixed number of statements, counted in the database (the stored
        ``service_coverage`` where its basis is the services' own)."""
        ...

    def benches(
        self, roles: Sequence[Role], *, rules: ReadinessRules, under: int | None, limit: int | None
    ) -> dict[str, Bench]:
        """Each role's bench: its holders in the scope, and the others by their readiness
        band's months (``engine.advice``), ``limit`` named per bucket: from the stored figures
        when they were computed for the role and model (index ranges on (role, months)), else
        computed by the engine."""
        ...

    def plan_coverage(
        self, *, under: int | None, days: Sequence[date]
    ) -> dict[date, tuple[int, int]]:
        """Per day: (people in the scope who existed then, those with a plan agreed by then),
        two counts a day on one connection."""
        ...

    def check_ins(self, *, under: int | None, start: date, end: date) -> list[CheckInFact]:
        """Every check-in up to ``end`` of the plans with one held from ``start`` to ``end``
        (the earlier ones say when a review was due and where readiness started)."""
        ...

    def certifications_earned(
        self, *, under: int | None, start: date, end: date
    ) -> list[tuple[int, str, date]]:
        """(person, certification, day) for each certification earned from ``start`` to
        ``end``."""
        ...

    def role_moves(self, *, under: int | None, start: date, end: date) -> list[RoleMove]:
        """Every role spell started from ``start`` to ``end`` after an earlier spell of the same
        person, with that spell's role (a window over each person's history)."""
        ...

    def names(self, person_ids: Sequence[int]) -> dict[int, str]:
        """Names of these people (one query)."""
        ...
