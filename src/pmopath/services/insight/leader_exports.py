"""The leader's view as CSV downloads, each recorded in the audit log: a list of who could
succeed to which role, or who alone holds a service, is a copy of people's data worth knowing
about (``export.leader_coverage``, ``export.leader_succession``, ``export.leader_kpis``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pmopath.domain.permissions import Viewer
from pmopath.services.accounts.checks import audit
from pmopath.services.insight import coverage, leader_views, programme, succession
from pmopath.services.insight.leader_scope import Scope
from pmopath.services.ports.store import Store

Part = Literal["coverage", "succession", "kpis"]


def _recorded(store: Store, actor: str, part: Part, scope: Scope, text: str) -> str:
    rows = max(0, text.count("\r\n") - 1)
    with store.unit_of_work() as uow:
        audit(
            uow,
            store.clock(),
            actor,
            f"export.leader_{part}",
            "",
            None,
            rows=rows,
            scope=scope.label,
        )
        uow.commit()
    return text


def coverage_csv(store: Store, viewer: Viewer, *, actor: str, manager: str | None) -> str:
    """Capability coverage as CSV (``leader_views.coverage_csv``), the download audited."""
    found = coverage.capability_coverage(store, viewer, store.clock().date(), manager=manager)
    text = leader_views.coverage_csv(found, store.framework)
    return _recorded(store, actor, "coverage", found.scope, text)


def succession_csv(store: Store, viewer: Viewer, *, actor: str, manager: str | None) -> str:
    """Every successor of every critical role as CSV, the download audited."""
    found = succession.succession(store, viewer, manager=manager, limit=None)
    return _recorded(store, actor, "succession", found.scope, leader_views.succession_csv(found))


def kpis_csv(
    store: Store,
    viewer: Viewer,
    *,
    actor: str,
    manager: str | None,
    start: date | None,
    end: date | None,
) -> str:
    """The programme KPIs over a period as CSV, the download audited."""
    found = programme.programme_kpis(
        store, viewer, store.clock().date(), start=start, end=end, manager=manager
    )
    return _recorded(store, actor, "kpis", found.scope, leader_views.kpis_csv(found))
