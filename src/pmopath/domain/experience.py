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
* Months are days / (365.25 / 12); a window of ``within_months`` is that many such months
  (96 months is exactly eight years of 365.25 days).
* Served experience on a day D is the counted time inside ``[D - window, D]``; without a window,
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
from collections.abc import Sequence
from datetime import date

from pmopath.domain.framework import ExperienceNeed, Framework
from pmopath.domain.people import RoleSpell

DAYS_PER_MONTH = 365.25 / 12
_EPSILON = 1e-9

Span = tuple[float, float]
"""Counted time as ordinal days [start, end); an open spell ends at infinity."""
Interval = tuple[date, date | None]
"""Days a need holds: first day, last day (None: from then on)."""


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
            float(spell.started_on.toordinal()),
            math.inf if spell.ended_on is None else float(spell.ended_on.toordinal()),
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


def _window_days(need: ExperienceNeed) -> float | None:
    return None if need.within_months is None else need.within_months * DAYS_PER_MONTH


def served_days(spans: Sequence[Span], day: float, window: float | None) -> float:
    """Counted days inside the window that ends on ``day`` (all before it without a window)."""
    low = -math.inf if window is None else day - window
    return sum(max(min(end, day) - max(start, low), 0.0) for start, end in spans)


def months_served(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell], on: date
) -> int:
    """Whole months counting towards ``need`` served by ``on`` (inside its window)."""
    spans = counted_spans(framework, need, history)
    served = served_days(spans, float(on.toordinal()), _window_days(need))
    return int(served / DAYS_PER_MONTH + _EPSILON)


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
    window = _window_days(need)
    wanted = need.months * DAYS_PER_MONTH
    points = _breaks(spans, window, float(since.toordinal()))
    found: list[tuple[float, float]] = []
    for a, b in zip(points, [*points[1:], math.inf], strict=True):
        fa = served_days(spans, a, window)
        if math.isinf(b):
            slope = served_days(spans, a + 1.0, window) - fa
            if fa >= wanted - _EPSILON:
                found.append((a, math.inf))
            elif slope > _EPSILON:
                found.append((a + (wanted - fa) / slope, math.inf))
            continue
        part = _holding(fa, served_days(spans, b, window), a, b, wanted)
        if part is not None:
            found.append(part)
    return _as_dates(found)


def _as_dates(found: Sequence[tuple[float, float]]) -> list[Interval]:
    days: list[tuple[int, int | None]] = []
    for start, end in found:
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
