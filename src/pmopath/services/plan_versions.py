"""Versions of a plan: keeping each version's snapshot, listing them, comparing any two.

Snapshots are kept in their own table rather than read back from the audit log, because the
audit log records only how many items a plan had, not the items themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pmopath.domain.errors import NotFound
from pmopath.domain.people import Person
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_versions import (
    PlanSnapshot,
    VersionComparison,
    compare_versions,
    snapshot_of,
)
from pmopath.domain.plans import Plan
from pmopath.services.access import readable_plan
from pmopath.services.people import Store
from pmopath.services.ports import UnitOfWork


def keep_version(uow: UnitOfWork, plan: Plan, now: datetime) -> None:
    """Store what the plan's current version holds now (called on every save of a plan)."""
    uow.plan_versions.keep(snapshot_of(plan, now))


@dataclass(frozen=True, slots=True)
class PlanVersion:
    snapshot: PlanSnapshot
    owner: Person | None
    agreed_by: Person | None
    current: bool


def _snapshots(uow: UnitOfWork, plan: Plan) -> list[PlanSnapshot]:
    """Stored versions, with the plan itself standing for its current version."""
    assert plan.id is not None
    stored = {s.version: s for s in uow.plan_versions.for_plan(plan.id)}
    recorded = stored.get(plan.version)
    stored[plan.version] = snapshot_of(plan, recorded.recorded_at if recorded else None)
    return [stored[v] for v in sorted(stored)]


def plan_versions(store: Store, viewer: Viewer, plan_id: int) -> list[PlanVersion]:
    """Every version of a plan the viewer may read, oldest first; else NotFound."""
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        people: dict[int, Person | None] = {}

        def person(person_id: int | None) -> Person | None:
            if person_id is None:
                return None
            if person_id not in people:
                people[person_id] = uow.people.by_id(person_id)
            return people[person_id]

        return [
            PlanVersion(s, person(s.person_id), person(s.agreed_by_id), s.version == plan.version)
            for s in _snapshots(uow, plan)
        ]


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
