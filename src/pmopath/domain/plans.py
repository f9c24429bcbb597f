"""Development plans: items, status and the moves between statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.reviews import DEFAULT_CADENCE, Cadence


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"
    CHANGES_REQUESTED = "changes_requested"
    CLOSED = "closed"


ALLOWED_MOVES: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.SUBMITTED, PlanStatus.CLOSED}),
    PlanStatus.SUBMITTED: frozenset(
        {PlanStatus.AGREED, PlanStatus.CHANGES_REQUESTED, PlanStatus.DRAFT}
    ),
    PlanStatus.CHANGES_REQUESTED: frozenset({PlanStatus.DRAFT, PlanStatus.SUBMITTED}),
    PlanStatus.AGREED: frozenset({PlanStatus.CLOSED, PlanStatus.DRAFT}),
    PlanStatus.CLOSED: frozenset({PlanStatus.DRAFT}),
}


class ItemStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class PlanItem:
    competency: str | None
    action_id: str | None = None
    free_text: str = ""
    target_level: int | None = None
    start_on: date | None = None
    due_on: date | None = None
    status: ItemStatus = ItemStatus.PLANNED
    effort_hours: float = 0.0
    id: int | None = None
    mentoring_goal_id: int | None = None
    """The mentoring goal this item was made from (domain/mentoring.py), if any."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan as stored. ``revision`` rises with every save; ``version`` with every revisit."""

    id: int | None
    person_id: int
    target_role: str
    framework_version_id: int
    status: PlanStatus
    items: tuple[PlanItem, ...]
    revision: int = 1
    version: int = 1
    comment: str = ""
    agreed_by_id: int | None = None
    agreed_at: datetime | None = None
    cadence: Cadence = DEFAULT_CADENCE
    """How often the plan is reviewed (a check-in resets the count)."""


def check_move(current: PlanStatus, wanted: PlanStatus) -> None:
    """Raise InvalidRequest unless a plan may go from ``current`` to ``wanted``."""
    if wanted != current and wanted not in ALLOWED_MOVES[current]:
        article = "an" if current.value[0] in "aeiou" else "a"
        shown = current.value.replace("_", " ")
        goal = wanted.value.replace("_", " ")
        raise InvalidRequest(f"{article} {shown} plan cannot become {goal}")


@dataclass(frozen=True, slots=True)
class CheckIn:
    plan_id: int
    held_on: date
    notes: str
    progress: dict[str, int]
    levels: dict[str, int]
    readiness: float
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    person_id: int
    title: str
    happened_on: date
    competencies: tuple[str, ...]
    description: str = ""
    impact: str = ""
    verified_by_id: int | None = None
    id: int | None = None
