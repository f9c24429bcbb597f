"""Versions of a plan: keeping each version's snapshot, listing them, comparing any two.

Snapshots are kept in their own table rather than read back from the audit log, because the
audit log records only how many items a plan had, not the items themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from pmopath.domain.errors import NotFound
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_versions import (
    PlanSnapshot,
    VersionComparison,
    compare_versions,
    snapshot_of,
)
from pmopath.domain.plans import Plan
from pmopath.services.people.access import readable_plan
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


def keep_version(uow: UnitOfWork, plan: Plan, now: datetime) -> None:
    """Store what the plan's current version holds now, with the owner's and the agreeing
    manager's names as they are now (called on every save of a plan)."""
    uow.plan_versions.keep(_named_snapshot(uow, plan, now))


def _named_snapshot(uow: UnitOfWork, plan: Plan, at: datetime | None) -> PlanSnapshot:
    owner = uow.people.by_id(plan.person_id)
    agreer = uow.people.by_id(plan.agreed_by_id) if plan.agreed_by_id is not None else None
    return snapshot_of(plan, at, owner.name if owner else "", agreer.name if agreer else "")


@dataclass(frozen=True, slots=True)
class PlanVersion:
    snapshot: PlanSnapshot
    current: bool


def _snapshots(uow: UnitOfWork, plan: Plan) -> list[PlanSnapshot]:
    """Stored versions, with the plan itself standing for its current version."""
    assert plan.id is not None
    stored = {s.version: s for s in uow.plan_versions.for_plan(plan.id)}
    recorded = stored.get(plan.version)
    if recorded is None or snapshot_of(plan) != _unnamed(recorded):
        # saved before versions were kept: the plan itself, named as of now
        stored[plan.version] = _named_snapshot(
            uow, plan, recorded.recorded_at if recorded else None
        )
    return [_with_names(uow, stored[v]) for v in sorted(stored)]


def _with_names(uow: UnitOfWork, snapshot: PlanSnapshot) -> PlanSnapshot:
    """A snapshot stored without names (before names were kept) named as of now."""
    if snapshot.owner_name:
        return snapshot
    owner = uow.people.by_id(snapshot.person_id)
    agreer = uow.people.by_id(snapshot.agreed_by_id) if snapshot.agreed_by_id else None
    return replace(
        snapshot,
        owner_name=owner.name if owner else "",
        agreed_by_name=agreer.name if agreer else "",
    )


def _unnamed(snapshot: PlanSnapshot) -> PlanSnapshot:
    return replace(snapshot, recorded_at=None, owner_name="", agreed_by_name="")


def plan_versions(store: Store, viewer: Viewer, plan_id: int) -> list[PlanVersion]:
    """Every version of a plan the viewer may read, oldest first; else NotFound."""
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        return [PlanVersion(s, s.version == plan.version) for s in _snapshots(uow, plan)]


def compare_plan_versions(
    store: Store, viewer: Viewer, plan_id: int, a: int, b: int
) -> VersionComparison:
    """What changed from version ``a`` to version ``b`` of a plan the viewer may read.

    Raises NotFound for a plan the viewer cannot read or a version it does not have.
    """
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        by_version = {s.version: s for s in _snapshots(uow, plan)}
    for wanted in (a, b):
        if wanted not in by_version:
            raise NotFound("plan version", f"{plan_id} v{wanted}")
    return compare_versions(by_version[a], by_version[b])
