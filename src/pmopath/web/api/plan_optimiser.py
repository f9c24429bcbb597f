"""The plan optimiser, certification eligibility and held credentials as JSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from pmopath.domain.credentials import MAX_HELD
from pmopath.domain.framework import Education
from pmopath.services.people.credentials import credentials_of, set_credentials
from pmopath.services.people.schemas import CredentialsPublic
from pmopath.services.people.views import credentials_view
from pmopath.services.plans import adoption as plan_adoption
from pmopath.services.plans import suggestions as plan_suggestions
from pmopath.services.plans.schemas import EligibilitiesPublic, PlanPublic, SuggestionPublic
from pmopath.services.plans.views import plan_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["plans"])
MY_PLAN = error_responses(400)
"""An infeasible or malformed request, or an account without a person of its own (400)."""

ActionRef = Annotated[str, StringConstraints(max_length=100)]
Month = Annotated[str, StringConstraints(max_length=7)]


class SuggestionCreate(BaseModel):
    """What to optimise for: pins are ACTION or ACTION@YYYY-MM; ``by`` is YYYY-MM."""

    hours_per_month: float = Field(plan_adoption.DEFAULT_HOURS, gt=0, le=200)
    budget: float = Field(plan_adoption.DEFAULT_BUDGET, ge=0, le=1_000_000)
    by: Month | None = None
    goal: float | None = Field(None, gt=0, le=100)
    balance: bool = True
    pins: list[ActionRef] = Field(default_factory=list, max_length=40)
    without: list[ActionRef] = Field(default_factory=list, max_length=40)

    def asked(self) -> plan_adoption.SuggestInput:
        by = plan_suggestions.parse_month(self.by, "by") if self.by else None
        return plan_adoption.SuggestInput(
            self.hours_per_month,
            self.budget,
            by,
            self.goal,
            self.balance,
            tuple(dict.fromkeys(self.pins)),
            tuple(dict.fromkeys(self.without)),
        )


class SuggestionUse(SuggestionCreate):
    """The suggestion to write into my open plan (at ``revision``), or to start a draft with."""

    revision: int | None = Field(None, ge=1, le=2**31 - 1)


Day = Annotated[str, StringConstraints(max_length=10)]


class CredentialsUpdate(BaseModel):
    """Every certification held (action ids), the highest education (null: not given) and,
    optionally, the day or month each held one was earned (ISO date or YYYY-MM; a missing
    ``earned_on`` keeps the stored days of certifications still held)."""

    certifications: list[ActionRef] = Field(default_factory=list, max_length=MAX_HELD)
    education: Education | None = None
    earned_on: dict[ActionRef, Day] | None = Field(None, max_length=MAX_HELD)


@router.post("/plans/suggest", responses=MY_PLAN)
def suggest_plan(caller: ApiCaller, store: StoreDep, body: SuggestionCreate) -> SuggestionPublic:
    """An optimised schedule for my own plan, with why each action was chosen."""
    found = plan_adoption.suggest_for_me(store, caller.viewer, body.asked())
    return plan_suggestions.suggestion_view(found)


@router.post("/plans/suggest/use", responses=error_responses(400, 409))
def use_suggestion(caller: ApiCaller, store: StoreDep, body: SuggestionUse) -> PlanPublic:
    """Write the optimised schedule into my open draft (at its revision) or start my draft."""
    plan = plan_adoption.use_suggestion(
        store, caller.viewer, body.asked(), revision=body.revision, actor=caller.actor
    )
    return plan_view(plan)


@router.get("/people/{person_id}/eligibility")
def get_eligibility(caller: ApiCaller, store: StoreDep, person_id: int) -> EligibilitiesPublic:
    """When the person becomes eligible for each certification, and why."""
    today: date = store.clock().date()
    _, found = plan_suggestions.eligibility_of(
        store, str(person_id), today=today, viewer=caller.viewer
    )
    return plan_suggestions.eligibilities_view(store.framework, found)


@router.get("/people/{person_id}/credentials")
def get_credentials(caller: ApiCaller, store: StoreDep, person_id: int) -> CredentialsPublic:
    """The certifications the person holds and their highest education."""
    held = credentials_of(store, str(person_id), viewer=caller.viewer)
    return credentials_view(person_id, held)


@router.put("/people/{person_id}/credentials", responses=error_responses(400))
def put_credentials(
    caller: ApiCaller, store: StoreDep, person_id: int, body: CredentialsUpdate
) -> CredentialsPublic:
    """Replace the certifications I hold, my highest education and when each was earned."""
    education = body.education.value if body.education else None
    saved = set_credentials(
        store,
        str(person_id),
        body.certifications,
        education,
        actor=caller.actor,
        viewer=caller.viewer,
        earned=body.earned_on,
    )
    return credentials_view(person_id, saved)
