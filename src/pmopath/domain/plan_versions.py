"""Versions of a plan: what each agreed (or draft) version held, and what changed between two."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from pmopath.domain.plans import Plan, PlanItem, PlanStatus

COMPARED_FIELDS = (
    "competency",
    "action_id",
    "free_text",
    "target_level",
    "start_on",
    "due_on",
    "status",
    "effort_hours",
)


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """One version of a plan as it stood last: items, status, owner and (once agreed) who agreed
    and when. The agreed fields are frozen: revisiting the plan starts the next version."""

    plan_id: int
    version: int
    person_id: int
    target_role: str
    status: PlanStatus
    items: tuple[PlanItem, ...]
    agreed_by_id: int | None = None
    agreed_at: datetime | None = None
    recorded_at: datetime | None = None
    owner_name: str = ""
    agreed_by_name: str = ""
    """Both names as they were when the version was saved: frozen with the agreement."""


def snapshot_of(
    plan: Plan, at: datetime | None = None, owner_name: str = "", agreed_by_name: str = ""
) -> PlanSnapshot:
    """The snapshot of the plan's current version (item ids dropped: they change on every save)."""
    assert plan.id is not None
    items = tuple(_without_id(i) for i in plan.items)
    return PlanSnapshot(
        plan.id,
        plan.version,
        plan.person_id,
        plan.target_role,
        plan.status,
        items,
        plan.agreed_by_id,
        plan.agreed_at,
        at,
        owner_name,
        agreed_by_name if plan.agreed_by_id is not None else "",
    )


def _without_id(item: PlanItem) -> PlanItem:
    return PlanItem(*(getattr(item, f.name) for f in fields(item) if f.name != "id"))


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: object
    after: object


@dataclass(frozen=True, slots=True)
class ItemChange:
    """An item in both versions, matched by what it develops, with the fields that differ."""

    key: str
    before: PlanItem
    after: PlanItem
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class VersionComparison:
    a: PlanSnapshot
    b: PlanSnapshot
    added: tuple[PlanItem, ...]
    removed: tuple[PlanItem, ...]
    changed: tuple[ItemChange, ...]
    unchanged: int

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)


def item_key(item: PlanItem) -> str:
    """What makes an item the same item across versions: its action, else competency and text."""
    if item.action_id:
        return f"action:{item.action_id}"
    return f"{item.competency or '-'}:{item.free_text.strip().casefold()}"


def _keyed(items: tuple[PlanItem, ...]) -> dict[str, PlanItem]:
    """Items by key; a repeated key gets a counter (``key#2``) so nothing is lost."""
    keyed: dict[str, PlanItem] = {}
    for item in items:
        key, n = item_key(item), 1
        while (key if n == 1 else f"{key}#{n}") in keyed:
            n += 1
        keyed[key if n == 1 else f"{key}#{n}"] = item
    return keyed


def compare_versions(a: PlanSnapshot, b: PlanSnapshot) -> VersionComparison:
    """Items added in ``b``, removed from ``a``, and changed field by field (in ``b``'s order)."""
    before, after = _keyed(a.items), _keyed(b.items)
    added = tuple(item for key, item in after.items() if key not in before)
    removed = tuple(item for key, item in before.items() if key not in after)
    changed, unchanged = [], 0
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        diffs = tuple(
            FieldChange(name, getattr(old, name), getattr(new, name))
            for name in COMPARED_FIELDS
            if getattr(old, name) != getattr(new, name)
        )
        if diffs:
            changed.append(ItemChange(key, old, new, diffs))
        else:
            unchanged += 1
    return VersionComparison(a, b, added, removed, tuple(changed), unchanged)
