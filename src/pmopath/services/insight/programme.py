"""Programme KPIs: is the development programme working? Each KPI over a chosen period and over
the period of equal length before it (its trend), for the viewer's scope.

Each KPI is one entry of ``KPIS``: an id, words, a unit and a ``measure(context, period)``
returning its figure. The events behind them are read once for both periods (the context keeps
them) and counted by the rules in ``domain/leader.py``. A KPI of another capability plugs in the
same way: a small function of the context and the period (the context opens a unit of work and
gives the scope's person ids, for a counting function such as ``feedback_counts(uow, start,
end, person_ids)``), and one more entry in ``KPIS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from pmopath.domain.leader import (
    CheckIn,
    Period,
    by_plan,
    days_to_ready,
    median,
    moves_and_promotions,
    period,
    readiness_changes,
    reviews_on_time,
    share,
)
from pmopath.domain.permissions import Viewer
from pmopath.services.feedback.queries import feedback_counts
from pmopath.services.insight.leader_scope import Scope, leader_scope, person_ids
from pmopath.services.mentoring.kpi import active_pairs
from pmopath.services.ports.leader import CheckInFact, RoleMove
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

Unit = Literal["percent", "count", "points", "days"]


@dataclass(frozen=True, slots=True)
class Figure:
    value: float | None
    """None: nothing to measure in the period (no people, no reviews...)."""
    detail: str = ""
    """What it is made of, in words: "12 of 40 people"."""


@dataclass
class KpiContext:
    """What a KPI measures from: the store, the scope and both periods; events read once."""

    store: Store
    scope: Scope
    span: Period
    """From the previous period's start to the chosen period's end."""
    uow: UnitOfWork
    _ids: set[int] | None = field(default=None, init=False)
    _ids_read: bool = field(default=False, init=False)
    ends: tuple[date, ...] = ()
    """The periods' last days (the one before's and the chosen one's)."""
    _moves: dict[Period, tuple[int, int]] = field(default_factory=dict, init=False)

    @property
    def person_ids(self) -> set[int] | None:
        """The scope's people (None: everyone), for KPIs counted by person id."""
        if not self._ids_read:
            self._ids, self._ids_read = person_ids(self.store, self.scope), True
        return self._ids

    @cached_property
    def check_ins(self) -> list[CheckInFact]:
        return self.store.insight.check_ins(
            under=self.scope.under, start=self.span.start, end=self.span.end
        )

    @cached_property
    def plan_coverage(self) -> dict[date, tuple[int, int]]:
        """(people, with an agreed plan) at the end of each period."""
        days = sorted({self.span.end, *self.ends})
        return self.store.insight.plan_coverage(under=self.scope.under, days=days)

    @cached_property
    def reviews(self) -> dict[int, list[CheckIn]]:
        """The check-ins by plan (``domain.leader.by_plan``), grouped once for every KPI."""
        return by_plan(self.check_ins)

    def moves(self, within: Period) -> tuple[int, int]:
        """(internal moves, promotions) in ``within``, counted once for both KPIs."""
        if within not in self._moves:
            roles = self.store.framework.roles_by_id
            self._moves[within] = moves_and_promotions(
                self.spells, within, lambda r: roles[r].seniority if r in roles else None
            )
        return self._moves[within]

    @cached_property
    def spells(self) -> list[RoleMove]:
        return self.store.insight.role_moves(
            under=self.scope.under, start=self.span.start, end=self.span.end
        )

    @cached_property
    def certifications(self) -> list[tuple[int, str, date]]:
        return self.store.insight.certifications_earned(
            under=self.scope.under, start=self.span.start, end=self.span.end
        )


@dataclass(frozen=True, slots=True)
class Kpi:
    id: str
    title: str
    unit: Unit
    description: str
    measure: Callable[[KpiContext, Period], Figure]
    higher_is_better: bool = True


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def agreed_plans(context: KpiContext, within: Period) -> Figure:
    whole, part = context.plan_coverage[within.end]
    return Figure(share(part, whole), f"{part} of {_people(whole)}")


def reviews_held_on_time(context: KpiContext, within: Period) -> Figure:
    on_time, held = reviews_on_time(context.reviews, within)
    return Figure(share(on_time, held), f"{on_time} of {held} reviews")


def readiness_change(context: KpiContext, within: Period) -> Figure:
    changes = readiness_changes(context.reviews, within)
    return Figure(median(changes), f"over {len(changes)} plans reviewed")


def certifications_gained(context: KpiContext, within: Period) -> Figure:
    gained = [c for c in context.certifications if within.holds(c[2])]
    return Figure(float(len(gained)), _people(len({c[0] for c in gained})))


def internal_moves(context: KpiContext, within: Period) -> Figure:
    moves, _ = context.moves(within)
    return Figure(float(moves), "changes of role")


def promotions(context: KpiContext, within: Period) -> Figure:
    _, promoted = context.moves(within)
    return Figure(float(promoted), "moves to a more senior role")


def time_to_ready(context: KpiContext, within: Period) -> Figure:
    threshold = context.store.framework.rules.ready_threshold
    days = days_to_ready(context.reviews, within, threshold)
    return Figure(median(days), f"{len(days)} reached ready")


def feedback_answered(context: KpiContext, within: Period) -> Figure:
    counts = feedback_counts(
        context.uow, within.start, within.end + timedelta(days=1), context.person_ids
    )
    return Figure(
        float(counts.answered),
        f"{_people(counts.asked)} asked in {counts.requests} "
        f"{'request' if counts.requests == 1 else 'requests'}",
    )


def mentoring_pairs(context: KpiContext, within: Period) -> Figure:
    pairs = active_pairs(context.uow, within.start, within.end, context.person_ids)
    return Figure(float(pairs), "mentor and mentee agreed, active on some day of the period")


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "agreed_plans",
        "People with an agreed plan",
        "percent",
        "Share of the people in scope with a development plan agreed by the period's end.",
        agreed_plans,
    ),
    Kpi(
        "reviews_on_time",
        "Reviews held on time",
        "percent",
        "Of the check-ins held in the period, the share held by their due date (one review "
        "period after the last check-in or the agreement).",
        reviews_held_on_time,
    ),
    Kpi(
        "readiness_change",
        "Median readiness change",
        "points",
        "Per plan reviewed in the period: readiness for its target at its last review less "
        "where it stood before the period; the median, in percentage points.",
        readiness_change,
    ),
    Kpi(
        "certifications",
        "Certifications gained",
        "count",
        "Certifications recorded as earned within the period.",
        certifications_gained,
    ),
    Kpi(
        "internal_moves",
        "Internal moves",
        "count",
        "New roles started in the period by people who held another role before (role history).",
        internal_moves,
    ),
    Kpi(
        "promotions",
        "Promotions",
        "count",
        "Internal moves into a role more senior than the one before.",
        promotions,
    ),
    Kpi(
        "time_to_ready",
        "Time from target set to ready",
        "days",
        "Median days from setting a target role to the first review at or above the ready "
        "threshold, for those who got there in the period.",
        time_to_ready,
        higher_is_better=False,
    ),
    Kpi(
        "feedback_answered",
        "Feedback answers received",
        "count",
        "Answers to stakeholder feedback requests about the people in scope received in the "
        "period (beside it, how many people were asked in how many requests made in it).",
        feedback_answered,
    ),
    Kpi(
        "mentoring_pairs",
        "Mentoring pairs active",
        "count",
        "Mentoring relationships agreed by both that were active on at least one day of the "
        "period, with the mentor or the mentee in scope.",
        mentoring_pairs,
    ),
)


@dataclass(frozen=True, slots=True)
class KpiResult:
    kpi: Kpi
    now: Figure
    before: Figure

    @property
    def change(self) -> float | None:
        if self.now.value is None or self.before.value is None:
            return None
        return self.now.value - self.before.value


@dataclass(frozen=True, slots=True)
class Programme:
    scope: Scope
    period: Period
    previous: Period
    results: tuple[KpiResult, ...]


def programme_kpis(
    store: Store,
    viewer: Viewer,
    today: date,
    *,
    start: date | None = None,
    end: date | None = None,
    manager: str | None = None,
) -> Programme:
    """Every KPI of ``KPIS`` for the period (``domain.leader.period``: by default the last 90
    days) and the one before it, in the viewer's scope (``leader_scope``).

    Raises InvalidRequest naming ``from`` or ``to`` for a period that cannot be measured,
    PermissionDenied for a member, NotFound for a manager they may not see."""
    chosen = period(start, end, today)
    scope = leader_scope(store, viewer, manager)
    previous = chosen.previous()
    with store.unit_of_work() as uow:
        context = KpiContext(
            store, scope, Period(previous.start, chosen.end), uow, (previous.end, chosen.end)
        )
        results = tuple(
            KpiResult(kpi, kpi.measure(context, chosen), kpi.measure(context, previous))
            for kpi in KPIS
        )
    return Programme(scope, chosen, previous, results)
