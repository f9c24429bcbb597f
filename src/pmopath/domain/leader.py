"""The leader's view's rules: a period and the one before it, succession buckets from readiness
bands, single points of failure, and how each programme KPI is counted from its events.

Pure functions over plain values: the services read the events (check-ins, role spells,
certifications) for a scope and period and hand them here, so each rule is tested on its own.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.reviews import Cadence, after_one_period

LONGEST_PERIOD = timedelta(days=366 * 5)
"""A period of at most five years: the KPIs compare it with the one before."""


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def parse_day(text: str | None, field: str) -> date | None:
    """A day typed as YYYY-MM-DD (None when blank); raises InvalidRequest naming ``field``."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidRequest(
            f"{field}: '{text.strip()[:40]}' is not a date; write it as YYYY-MM-DD"
        ) from None


def period(start: date | None, end: date | None, today: date) -> Period:
    """The period asked for: by default the 90 days up to ``today``; ``start`` alone runs to
    today, ``end`` alone starts 89 days before it. Raises InvalidRequest naming the field for a
    start after the end, an end after today or a period longer than five years."""
    if start is not None and start > today:
        raise InvalidRequest(
            f"from: the period starts on {start.isoformat()}, after today "
            f"({today.isoformat()}); KPIs count what has happened"
        )
    end = end or today
    start = start or end - timedelta(days=89)
    if start > end:
        raise InvalidRequest(
            f"from: the period starts on {start.isoformat()}, after it ends "
            f"({end.isoformat()}); choose a start on or before the end"
        )
    if end > today:
        raise InvalidRequest(
            f"to: the period ends on {end.isoformat()}, after today ({today.isoformat()}); "
            "KPIs count what has happened"
        )
    if end - start >= LONGEST_PERIOD:
        raise InvalidRequest("from: a period may be at most five years long")
    return Period(start, end)


# ---- succession --------------------------------------------------------------------------------


class Bucket(StrEnum):
    READY_NOW = "ready_now"
    ABOUT_A_YEAR = "about_a_year"
    TWO_YEARS = "two_years"


BUCKET_LABELS: Mapping[Bucket, str] = {
    Bucket.READY_NOW: "Ready now",
    Bucket.ABOUT_A_YEAR: "Ready in about a year",
    Bucket.TWO_YEARS: "Ready in about two years",
}


def succession_bucket(months: float) -> Bucket | None:
    """Where a readiness band's months put someone: ready now (0), in about a year (up to 12
    months of development), in about two years (up to 24); None beyond (not a successor)."""
    if months <= 0:
        return Bucket.READY_NOW
    if months <= 12:
        return Bucket.ABOUT_A_YEAR
    if months <= 24:
        return Bucket.TWO_YEARS
    return None


def has_successor(counts: Mapping[str, int]) -> bool:
    """A role has a successor when someone is ready now or in about a year: two years out is
    bench strength to build, not cover."""
    return counts.get(Bucket.READY_NOW, 0) + counts.get(Bucket.ABOUT_A_YEAR, 0) > 0


# ---- capability coverage -----------------------------------------------------------------------


class Risk(StrEnum):
    NONE = "none"
    """Nobody meets it: the service cannot be delivered from within."""
    SINGLE = "single"
    """A single point of failure: one person, or a needed level one person holds."""
    COVERED = "covered"


def coverage_risk(meeting: int, holders: Mapping[str, int]) -> Risk:
    """A service's risk from how many meet all its needs and how many hold each needed level:
    nobody meets it (``none``); one person meets it, or some needed level is held by exactly
    one person (``single``, a single point of failure); else ``covered``."""
    if meeting == 0:
        return Risk.NONE
    if meeting == 1 or any(count == 1 for count in holders.values()):
        return Risk.SINGLE
    return Risk.COVERED


# ---- programme KPIs ----------------------------------------------------------------------------


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage (None when there is no whole)."""
    return None if whole <= 0 else 100.0 * part / whole


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


class CheckIn(Protocol):
    """The fields of a check-in the KPI rules read (services.ports.leader.CheckInFact)."""

    @property
    def plan_id(self) -> int: ...
    @property
    def held_on(self) -> date: ...
    @property
    def readiness(self) -> float: ...
    @property
    def cadence(self) -> str: ...
    @property
    def agreed_on(self) -> date | None: ...
    @property
    def target_set_on(self) -> date | None: ...


Reviews = Mapping[int, Sequence[CheckIn]]
"""Check-ins by plan, each plan's oldest first (``by_plan``)."""


def by_plan(check_ins: Iterable[CheckIn]) -> dict[int, list[CheckIn]]:
    """Check-ins grouped by plan, each plan's in the order they were held: done once for every
    KPI that reads them."""
    plans: dict[int, list[CheckIn]] = {}
    for check_in in check_ins:
        plans.setdefault(check_in.plan_id, []).append(check_in)
    for reviews in plans.values():
        reviews.sort(key=_held_on)
    return plans


def _held_on(check_in: CheckIn) -> date:
    return check_in.held_on


def _cadence(text: str) -> Cadence:
    try:
        return Cadence(text)
    except ValueError:
        return Cadence.QUARTERLY


def reviews_on_time(plans: Reviews, within: Period) -> tuple[int, int]:
    """(on time, held) for the check-ins held within the period. A review is on time when held
    no later than one review period (the plan's cadence) after the later of the plan's previous
    check-in and its agreement; a plan's first review before any agreement is on time."""
    on_time = held = 0
    for reviews in plans.values():
        previous: date | None = None
        for review in reviews:
            if within.holds(review.held_on):
                agreed = review.agreed_on
                if agreed is not None and agreed > review.held_on:
                    agreed = None  # agreed (again) after this review: not what it was due by
                since = max((d for d in (previous, agreed) if d is not None), default=None)
                due = after_one_period(since, _cadence(review.cadence)) if since else None
                held += 1
                on_time += due is None or review.held_on <= due
            previous = review.held_on
    return on_time, held


def readiness_changes(plans: Reviews, within: Period) -> list[float]:
    """Per plan reviewed within the period: readiness at its last review in the period less
    readiness at its last review before the period (or, with none, its first in it)."""
    changes = []
    for reviews in plans.values():
        before = [r for r in reviews if r.held_on < within.start]
        inside = [r for r in reviews if within.holds(r.held_on)]
        if not inside:
            continue
        start = before[-1] if before else inside[0]
        changes.append(inside[-1].readiness - start.readiness)
    return changes


def days_to_ready(plans: Reviews, within: Period, threshold: float) -> list[float]:
    """Per plan whose first review at or above ``threshold`` (ready) fell within the period:
    the days from when its target was set to that review."""
    found = []
    for reviews in plans.values():
        first = next((r for r in reviews if r.readiness >= threshold), None)
        if first is None or not within.holds(first.held_on) or first.target_set_on is None:
            continue
        found.append(float(max(0, (first.held_on - first.target_set_on).days)))
    return found


class Move(Protocol):
    """A role spell started after another (services.ports.leader.RoleMove)."""

    @property
    def role(self) -> str: ...
    @property
    def previous(self) -> str: ...
    @property
    def started_on(self) -> date: ...


def moves_and_promotions(
    moves: Iterable[Move], within: Period, seniority: Callable[[str], int | None]
) -> tuple[int, int]:
    """(internal moves, promotions): a role spell started within the period after an earlier
    spell of the same person, in another role, is a move; a promotion when its role's seniority
    is above the earlier role's (roles the framework no longer has are moves, never
    promotions)."""
    count = promotions = 0
    for move in moves:
        if not within.holds(move.started_on) or move.previous == move.role:
            continue
        count += 1
        now, before = seniority(move.role), seniority(move.previous)
        promotions += now is not None and before is not None and now > before
    return count, promotions
