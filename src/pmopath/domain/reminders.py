"""Reminders: the dates a person should not miss (plan reviews, items due) and their feeds.

No clock here: ``today`` is always an argument.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pmopath.domain.plans import ItemStatus, Plan, PlanItem, PlanStatus

UID_DOMAIN = "pmopath"


@dataclass(frozen=True, slots=True)
class CalendarFeed:
    """A private calendar URL of one person; only a hash of its secret token is stored."""

    id: int | None
    person_id: int
    token_hash: str
    created_at: datetime
    revoked_at: datetime | None = None


class ReminderKind(StrEnum):
    REVIEW = "review"
    ITEM_DUE = "item_due"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One all-day date: ``uid`` stays the same while the thing it reminds of exists."""

    uid: str
    kind: ReminderKind
    day: date
    summary: str
    description: str
    plan_id: int

    def overdue(self, today: date) -> bool:
        return self.day < today


def _item_key(item: PlanItem) -> str:
    text = f"{item.competency or ''}|{item.action_id or ''}|{item.free_text.strip()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def item_reminders(plan: Plan, titles: Mapping[str, str]) -> list[Reminder]:
    """A reminder for each unfinished item of ``plan`` with a due date.

    The UID comes from the plan and what the item is (not its position), so editing other
    items never makes a calendar client duplicate the event.
    """
    found: list[Reminder] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(plan.items, start=1):
        if item.due_on is None or item.status in (ItemStatus.DONE, ItemStatus.DROPPED):
            continue
        key = _item_key(item)
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        what = titles.get(item.action_id or "", "") or item.free_text or item.competency or ""
        found.append(
            Reminder(
                f"plan{plan.id}-item-{key}{suffix}@{UID_DOMAIN}",
                ReminderKind.ITEM_DUE,
                item.due_on,
                f"Due: {what}"[:200],
                f"Item {number} of development plan #{plan.id} ({item.status.value})",
                plan.id or 0,
            )
        )
    return found


def review_reminder(plan: Plan, due_on: date) -> Reminder:
    """The plan's next review, one reminder per plan (its UID never changes)."""
    return Reminder(
        f"plan{plan.id}-review@{UID_DOMAIN}",
        ReminderKind.REVIEW,
        due_on,
        f"Review of development plan #{plan.id}",
        "Check in on progress with your manager: record progress per item and readiness.",
        plan.id or 0,
    )


def live_plans(plans: Sequence[Plan]) -> list[Plan]:
    """Plans still being worked on (not closed), oldest first."""
    return sorted((p for p in plans if p.status is not PlanStatus.CLOSED), key=lambda p: p.id or 0)
