"""Development plans: items, status and the moves between statuses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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


TREND_DAYS = 36
"""Check-in days a readiness trend shows, the latest (three years of monthly check-ins): a
plan checked in on every day of a long programme draws the same chart, at the same cost."""


def readiness_by_day(
    checkins: Iterable[CheckIn], days: int = TREND_DAYS
) -> list[tuple[date, float]]:
    """(day, readiness) on each of the latest ``days`` days with a check-in, oldest first. A
    day with several check-ins counts once, at the one recorded last: the highest id; a check-in
    not yet stored (no id) counts as recorded before every stored one, and among those not
    stored, the last given."""
    recorded_last: dict[date, tuple[tuple[int, int], float]] = {}  # day -> (when, readiness)
    for order, checkin in enumerate(checkins):
        when = (checkin.id if checkin.id is not None else -1, order)  # stored ones come after
        kept = recorded_last.get(checkin.held_on)
        if kept is None or when > kept[0]:
            recorded_last[checkin.held_on] = (when, checkin.readiness)
    latest = sorted(recorded_last)[-days:] if days > 0 else []
    return [(day, recorded_last[day][1]) for day in latest]


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
    situation: str = field(default="", kw_only=True)
    """STAR, optional (evidence logged before it has none): the context at the time."""
    task: str = field(default="", kw_only=True)
    """What the person was asked, or set themselves, to do."""
    action: str = field(default="", kw_only=True)
    """What they did themselves."""
    result: str = field(default="", kw_only=True)
    """What changed because of it."""

    @property
    def told_as_star(self) -> bool:
        """Whether its situation, task, action and result are written out."""
        return bool(self.situation and self.task and self.action and self.result)

    def star(self) -> tuple[str, str, str, str]:
        """Situation, task, action and result: as written, or, for evidence told freely, the
        description's first sentence, the rest of it, the title and the impact."""
        if self.told_as_star:
            return self.situation, self.task, self.action, self.result
        first, dot, rest = self.description.strip().partition(". ")
        return (first + dot).strip(), rest.strip(), self.title, self.impact.strip()
