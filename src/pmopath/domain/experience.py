"""Months of experience from role history, inside a look-back window, and when a need holds.

The model
---------
* A spell counts towards an ``ExperienceNeed`` when its role is one of the need's roles or
  belongs to one of its tracks (a need naming neither counts every role) and, for a need with a
  ``kind`` (such as "agile"), when the spell is tagged with that kind (``RoleSpell.kinds``).
  Agile experience is a way of working, not a role: a project manager's spell on an agile team
  counts towards the PMI-ACP, an untagged one does not.
* Counted spells are merged first, so overlapping spells count once (certification bodies count
  unique, non-overlapping months).
* Months are calendar months, as awarding bodies count them: time is measured on a month scale
  where the first of each month is a whole number and each day is a fraction of its own month
  (``month_coordinate``). A spell from 1 January 2022 to 1 January 2024 is exactly 24 months,
  leap day or not, and a window of ``within_months`` is that many calendar months (96 months
  before 7 December 2026 begins on 7 December 2018).
* Served experience on a day D is the counted time inside ``[D - window, D)``; without a window,
  everything up to D. A spell with no end goes on (the person stays in their role), so served
  time grows until it fills the window.
* A need holds on D when served(D) >= months. Served time is piecewise linear in D, so the days
  it holds are found exactly from its breaks (spell starts and ends, and those plus the window):
  a list of intervals, each ``(first day, last day or None: from then on)``.
* Old months leave the window. While the person is accumulating (an open counted spell), what
  leaves at the back is at least replaced at the front, so a met need stays met. A person who
  has moved to a role that does not count loses months at the back only: a need met today can
  stop holding later, and one met in the past may hold no longer (its interval has ended).
"""

from __future__ import annotations

import math
from calendar import monthrange
from collections.abc import Sequence
from datetime import date

from pmopath.domain.framework import ExperienceNeed, Framework
from pmopath.domain.people import RoleSpell

DAYS_PER_MONTH = 365.25 / 12
"""An average month in days, for estimates only: experience is counted in calendar months."""
_EPSILON = 1e-9

Span = tuple[float, float]
"""Counted time on the month scale (``month_coordinate``), [start, end); an open spell ends at
infinity."""
Interval = tuple[date, date | None]
"""Days a need holds: first day, last day (None: from then on)."""


def month_coordinate(day: date) -> float:
    """``day`` on the month scale: months since year 0, the first of a month a whole number and
    each later day a fraction of that month."""
    return day.year * 12 + day.month - 1 + (day.day - 1) / monthrange(day.year, day.month)[1]


def _ordinal_of(coordinate: float) -> float:
    """The inverse of ``month_coordinate``, as a (fractional) ordinal day."""
    if math.isinf(coordinate):
        return coordinate
    index = math.floor(coordinate + _EPSILON)
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    return first.toordinal() + (coordinate - index) * monthrange(year, month + 1)[1]


def counts(framework: Framework, need: ExperienceNeed, spell: RoleSpell) -> bool:
    """Whether ``spell`` counts towards ``need`` (its role or track, and its kind)."""
    if need.kind and need.kind not in spell.kinds:
        return False
    if not need.roles and not need.tracks:
        return True
    if spell.role in need.roles:
        return True
    role = framework.roles_by_id.get(spell.role)
    return role is not None and role.track in need.tracks


def counted_spans(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell]
) -> list[Span]:
    """The counted spells of ``history`` as merged, non-overlapping spans, in order."""
    raw = sorted(
        (
            month_coordinate(spell.started_on),
            math.inf if spell.ended_on is None else month_coordinate(spell.ended_on),
        )
        for spell in history
        if spell.started_on is not None and counts(framework, need, spell)
    )
    merged: list[list[float]] = []
    for start, end in raw:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _window(need: ExperienceNeed) -> float | None:
    return None if need.within_months is None else float(need.within_months)


def served_months(spans: Sequence[Span], at: float, window: float | None) -> float:
    """Counted months inside the window that ends at ``at`` (a month coordinate; all before it
    without a window)."""
    low = -math.inf if window is None else at - window
    return sum(max(min(end, at) - max(start, low), 0.0) for start, end in spans)


def months_served(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell], on: date
) -> int:
    """Whole months counting towards ``need`` served by ``on`` (inside its window)."""
    spans = counted_spans(framework, need, history)
    return int(served_months(spans, month_coordinate(on), _window(need)) + _EPSILON)


def _breaks(spans: Sequence[Span], window: float | None, since: float) -> list[float]:
    points = {since}
    for start, end in spans:
        for point in (start, end):
            if math.isfinite(point):
                points.add(point)
                if window is not None:
                    points.add(point + window)
    return sorted(p for p in points if p >= since)


def _holding(fa: float, fb: float, a: float, b: float, need: float) -> tuple[float, float] | None:
    """The part of [a, b] where a linear function from fa to fb is at least ``need``."""
    if fa >= need - _EPSILON and fb >= need - _EPSILON:
        return (a, b)
    if fa < need - _EPSILON and fb >= need - _EPSILON:
        return (a + (need - fa) / (fb - fa) * (b - a), b)
    if fa >= need - _EPSILON:
        return (a, a + (fa - need) / (fa - fb) * (b - a))
    return None


def met_intervals(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell], since: date
) -> list[Interval]:
    """The days from ``since`` on when ``need`` holds, as ordered, disjoint intervals."""
    if need.months <= 0:
        return [(since, None)]
    spans = counted_spans(framework, need, history)
    window = _window(need)
    wanted = float(need.months)
    points = _breaks(spans, window, month_coordinate(since))
    found: list[tuple[float, float]] = []
    for a, b in zip(points, [*points[1:], math.inf], strict=True):
        fa = served_months(spans, a, window)
        if math.isinf(b):
            slope = served_months(spans, a + 1.0, window) - fa
            if fa >= wanted - _EPSILON:
                found.append((a, math.inf))
            elif slope > _EPSILON:
                found.append((a + (wanted - fa) / slope, math.inf))
            continue
        part = _holding(fa, served_months(spans, b, window), a, b, wanted)
        if part is not None:
            found.append(part)
    return _as_dates(found)


def _as_dates(found: Sequence[tuple[float, float]]) -> list[Interval]:
    days: list[tuple[int, int | None]] = []
    for start_month, end_month in found:
        start, end = _ordinal_of(start_month), _ordinal_of(end_month)
        first = math.ceil(start - _EPSILON)
        last = None if math.isinf(end) else math.floor(end + _EPSILON)
        if last is not None and last < first:
            continue
        if days and (days[-1][1] is None or first <= days[-1][1] + 1):
            previous = days[-1]
            merged_last = None if last is None or previous[1] is None else max(previous[1], last)
            days[-1] = (previous[0], merged_last)
        else:
            days.append((first, last))
    return [(date.fromordinal(f), None if e is None else date.fromordinal(e)) for f, e in days]


def intersect(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    """The days in both lists of intervals."""
    both: list[Interval] = []
    for a_start, a_end in first:
        for b_start, b_end in second:
            start = max(a_start, b_start)
            ends = [e for e in (a_end, b_end) if e is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                both.append((start, end))
    return sorted(both)


def need_text(framework: Framework, need: ExperienceNeed) -> str:
    """'36 months leading projects in the last 8 years' (the need's own words, its window)."""
    if need.description:
        what = need.description
    else:
        names = [framework.roles_by_id[r].title for r in need.roles if r in framework.roles_by_id]
        names += [
            framework.tracks_by_id[t].name for t in need.tracks if t in framework.tracks_by_id
        ]
        what = "in " + (" or ".join(names) if names else "any role")
    text = f"{need.months} months {what}"
    if need.within_months is not None:
        text += f" {window_text(need.within_months)}"
    return text


def window_text(within_months: int) -> str:
    """'in the last 8 years' or 'in the last 18 months'."""
    if within_months % 12 == 0:
        years = within_months // 12
        return f"in the last {years} year{'s' if years != 1 else ''}"
    return f"in the last {within_months} months"
