"""Capability coverage: per PMO service of the framework, who meets every competency level it
needs today and in twelve months if agreed plans complete, and its single points of failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.framework import Service
from pmopath.domain.leader import Risk, coverage_risk
from pmopath.domain.permissions import Viewer
from pmopath.services.insight.leader_scope import Scope, leader_scope
from pmopath.services.ports.leader import Holders
from pmopath.services.ports.store import Store

HORIZON = timedelta(days=365)
"""How far ahead the projection looks: plan items due by then count at their target level."""


@dataclass(frozen=True, slots=True)
class NeedCoverage:
    competency: str
    level: int
    now: Holders
    later: Holders


@dataclass(frozen=True, slots=True)
class ServiceCoverage:
    service: Service
    now: Holders
    later: Holders
    needs: tuple[NeedCoverage, ...]
    risk: Risk
    """Today's risk: nobody, a single point of failure, or covered."""
    later_risk: Risk

    @property
    def single_points(self) -> tuple[NeedCoverage, ...]:
        """The needed levels held by one person only, today."""
        return tuple(n for n in self.needs if n.now.count == 1)


@dataclass(frozen=True, slots=True)
class Coverage:
    scope: Scope
    today: date
    horizon: date
    services: tuple[ServiceCoverage, ...]
    names: dict[int, str]
    """The sole holders' names."""


def capability_coverage(
    store: Store, viewer: Viewer, today: date, *, manager: str | None = None
) -> Coverage:
    """Coverage of the framework's services in the viewer's scope (``leader_scope``).

    Counts are made in the database: one query per service and per needed level, today and at
    the horizon, whatever the size of the organisation."""
    scope = leader_scope(store, viewer, manager)
    horizon = today + HORIZON
    queries = store.insight
    levels: dict[tuple[str, int, bool], Holders] = {}

    def holders(competency: str, level: int, later: bool) -> Holders:
        key = (competency, level, later)
        if key not in levels:
            levels[key] = queries.competency_holders(
                competency, level, under=scope.under, planned_by=horizon if later else None
            )
        return levels[key]

    found = []
    for service in store.framework.services:
        needs = tuple(
            NeedCoverage(c, level, holders(c, level, False), holders(c, level, True))
            for c, level in service.needs.items()
        )
        now = queries.service_holders(service.needs, under=scope.under, planned_by=None)
        later = queries.service_holders(service.needs, under=scope.under, planned_by=horizon)
        found.append(
            ServiceCoverage(
                service,
                now,
                later,
                needs,
                coverage_risk(now.count, {n.competency: n.now.count for n in needs}),
                coverage_risk(later.count, {n.competency: n.later.count for n in needs}),
            )
        )
    sole = {h.sole for h in levels.values() if h.sole is not None}
    sole |= {s.now.sole for s in found if s.now.sole is not None}
    sole |= {s.later.sole for s in found if s.later.sole is not None}
    return Coverage(scope, today, horizon, tuple(found), queries.names(sorted(sole)))
