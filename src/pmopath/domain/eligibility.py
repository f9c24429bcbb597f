"""When a person becomes eligible for each certification, from role history and what they hold.

The model
---------
* Experience is counted from the role history as pmopath.domain.experience describes: the roles
  or tracks of each need (and its kind of work, such as agile), overlapping spells once, and only
  the months inside a need's look-back window ("36 months in the last eight years"). A spell with
  no end is taken to go on, so an unmet need is met on a known future date; a need that no open
  spell counts towards is never met by waiting.
* Look-back windows: months older than the window do not count, so the month of eligibility
  moves later when early months fall out before the need is met, and someone who has left the
  roles that count can lose an eligibility they had (``eligible_until`` says until when). While
  the person goes on accumulating, what leaves the window is replaced and nothing is lost.
* Education is compared none < secondary < degree < GAC-accredited degree; an unknown education
  (``None``) is taken as meeting secondary and degree options, and the reason says so, but never
  a GAC-accredited degree, which few people hold: that route needs the education recorded.
* Prerequisite *actions* (Foundation before Practitioner, the CAPM, and training hours such as
  35 hours of project management education or 10 hours of PMO education, which are courses in
  the catalogue) are met by what is held; those not held are listed as still needed, and the
  certification is eligible once they are passed.
* Eligibility is a calendar month: the month in which the last need is met. An exam sat at the
  end of that month is allowed.
* A held certification with a validity (``Action.validity_months``) lapses that long after it
  was earned, when the day it was earned is known; the answer then says it is expired, or until
  when it is current, with the renewal rule. When the day is not known, the rule is still shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmopath.domain.experience import (
    DAYS_PER_MONTH,
    Interval,
    intersect,
    met_intervals,
    months_served,
    need_text,
)
from pmopath.domain.framework import (
    Action,
    ActionKind,
    Education,
    ExperienceNeed,
    Framework,
    PrerequisiteOption,
)
from pmopath.domain.people import RoleSpell

__all__ = [
    "DAYS_PER_MONTH",
    "EDUCATION_RANK",
    "Eligibility",
    "EligibilityGroups",
    "OptionStatus",
    "certification_eligibility",
    "eligibility_for",
    "experience_met_on",
    "expires_on",
    "grouped",
    "month_index",
    "month_start",
    "month_text",
    "months_served",
    "option_status",
]

EDUCATION_RANK = {
    Education.NONE: 0,
    Education.SECONDARY: 1,
    Education.DEGREE: 2,
    Education.GAC_DEGREE: 3,
}


def month_index(day: date) -> int:
    """A month as one integer (year x 12 + month - 1), so months can be subtracted."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    """The first day of the month numbered ``index`` (see ``month_index``)."""
    return date(index // 12, index % 12 + 1, 1)


def month_text(day: date) -> str:
    """``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = month_index(day) + months
    first = month_start(index).toordinal()
    last = month_start(index + 1).toordinal() - 1
    return date.fromordinal(min(first + day.day - 1, last))


def expires_on(action: Action, earned_on: date) -> date | None:
    """The day a pass earned on ``earned_on`` stops being current (None: it does not expire)."""
    if action.validity_months is None:
        return None
    return add_months(earned_on, action.validity_months)


def experience_met_on(
    framework: Framework,
    need: ExperienceNeed,
    history: Sequence[RoleSpell],
    since: date = date.min,
) -> date | None:
    """Return the first day from ``since`` on that ``need`` holds; None if never by waiting.

    A need of zero months is met from ``date.min``.
    """
    if need.months <= 0:
        return date.min
    found = met_intervals(framework, need, history, since)
    return found[0][0] if found else None


@dataclass(frozen=True, slots=True)
class OptionStatus:
    """How far a person is from one prerequisite option.

    ``met_on`` is the first day from today on that its education and experience parts hold
    together (None: never, by waiting), ``until`` the last day they still hold (None: from then
    on); ``needs`` the actions still to pass (every one of ``actions``, and, when none of
    ``any_of_actions`` is held, those alternatives as one group).
    """

    option: PrerequisiteOption
    met_on: date | None
    needs_all: tuple[str, ...]
    needs_any: tuple[str, ...]
    education_assumed: bool
    why_not: str = ""
    until: date | None = None


def option_status(
    framework: Framework,
    option: PrerequisiteOption,
    history: Sequence[RoleSpell],
    held: Collection[str],
    education: Education | None,
    today: date = date.min,
) -> OptionStatus:
    """Return how far the person is from ``option`` from ``today`` on (see OptionStatus)."""
    needs_all = tuple(a for a in option.actions if a not in held)
    any_met = not option.any_of_actions or any(a in held for a in option.any_of_actions)
    needs_any = () if any_met else option.any_of_actions
    assumed = education is None and option.education is not Education.NONE
    if education is None and option.education is Education.GAC_DEGREE:
        why = "needs a degree from a GAC-accredited programme (education not recorded)"
        return OptionStatus(option, None, needs_all, needs_any, False, why)
    if education is not None and EDUCATION_RANK[education] < EDUCATION_RANK[option.education]:
        why = f"needs {education_text(option.education)}"
        return OptionStatus(option, None, needs_all, needs_any, assumed, why)
    holds: list[Interval] = [(today, None)]
    for need in option.experience:
        holds = intersect(holds, met_intervals(framework, need, history, today))
        if not holds:
            why = f"needs {need_text(framework, need)}"
            return OptionStatus(option, None, needs_all, needs_any, assumed, why)
    first, until = holds[0]
    met_on = date.min if not option.experience else first
    return OptionStatus(option, met_on, needs_all, needs_any, assumed, until=until)


def education_text(education: Education) -> str:
    """'secondary education', 'degree education', 'a degree from a GAC-accredited programme'."""
    if education is Education.GAC_DEGREE:
        return "a degree from a GAC-accredited programme"
    return f"{education.value} education"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """When one certification can be taken, by the best prerequisite option, and why.

    For a held certification, ``expires_on`` is the day it stops being current when the day it
    was earned is known, and ``expired`` whether that day has passed.
    """

    action: Action
    held: bool
    eligible_from: date | None
    """The first day of the month of eligibility; None when no option can be met by waiting."""
    reason: str
    needs: tuple[str, ...] = ()
    """Actions (ids) still to pass first, every one of them."""
    needs_one_of: tuple[str, ...] = ()
    """Alternatives (ids), one of which is still to pass first."""
    education_assumed: bool = False
    eligible_until: date | None = None
    """The last day the experience still counts (older months leave a look-back window and the
    person no longer accumulates any); None: no end."""
    expires_on: date | None = None
    expired: bool = False

    def text(
        self,
        framework: Framework | None = None,
        *,
        month: Callable[[date], str] | None = None,
        today: date | None = None,
    ) -> str:
        """A sentence such as 'eligible for PMP from 2027-03: 36 months leading projects'
        (``month`` writes the months: pages pass one that says "March 2027"; with ``today``,
        a month already reached reads "eligible for PMP now")."""
        show = month or month_text
        title = self.action.title
        if self.held:
            return f"{title}: {self.held_text(month=month)}"
        if self.eligible_from is None:
            return f"not eligible for {title}: {self.reason}"
        parts = [_title(framework, a) for a in self.needs]
        if self.needs_one_of:
            one_of = " or ".join(_title(framework, a) for a in self.needs_one_of)
            parts.append(f"({one_of})" if parts else one_of)
        verb = "is" if len(parts) == 1 else "are"
        after = f" once {' and '.join(parts)} {verb} passed" if parts else ""
        until = ""
        if self.eligible_until is not None:
            until = f" until {show(self.eligible_until)} (older months leave the window)"
        if today is not None and self.eligible_from <= today:
            return f"eligible for {title} now{until}{after}: {self.reason}"
        when = show(self.eligible_from)
        return f"eligible for {title} from {when}{until}{after}: {self.reason}"

    def held_text(self, *, month: Callable[[date], str] | None = None) -> str:
        """'held', 'held, current until 2027-05' or 'held, expired 2025-01: renew by ...'."""
        show = month or month_text
        renewal = f": {self.action.renewal}" if self.action.renewal else ""
        if self.expires_on is None:
            if self.action.validity_months is None:
                return "held"
            return f"held (valid {self.action.validity_months} months from the pass{renewal})"
        if self.expired:
            return f"held, expired {show(self.expires_on)}{renewal}"
        return f"held, current until {show(self.expires_on)}{renewal}"


SOON_MONTHS = 12
"""What "soon" means in a list of certifications: eligible within this many months."""


@dataclass(frozen=True, slots=True)
class EligibilityGroups:
    """A list of certifications in the order that matters.

    Shown first: ``held``; ``now``: prerequisites met today with nothing left to pass first;
    ``open_to_anyone``: no prerequisites (eligible now too, but nothing personal about it);
    ``soon``: met on a known day within ``soon_months`` months, nothing left to pass. Folded
    away: eligible once another certification is passed (``after_passing``), and later or not
    by waiting (``later``).
    """

    held: tuple[Eligibility, ...]
    now: tuple[Eligibility, ...]
    soon: tuple[Eligibility, ...]
    after_passing: tuple[Eligibility, ...]
    open_to_anyone: tuple[Eligibility, ...]
    later: tuple[Eligibility, ...]
    today: date
    soon_months: int = SOON_MONTHS

    @property
    def first(self) -> tuple[Eligibility, ...]:
        """What is shown first: held, eligible now, eligible soon."""
        return self.held + self.now + self.open_to_anyone + self.soon

    @property
    def rest(self) -> tuple[Eligibility, ...]:
        """What is folded away, in that order."""
        return self.after_passing + self.later

    @property
    def total(self) -> int:
        return len(self.first) + len(self.rest)


def grouped(
    entries: Sequence[Eligibility], today: date, soon_months: int = SOON_MONTHS
) -> EligibilityGroups:
    """Split ``entries`` into EligibilityGroups as of ``today``; within a group the earliest
    month first (the given order breaks ties)."""
    horizon = add_months(today, soon_months)
    groups: dict[str, list[Eligibility]] = {
        k: [] for k in ("held", "now", "soon", "after", "open", "later")
    }
    for entry in entries:
        groups[_group_of(entry, today, horizon)].append(entry)

    def by_month(key: str) -> tuple[Eligibility, ...]:
        return tuple(sorted(groups[key], key=lambda e: e.eligible_from or date.max))

    return EligibilityGroups(
        tuple(groups["held"]),
        by_month("now"),
        by_month("soon"),
        by_month("after"),
        by_month("open"),
        by_month("later"),
        today,
        soon_months,
    )


def _group_of(entry: Eligibility, today: date, horizon: date) -> str:
    if entry.held:
        return "held"
    if entry.eligible_from is None or entry.eligible_from > horizon:
        return "later"
    if entry.needs or entry.needs_one_of:
        return "after"
    if not entry.action.prerequisites:
        return "open"
    return "now" if entry.eligible_from <= today else "soon"


def _title(framework: Framework | None, action_id: str) -> str:
    if framework is not None and action_id in framework.actions_by_id:
        return framework.actions_by_id[action_id].title
    return action_id


def _option_key(status: OptionStatus, today: date) -> tuple[int, date]:
    """Fewest actions still to pass first, then the earliest month (past dates count as now)."""
    outstanding = len(status.needs_all) + (1 if status.needs_any else 0)
    return (outstanding, max(status.met_on or date.max, today))


def eligibility_for(
    framework: Framework,
    action: Action,
    history: Sequence[RoleSpell],
    held: Collection[str],
    education: Education | None,
    today: date,
    earned: Mapping[str, date] | None = None,
) -> Eligibility:
    """Return when ``action`` can be taken (its best option: nothing outstanding, earliest).

    ``earned`` gives, where known, the day each held certification was passed or last renewed.
    """
    now = month_start(month_index(today))
    if action.id in held:
        passed = (earned or {}).get(action.id)
        ends = None if passed is None else expires_on(action, passed)
        expired = ends is not None and ends <= today
        return Eligibility(action, True, now, "already held", expires_on=ends, expired=expired)
    if not action.prerequisites:
        return Eligibility(action, False, now, "no prerequisites")
    statuses = [
        option_status(framework, o, history, held, education, today) for o in action.prerequisites
    ]
    usable = [s for s in statuses if s.met_on is not None]
    if not usable:
        reasons = "; or ".join(f"{s.option.label or 'an option'} ({s.why_not})" for s in statuses)
        return Eligibility(action, False, None, reasons)
    best = min(usable, key=lambda status: _option_key(status, today))
    assert best.met_on is not None
    start = max(now, month_start(month_index(best.met_on))) if best.met_on > date.min else now
    reason = best.option.label or "prerequisites met"
    if best.education_assumed:
        reason += f" ({best.option.education.value} education assumed: not recorded)"
    return Eligibility(
        action,
        False,
        start,
        reason,
        best.needs_all,
        best.needs_any,
        education_assumed=best.education_assumed,
        eligible_until=best.until,
    )


def certification_eligibility(
    framework: Framework,
    history: Sequence[RoleSpell],
    held: Collection[str],
    education: Education | None,
    today: date,
    *,
    kinds: Collection[ActionKind] = (ActionKind.CERTIFICATION,),
    earned: Mapping[str, date] | None = None,
) -> tuple[Eligibility, ...]:
    """Return, for every action of ``kinds`` in file order, when the person is eligible."""
    return tuple(
        eligibility_for(framework, action, history, held, education, today, earned)
        for action in framework.actions
        if action.kind in kinds
    )
