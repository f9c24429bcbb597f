"""Plan suggestions and certification eligibility for a stored person (CLI, API and pages).

Held certifications and education are read from the person's stored credentials; callers may
add more (the CLI's --held) or say the education for this question (--education). An unknown
education is taken as met, and eligibility says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pmopath.domain.credentials import Credentials
from pmopath.domain.eligibility import (
    Eligibility,
    certification_eligibility,
    month_index,
    month_start,
    month_text,
)
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Education, Framework
from pmopath.domain.people import PersonRecord, RoleSpell
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.domain.plan_schedule import Balance, PlanRequest
from pmopath.domain.role_history import with_current_role
from pmopath.services.careers.roles import resolve_role
from pmopath.services.careers.schemas import LevelRaisePublic
from pmopath.services.optimiser.optimise import (
    INTERACTIVE_SECONDS,
    OptimisedPlan,
    PlannedItem,
    optimise_plan,
)
from pmopath.services.people.access import readable_person
from pmopath.services.people.records import record_of
from pmopath.services.plans.schemas import (
    EligibilitiesPublic,
    EligibilityPublic,
    OptimisedPlanPublic,
    SuggestedItemPublic,
    SuggestionPublic,
)
from pmopath.services.ports.store import Store

DEFAULT_MONTHS = 12
GOAL_MONTHS = 36
"""With a readiness goal and no target date, the soonest month is looked for within 3 years."""
DEFAULT_BALANCE = Balance()
_PIN = re.compile(r"^(?P<action>[\w-]+)(?:@(?P<month>\d{4}-\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Who the plan is for, and the optimiser's answer."""

    record: PersonRecord
    plan: OptimisedPlan


def parse_month(text: str, what: str = "month") -> date:
    """``YYYY-MM`` -> the first day of that month; raises InvalidRequest."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InvalidRequest(f"{what} must be a month as YYYY-MM, not '{text}'")
    return date(int(match[1]), int(match[2]), 1)


def _load(
    store: Store, reference: str, viewer: Viewer
) -> tuple[PersonRecord, tuple[RoleSpell, ...], Credentials]:
    with store.unit_of_work() as uow:
        record = record_of(uow, readable_person(uow, viewer, reference))
        assert record.person.id is not None
        stored = uow.credentials.for_person(record.person.id)
    person = record.person
    history = with_current_role(record.history, person.role, person.role_since)
    return record, history, stored


def _held(framework: Framework, stored: Credentials, held: Sequence[str]) -> frozenset[str]:
    return frozenset(stored.certifications) | {_action_id(framework, a) for a in held}


def parse_balance(text: str, tolerance: float) -> Balance | None:
    """``70/20/10`` (experience/social/formal, percent) and a tolerance in points, or ``off``."""
    if text.strip().casefold() == "off":
        return None
    parts = text.split("/")
    try:
        shares = [float(p) / 100 for p in parts]
    except ValueError:
        shares = []
    if len(shares) != 3 or abs(sum(shares) - 1) > 1e-6 or min(shares) < 0:
        raise InvalidRequest(
            f"--balance takes experience/social/formal percentages adding up to 100, or off; "
            f"not '{text}'"
        )
    if not 0 <= tolerance <= 100:
        raise InvalidRequest(f"--tolerance must be from 0 to 100 points, not {tolerance:g}")
    experience, social, formal = shares
    return Balance(experience, social, formal, tolerance / 100)


def _pins(framework: Framework, start: date, pins: Sequence[str]) -> dict[str, int | None]:
    pinned: dict[str, int | None] = {}
    for text in pins:
        match = _PIN.match(text.strip())
        if match is None:
            raise InvalidRequest(f"--pin takes ACTION or ACTION@YYYY-MM, not '{text}'")
        month = match["month"]
        offset = None
        if month is not None:
            offset = month_index(parse_month(month)) - month_index(start)
            if offset < 0:
                raise InvalidRequest(f"--pin {text}: the plan starts in {month_text(start)}")
        pinned[_action_id(framework, match["action"])] = offset
    return pinned


def _action_id(framework: Framework, reference: str) -> str:
    if reference in framework.actions_by_id:
        return reference
    close = [a for a in framework.actions_by_id if reference.casefold() in a]
    hint = f" Did you mean: {', '.join(close[:5])}?" if close else ""
    raise InvalidRequest(f"unknown action '{reference}'.{hint}")


def suggest_plan(
    store: Store,
    reference: str,
    *,
    today: date,
    hours_per_month: float,
    budget: float,
    by: date | None = None,
    goal: float | None = None,
    role: str | None = None,
    pins: Sequence[str] = (),
    without: Sequence[str] = (),
    held: Sequence[str] = (),
    education: Education | None = None,
    balance: Balance | None = DEFAULT_BALANCE,
    viewer: Viewer = SYSTEM,
    time_limit: float = INTERACTIVE_SECONDS,
) -> Suggestion:
    """Return the optimised plan for a stored person towards ``role`` (default: primary target).

    The plan starts in ``today``'s month and ends by the end of ``by``'s month (default: 12
    months; with a ``goal``, the soonest month within 36). Raises NotFound, InvalidRequest,
    PlanInfeasible (which says what to relax).
    """
    framework = store.framework
    record, history, stored = _load(store, reference, viewer)
    target = _target(framework, record, role)
    start = month_start(month_index(today))
    default = GOAL_MONTHS if goal is not None else DEFAULT_MONTHS
    months = month_index(by) - month_index(start) + 1 if by is not None else default
    known = {c: v for c, v in record.levels.items() if c in framework.competencies_by_id}
    request = PlanRequest(
        framework.role(target),
        known,
        start,
        months,
        hours_per_month,
        budget,
        history=history,
        held=_held(framework, stored, held),
        education=education or stored.education,
        pinned=_pins(framework, start, pins),
        removed=frozenset(_action_id(framework, a) for a in without),
        goal=goal,
        balance=balance,
    )
    plan = optimise_plan(framework, request, milp=store.ports.milp, time_limit=time_limit)
    return Suggestion(record, plan)


def _target(framework: Framework, record: PersonRecord, role: str | None) -> str:
    if role is not None:
        return resolve_role(framework, role).id
    primary = next((t.role for t in record.targets if t.is_primary), None)
    if primary is None or primary not in framework.roles_by_id:
        raise InvalidRequest(
            f"{record.person.name} has no primary target role: give --role, or set one with "
            "'pmopath target PERSON ROLE'"
        )
    return primary


def eligibility_of(
    store: Store,
    reference: str,
    *,
    today: date,
    held: Sequence[str] = (),
    education: Education | None = None,
    viewer: Viewer = SYSTEM,
) -> tuple[PersonRecord, tuple[Eligibility, ...]]:
    """Return a stored person's record and, per certification, when they become eligible."""
    record, history, stored = _load(store, reference, viewer)
    return record, eligibility_from(
        store.framework, history, stored, today=today, held=held, education=education
    )


def eligibility_from(
    framework: Framework,
    history: Sequence[RoleSpell],
    stored: Credentials,
    *,
    today: date,
    held: Sequence[str] = (),
    education: Education | None = None,
) -> tuple[Eligibility, ...]:
    """Per certification, when a person with this role ``history`` (their current role
    included) and these ``stored`` credentials becomes eligible."""
    return certification_eligibility(
        framework,
        history,
        _held(framework, stored, held),
        education or stored.education,
        today,
        earned=stored.earned_on,
    )


def eligibility_view(framework: Framework, found: Sequence[Eligibility]) -> list[EligibilityPublic]:
    """Eligibility, one entry per certification."""
    return [
        EligibilityPublic(
            action=e.action.id,
            title=e.action.title,
            held=e.held,
            eligible_from=month_text(e.eligible_from) if e.eligible_from else None,
            needs=list(e.needs),
            needs_one_of=list(e.needs_one_of),
            reason=e.reason,
            text=e.text(framework),
            eligible_until=month_text(e.eligible_until) if e.eligible_until else None,
            expires_on=e.expires_on,
            expired=e.expired,
            validity_months=e.action.validity_months,
            renewal=e.action.renewal,
        )
        for e in found
    ]


def eligibilities_view(framework: Framework, found: Sequence[Eligibility]) -> EligibilitiesPublic:
    """Eligibility in the usual envelope."""
    data = eligibility_view(framework, found)
    return EligibilitiesPublic(data=data, count=len(data))


def _item_view(item: PlannedItem) -> SuggestedItemPublic:
    return SuggestedItemPublic(
        action=item.action.id,
        title=item.action.title,
        kind=item.action.kind,
        start=month_text(item.start),
        end=month_text(item.end),
        hours_per_month=round(item.hours_per_month, 2),
        cost=item.action.cost,
        pinned=item.pinned,
        raises=[
            LevelRaisePublic(competency=r.competency, from_=r.from_level, to=r.to_level)
            for r in item.raises
        ],
        readiness_without=round(item.readiness_without, 2),
        objectives=list(item.objectives),
        raw_without=round(item.raw_without, 2),
        unblocks=list(item.unblocks),
        for_balance=item.for_balance,
    )


def plan_view(plan: OptimisedPlan) -> OptimisedPlanPublic:
    """The optimised plan with its explanation."""
    request = plan.request
    return OptimisedPlanPublic(
        target_role=request.role.id,
        start=month_text(request.start),
        end=month_text(request.month(plan.months - 1)),
        months=plan.months,
        hours_per_month=request.hours_per_month,
        budget=request.budget,
        readiness_before=round(plan.readiness_before, 2),
        readiness=round(plan.readiness, 2),
        status=plan.status,
        optimality_gap=plan.gap,
        cost=plan.cost,
        effort_hours=plan.effort,
        effort_by_category=dict(plan.effort_by_category),
        hours_by_month=[round(h, 2) for h in plan.hours_by_month],
        items=[_item_view(item) for item in plan.items],
        raw_before=round(plan.raw_before, 2),
        raw=round(plan.raw, 2),
        blockers_before=list(plan.blockers_before),
        blockers_after=list(plan.blockers_after),
        dropped=[a.id for a in plan.dropped],
    )


def suggestion_view(found: Suggestion) -> SuggestionPublic:
    """The optimised plan and whose it is."""
    person_id = found.record.person.id
    assert person_id is not None, "suggestions are for stored people"
    return SuggestionPublic(person_id=person_id, **dict(plan_view(found.plan)))
