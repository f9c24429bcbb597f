"""A scheduled development plan and its rules, stated and checked without a solver.

Months are offsets from the plan's first month (0 = the start month). An action lasts
``duration_months`` whole months and its effort is spread evenly over them. It *reaches* the
levels in its ``develops`` (the framework file's meaning: "the level it can raise you to"): a
level is ``max(current, develops)``, never ``current + develops``, and is counted once the
action ends. Everything planned must end by the last month of the horizon.

Prerequisites (alternative options, any one of them): education and experience are met on a
calendar day (domain/eligibility.py); a *certification* needs them by its exam, taken in its last
month, other actions by their first month. Prerequisite actions must be held, or end in a month
before the action starts.

The 70/20/10 balance is on effort hours: assignments are experience, mentoring is social,
courses, certifications and reading are formal. Each category's share of the plan's effort must
lie within ``tolerance`` of its target share (an empty plan is balanced).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pmopath.domain.eligibility import month_index, month_start, option_status
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Action, ActionKind, Education, Framework, Role
from pmopath.domain.people import RoleSpell

WEEKS_PER_MONTH = 52 / 12


class Category(StrEnum):
    """The 70/20/10 categories of learning."""

    EXPERIENCE = "experience"
    SOCIAL = "social"
    FORMAL = "formal"


CATEGORY_OF_KIND = {
    ActionKind.ASSIGNMENT: Category.EXPERIENCE,
    ActionKind.MENTORING: Category.SOCIAL,
    ActionKind.COURSE: Category.FORMAL,
    ActionKind.CERTIFICATION: Category.FORMAL,
    ActionKind.READING: Category.FORMAL,
}


@dataclass(frozen=True, slots=True)
class Balance:
    """Target shares of effort by category, each allowed to be off by ``tolerance``."""

    experience: float = 0.70
    social: float = 0.20
    formal: float = 0.10
    tolerance: float = 0.10

    def share(self, category: Category) -> float:
        return {
            Category.EXPERIENCE: self.experience,
            Category.SOCIAL: self.social,
            Category.FORMAL: self.formal,
        }[category]


class PlanInfeasible(InvalidRequest):
    """No plan meets the request; the message says what to relax."""

    def __init__(self, problem: str, relax: str) -> None:
        self.problem = problem
        self.relax = relax
        super().__init__(f"{problem}; {relax}")


@dataclass(frozen=True)
class PlanRequest:
    """A person's situation and the limits a plan must keep.

    ``pinned`` maps an action id to a fixed start offset, or None for "any time";
    ``goal``, when set, asks for the fewest months that reach that readiness instead.
    """

    role: Role
    levels: Mapping[str, int]
    start: date
    months: int
    hours_per_month: float
    budget: float
    history: tuple[RoleSpell, ...] = ()
    held: frozenset[str] = frozenset()
    education: Education | None = None
    balance: Balance | None = Balance()
    pinned: Mapping[str, int | None] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    added: tuple[Action, ...] = ()
    goal: float | None = None

    def month(self, offset: int) -> date:
        """The first day of plan month ``offset``."""
        return month_start(month_index(self.start) + offset)


def duration_months(action: Action) -> int:
    """Whole months an action takes (at least one)."""
    return max(1, math.ceil(action.duration_weeks / WEEKS_PER_MONTH - 1e-9))


def hours_per_month(action: Action) -> float:
    return action.effort_hours / duration_months(action)


def gate_offset(action: Action, start: int) -> int:
    """The month whose date education and experience must be met by (the exam month)."""
    return start + duration_months(action) - 1 if action.kind is ActionKind.CERTIFICATION else start


class PlanOption(NamedTuple):
    """One usable prerequisite option in plan terms: from which month, after which actions."""

    label: str
    earliest: int
    all_of: tuple[str, ...]
    any_of: tuple[str, ...]


def catalogue(framework: Framework, request: PlanRequest) -> tuple[Action, ...]:
    """The actions a plan may use: the framework's and the added, less removed and held."""
    seen: dict[str, Action] = {}
    for action in (*framework.actions, *request.added):
        if action.id not in request.removed and action.id not in request.held:
            seen[action.id] = action
    return tuple(seen.values())


def plan_options(
    framework: Framework, action: Action, request: PlanRequest
) -> tuple[PlanOption, ...]:
    """The prerequisite options of ``action`` that waiting can meet (one empty if it has none)."""
    if not action.prerequisites:
        return (PlanOption("", 0, (), ()),)
    first = month_index(request.start)
    found = []
    for option in action.prerequisites:
        status = option_status(framework, option, request.history, request.held, request.education)
        if status.met_on is None:
            continue
        earliest = max(0, month_index(status.met_on) - first) if status.met_on > date.min else 0
        found.append(PlanOption(option.label, earliest, status.needs_all, status.needs_any))
    return tuple(found)


def levels_after(levels: Mapping[str, int], actions: Iterable[Action]) -> dict[str, int]:
    """The levels once every action in ``actions`` has ended (each reaches its levels)."""
    reached = dict(levels)
    for action in actions:
        for competency, level in action.develops.items():
            if level > reached.get(competency, 0):
                reached[competency] = level
    return reached


class Raise(NamedTuple):
    competency: str
    from_level: int
    to_level: int


def raises_in_order(
    levels: Mapping[str, int], ordered: Sequence[Action]
) -> tuple[tuple[Raise, ...], ...]:
    """What each action (in end order) raises beyond the levels reached before it."""
    reached = dict(levels)
    result = []
    for action in ordered:
        raised = []
        for competency, level in action.develops.items():
            before = reached.get(competency, 0)
            if level > before:
                raised.append(Raise(competency, before, level))
                reached[competency] = level
        result.append(tuple(raised))
    return tuple(result)


_SHOWN_BY = {
    ActionKind.CERTIFICATION: "shown by the exam passed",
    ActionKind.COURSE: "shown by applying it at work",
    ActionKind.ASSIGNMENT: "shown by the outcome your manager sees",
    ActionKind.MENTORING: "shown by your mentor's feedback",
    ActionKind.READING: "shown by a short written summary",
}


def smart_objectives(
    framework: Framework, role: Role, action: Action, raised: Sequence[Raise], due: date
) -> tuple[str, ...]:
    """SMART objectives, one short line per raised competency: the competency, the level, the
    role's need, the date and how it will be shown (the action's title is beside it already)."""
    required = role.required_levels
    shown = _SHOWN_BY[action.kind]
    objectives = []
    for item in raised:
        competency = framework.competencies_by_id.get(item.competency)
        name = competency.name if competency else item.competency
        label = framework.scale.label(item.to_level)
        need = required.get(item.competency)
        toward = f"; role needs {need}" if need else ""
        objectives.append(
            f"Raise {name} from level {item.from_level} to {item.to_level} ({label}{toward}) "
            f"by the end of {due:%B %Y}, {shown}."
        )
    return tuple(objectives)
