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
    """Coverage of the framework's services in the viewer's scope (``leader_scope``): who meets
    each service and each needed level today, and at the horizon if agreed plans complete.
    Counted in the database (``InsightQueries.coverage``), whatever the organisation's size."""
    scope = leader_scope(store, viewer, manager)
    horizon = today + HORIZON
    services = store.framework.services
    queries = store.insight
    counts = queries.coverage(services, under=scope.under, planned_by=horizon)
    assert counts.later_needs is not None and counts.later_services is not None
    now = {**counts.needs}, {**counts.services}
    later = {**counts.later_needs}, {**counts.later_services}
    found = []
    for service in services:
        needs = tuple(
            NeedCoverage(c, level, now[0][(c, level)], later[0][(c, level)])
            for c, level in service.needs.items()
        )
        found.append(
            ServiceCoverage(
                service,
                now[1][service.id],
                later[1][service.id],
                needs,
                coverage_risk(now[1][service.id].count, {n.competency: n.now.count for n in needs}),
                coverage_risk(
                    later[1][service.id].count, {n.competency: n.later.count for n in needs}
                ),
            )
        )
    sole = {h.sole for h in (*now[0].values(), *now[1].values()) if h.sole is not None}
    sole |= {h.sole for h in later[1].values() if h.sole is not None}
    return Coverage(scope, today, horizon, tuple(found), queries.names(sorted(sole)))
