"""Plan reviews: how often a plan is reviewed, when the next review is due, and whether it is late.

No clock here: ``today`` is always an argument.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pmopath.domain.errors import InvalidRequest


class Cadence(StrEnum):
    MONTHLY = "monthly"
    SIX_WEEKLY = "six_weekly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"


DEFAULT_CADENCE = Cadence.QUARTERLY
CADENCE_LABELS: dict[Cadence, str] = {
    Cadence.MONTHLY: "monthly",
    Cadence.SIX_WEEKLY: "every 6 weeks",
    Cadence.QUARTERLY: "quarterly",
    Cadence.HALF_YEARLY: "half-yearly",
}
_MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6}


class ReviewState(StrEnum):
    NOT_STARTED = "not_started"
    """No agreement and no check-in yet: nothing to review against."""
    UPCOMING = "upcoming"
    DUE = "due"
    """Due today."""
    OVERDUE = "overdue"


def parse_cadence(text: str) -> Cadence:
    """The cadence named ``text``; raises InvalidRequest naming the choices."""
    try:
        return Cadence(text.strip().lower())
    except ValueError:
        choices = ", ".join(c.value for c in Cadence)
        raise InvalidRequest(f"cadence: choose one of {choices}") from None


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, clamped to the end of a shorter month (31 Jan -> 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def after_one_period(day: date, cadence: Cadence) -> date:
    """The day one review period after ``day``."""
    if cadence is Cadence.SIX_WEEKLY:
        return day + timedelta(weeks=6)
    return add_months(day, _MONTHS[cadence])


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """When a plan's next review is due, counted from ``since`` (last check-in, else agreement)."""

    cadence: Cadence
    since: date | None
    due_on: date | None
    state: ReviewState

    @property
    def overdue(self) -> bool:
        return self.state is ReviewState.OVERDUE


def review_due(
    cadence: Cadence, last_checkin: date | None, agreed_on: date | None, today: date
) -> ReviewDue:
    """The next review of a plan as of ``today``: one period after the later of the last check-in
    and the agreement (a re-agreed plan starts afresh); NOT_STARTED with neither."""
    since = max((d for d in (last_checkin, agreed_on) if d is not None), default=None)
    if since is None:
        return ReviewDue(cadence, None, None, ReviewState.NOT_STARTED)
    due = after_one_period(since, cadence)
    if due < today:
        state = ReviewState.OVERDUE
    elif due == today:
        state = ReviewState.DUE
    else:
        state = ReviewState.UPCOMING
    return ReviewDue(cadence, since, due, state)
