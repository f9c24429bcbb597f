"""Response models of plans: items, history, check-ins, the inbox, suggestions, reminders."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from pmopath.domain.framework import ActionKind
from pmopath.domain.plan_schedule import Category
from pmopath.domain.plans import ItemStatus, PlanStatus
from pmopath.domain.reminders import ReminderKind
from pmopath.domain.reviews import Cadence
from pmopath.services.careers.schemas import LevelRaisePublic
from pmopath.services.people.schemas import PersonGapPublic, PersonRef
from pmopath.services.ports.schemas import Moment, Schema, json_key

Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2027-03"])]
"""A month, ``YYYY-MM``."""


class PlanItemPublic(Schema):
    """One item of a plan: a competency to raise, an action to take, or free text."""

    number: int
    """The item's place in the plan, from 1 (0 for an item shown on its own)."""
    competency: str | None
    action_id: str | None
    free_text: str
    target_level: int | None
    start_on: date | None
    due_on: date | None
    status: ItemStatus
    effort_hours: float


class PlanPublic(Schema):
    """A development plan: its status and revision, who agreed it, its items."""

    id: int
    person_id: int
    target_role: str
    status: PlanStatus
    revision: int
    """Send it back with a change: a stale revision is refused (409)."""
    version: int
    """The agreed version the plan is at (a new one starts when an agreed plan changes)."""
    comment: str
    agreed_by_id: int | None
    agreed_at: Moment | None
    cadence: Cadence
    items: list[PlanItemPublic]


class PlansPublic(Schema):
    data: list[PlanPublic]
    count: int


class PlanEventPublic(Schema):
    """A move of the plan from one status to another, by whom and when."""

    at: Moment
    actor: str
    from_: Annotated[PlanStatus | None, json_key("from")]
    to: PlanStatus
    comment: str


class CheckInPublic(Schema):
    """A check-in: progress per item number (0-100), new levels, readiness at the time."""

    id: int | None
    held_on: date
    notes: str
    progress: dict[str, int]
    levels: dict[str, int]
    readiness: float


class CheckInsPublic(Schema):
    data: list[CheckInPublic]
    count: int


class PlanDetailPublic(PlanPublic):
    """One plan with its owner, who agreed it, its history and check-ins, and what I may do."""

    owner: PersonRef
    agreed_by: PersonRef | None
    history: list[PlanEventPublic]
    checkins: list[CheckInPublic]
    may_edit: bool
    may_agree: bool


class InboxEntryPublic(Schema):
    """A submitted plan awaiting agreement."""

    plan_id: int
    owner: PersonRef
    target_role: str
    revision: int
    items: int
    """How many items the plan has."""


class InboxPublic(Schema):
    data: list[InboxEntryPublic]
    count: int


class SuggestedItemPublic(Schema):
    """One scheduled action: when, how many hours a month, what it raises and why it is there."""

    action: str
    title: str
    kind: ActionKind
    start: Month
    end: Month
    """The action's last month."""
    hours_per_month: float
    cost: float
    pinned: bool
    raises: list[LevelRaisePublic]
    readiness_without: float
    """Readiness the plan would reach without this action."""
    objectives: list[str]
    raw_without: float = 0.0
    """Raw readiness (before the not-ready cap) the plan would reach without this action."""
    unblocks: list[str] = []
    """Competencies that would still block readiness without this action."""
    for_balance: bool = False
    """It adds no readiness: it is there for the 70/20/10 balance asked for."""


class OptimisedPlanPublic(Schema):
    """An optimised schedule of development actions, with why each was chosen."""

    target_role: str
    start: Month
    end: Month
    months: int
    hours_per_month: float
    budget: float
    readiness_before: float
    readiness: float
    status: str
    """``optimal``, or ``time limit`` (the best found in the time; see optimality_gap)."""
    optimality_gap: float | None
    cost: float
    effort_hours: float
    effort_by_category: dict[Category, float]
    hours_by_month: list[float]
    items: list[SuggestedItemPublic]
    raw_before: float = 0.0
    """Raw readiness now (before the not-ready cap, which holds readiness at 70% while a
    blocker remains)."""
    raw: float = 0.0
    """Raw readiness once the plan is done."""
    blockers_before: list[str] = []
    """Competencies blocking readiness now."""
    blockers_after: list[str] = []
    """Competencies still blocking once the plan is done."""
    dropped: list[str] = []
    """Actions the solver chose that added nothing, left out of the plan."""


class SuggestionPublic(OptimisedPlanPublic):
    """An optimised schedule for a person's plan."""

    person_id: int


class EligibilityPublic(Schema):
    """When a person becomes eligible for a certification, and why."""

    action: str
    title: str
    held: bool
    eligible_from: Month | None
    """Null: not within reach (``needs`` and ``reason`` say why)."""
    needs: list[str]
    needs_one_of: list[str]
    reason: str
    text: str
    """The whole answer as a sentence."""
    eligible_until: Month | None = None
    """The last month the experience still counts (older months leave a look-back window and
    the person no longer accumulates any); null: no end."""
    expires_on: date | None = None
    """For a held certification whose date earned is known: when it stops being current."""
    expired: bool = False
    validity_months: int | None = None
    """How long a pass stays current; null: it does not expire."""
    renewal: str = ""
    """How it is kept current."""


class EligibilitiesPublic(Schema):
    data: list[EligibilityPublic]
    count: int


class PersonGapWithCertificationsPublic(PersonGapPublic):
    """A person's gap for a role, with the role's certifications and when they can sit each."""

    certifications: list[EligibilityPublic]


class ReminderPublic(Schema):
    """A plan review or an action due on a day (what the calendar feed lists)."""

    uid: str
    kind: ReminderKind
    day: date
    summary: str
    plan_id: int


class RemindersPublic(Schema):
    data: list[ReminderPublic]
    count: int


class CalendarFeedPublic(Schema):
    """A private calendar URL (shown once: keep it secret; any earlier one stops working)."""

    url: str
    person_id: int
    created_at: Moment


class CalendarFeedRevoked(Schema):
    revoked: int
    """How many calendar URLs stopped working: 1, or 0 when there was none."""
