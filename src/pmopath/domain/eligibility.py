"""When a person becomes eligible for each certification, from role history and what they hold.

The model
---------
* Experience is counted from the role history: a spell counts towards a need when its role is
  one of the need's roles, or belongs to one of its tracks (a need naming neither counts every
  role). Months are days / (365.25 / 12), so a spell from 15 March to 15 April is one month.
* Time keeps passing: a spell with no end is taken to go on (the person stays in their current
  role), so an unmet need is met on a known future date. A need that no open spell counts
  towards is never met by waiting. Look-back windows ("in the last eight years") are not
  modelled: every recorded month counts.
* Education is compared none < secondary < degree; an unknown education (``None``) is taken as
  met, and the reason says so.
* Prerequisite *actions* (Foundation before Practitioner, the CAPM or 35 hours of education)
  are met by what is held; those not held are listed as still needed, and the certification is
  eligible once they are passed.
* Eligibility is a calendar month: the month in which the last need is met. An exam sat at the
  end of that month is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.framework import (
    Action,
    ActionKind,
    Education,
    ExperienceNeed,
    Framework,
    PrerequisiteOption,
)
from pmopath.domain.people import RoleSpell

DAYS_PER_MONTH = 365.25 / 12
EDUCATION_RANK = {Education.NONE: 0, Education.SECONDARY: 1, Education.DEGREE: 2}


def month_index(day: date) -> int:
    """A month as one integer (year x 12 + month - 1), so months can be subtracted."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    """The first day of the month numbered ``index`` (see ``month_index``)."""
    return date(index // 12, index % 12 + 1, 1)


def month_text(day: date) -> str:
    """``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def _counts(framework: Framework, need: ExperienceNeed, role_id: str) -> bool:
    if not need.roles and not need.tracks:
        return True
    if role_id in need.roles:
        return True
    role = framework.roles_by_id.get(role_id)
    return role is not None and role.track in need.tracks


def experience_met_on(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell]
) -> date | None:
    """Return the day ``need`` is (or will be) met from ``history``; None if never by waiting.

    A need of zero months is met from ``date.min``.
    """
    if need.months <= 0:
        return date.min
    spells = sorted(
        (s for s in history if s.started_on is not None and _counts(framework, need, s.role)),
        key=lambda s: s.started_on or date.min,
    )
    served = 0.0
    for spell in spells:
        assert spell.started_on is not None
        remaining = need.months - served
        if spell.ended_on is None:
            return spell.started_on + timedelta(days=math.ceil(remaining * DAYS_PER_MONTH))
        length = max((spell.ended_on - spell.started_on).days, 0) / DAYS_PER_MONTH
        if length >= remaining:
            return spell.started_on + timedelta(days=math.ceil(remaining * DAYS_PER_MONTH))
        served += length
    return None


def months_served(
    framework: Framework, need: ExperienceNeed, history: Sequence[RoleSpell], on: date
) -> int:
    """Whole months of experience counting towards ``need`` served by ``on``."""
    served = 0.0
    for spell in history:
        if spell.started_on is None or not _counts(framework, need, spell.role):
            continue
        end = min(spell.ended_on or on, on)
        served += max((end - spell.started_on).days, 0) / DAYS_PER_MONTH
    return int(served + 1e-9)


@dataclass(frozen=True, slots=True)
class OptionStatus:
    """How far a person is from one prerequisite option.

    ``met_on`` is the day its education and experience parts are met (None: never, by waiting);
    ``needs`` the actions still to pass (every one of ``actions``, and, when none of
    ``any_of_actions`` is held, those alternatives as one group).
    """

    option: PrerequisiteOption
    met_on: date | None
    needs_all: tuple[str, ...]
    needs_any: tuple[str, ...]
    education_assumed: bool
    why_not: str = ""


def option_status(
    framework: Framework,
    option: PrerequisiteOption,
    history: Sequence[RoleSpell],
    held: Collection[str],
    education: Education | None,
) -> OptionStatus:
    """Return how far the person is from ``option`` (see OptionStatus)."""
    needs_all = tuple(a for a in option.actions if a not in held)
    any_met = not option.any_of_actions or any(a in held for a in option.any_of_actions)
    needs_any = () if any_met else option.any_of_actions
    assumed = education is None and option.education is not Education.NONE
    if education is not None and EDUCATION_RANK[education] < EDUCATION_RANK[option.education]:
        why = f"needs {option.education.value} education"
        return OptionStatus(option, None, needs_all, needs_any, assumed, why)
    met_on = date.min
    for need in option.experience:
        day = experience_met_on(framework, need, history)
        if day is None:
            why = f"needs {need.months} months in {_need_names(framework, need)}"
            return OptionStatus(option, None, needs_all, needs_any, assumed, why)
        met_on = max(met_on, day)
    return OptionStatus(option, met_on, needs_all, needs_any, assumed)


def _need_names(framework: Framework, need: ExperienceNeed) -> str:
    if need.description:
        return need.description
    names = [framework.roles_by_id[r].title for r in need.roles if r in framework.roles_by_id]
    names += [framework.tracks_by_id[t].name for t in need.tracks if t in framework.tracks_by_id]
    return " or ".join(names) if names else "any role"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """When one certification can be taken, by the best prerequisite option, and why."""

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

    def text(self, framework: Framework | None = None) -> str:
        """A sentence such as 'eligible for PMP from 2027-03: 36 months leading projects'."""
        title = self.action.title
        if self.held:
            return f"{title}: held"
        if self.eligible_from is None:
            return f"not eligible for {title}: {self.reason}"
        parts = [_title(framework, a) for a in self.needs]
        if self.needs_one_of:
            one_of = " or ".join(_title(framework, a) for a in self.needs_one_of)
            parts.append(f"({one_of})" if parts else one_of)
        verb = "is" if len(parts) == 1 else "are"
        after = f" once {' and '.join(parts)} {verb} passed" if parts else ""
        return f"eligible for {title} from {month_text(self.eligible_from)}{after}: {self.reason}"


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
) -> Eligibility:
    """Return when ``action`` can be taken (its best option: nothing outstanding, earliest)."""
    now = month_start(month_index(today))
    if action.id in held:
        return Eligibility(action, True, now, "already held")
    if not action.prerequisites:
        return Eligibility(action, False, now, "no prerequisites")
    statuses = [option_status(framework, o, history, held, education) for o in action.prerequisites]
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
    )


def certification_eligibility(
    framework: Framework,
    history: Sequence[RoleSpell],
    held: Collection[str],
    education: Education | None,
    today: date,
    *,
    kinds: Collection[ActionKind] = (ActionKind.CERTIFICATION,),
) -> tuple[Eligibility, ...]:
    """Return, for every action of ``kinds`` in file order, when the person is eligible."""
    return tuple(
        eligibility_for(framework, action, history, held, education, today)
        for action in framework.actions
        if action.kind in kinds
    )
