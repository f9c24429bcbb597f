"""The plan optimiser page: suggest a schedule, pin or remove actions, re-optimise, use it.

The suggestion is a GET form (nothing changes, so nothing to protect and the address can be
kept); every pin and removal travels in the query string, never in server-side state.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from pmopath.domain.eligibility import month_index, month_start
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.plan_schedule import PlanInfeasible
from pmopath.services.plans import adoption as plan_adoption
from pmopath.services.plans import suggestions as plan_suggestions
from pmopath.services.plans import workflow as plan_workflow
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Pin = Annotated[str, StringConstraints(max_length=100)]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_blank_is_none)


class SuggestFields(BaseModel):
    """The optimiser's inputs as the form sends them; pins are ACTION or ACTION@YYYY-MM."""

    hours: float = Field(plan_adoption.DEFAULT_HOURS, gt=0, le=200)
    budget: float = Field(plan_adoption.DEFAULT_BUDGET, ge=0, le=1_000_000)
    by: Annotated[str | None, Blank] = Field(None, max_length=7)
    goal: Annotated[float | None, Blank] = Field(None, gt=0, le=100)
    balance: bool = True
    pin: list[Pin] = Field(default_factory=list, max_length=40)
    without: list[Pin] = Field(default_factory=list, max_length=40)
    add: Annotated[str | None, Blank] = Field(None, max_length=100)

    def asked(self) -> plan_adoption.SuggestInput:
        by = plan_suggestions.parse_month(self.by, "by") if self.by else None
        pins = [*self.pin, self.add] if self.add else list(self.pin)
        return plan_adoption.SuggestInput(
            self.hours,
            self.budget,
            by,
            self.goal,
            self.balance,
            tuple(dict.fromkeys(pins)),
            tuple(dict.fromkeys(self.without)),
        )

    def query(self, pins: list[str], without: list[str]) -> str:
        """The address of this form with other pins and removals."""
        fields: list[tuple[str, str]] = [
            ("hours", f"{self.hours:g}"),
            ("budget", f"{self.budget:g}"),
            ("balance", "true" if self.balance else "false"),
        ]
        fields += [("by", self.by)] if self.by else []
        fields += [("goal", f"{self.goal:g}")] if self.goal is not None else []
        fields += [("pin", p) for p in pins] + [("without", w) for w in without]
        return "/plan/suggest?" + urlencode(fields)

    def fixed(self, fix: plan_adoption.Fix) -> str:
        """The address of this form with ``fix`` made."""
        asked = fix.asked
        again = self.model_copy(update={"balance": asked.balance, "add": None})
        return again.query(list(asked.pins), list(asked.without))


class UseFields(SuggestFields):
    revision: Annotated[int | None, Blank] = Field(None, ge=1, le=2**31 - 1)

    def asked(self) -> plan_adoption.SuggestInput:
        """The shown plan, exactly: its every item comes pinned."""
        return replace(super().asked(), exactly=True)


def _title(framework: Any, action: str) -> str:
    found = framework.actions_by_id.get(action)
    return str(found.title) if found is not None else action.replace("_", " ")


def _pins_shown(fields: SuggestFields, framework: Any) -> list[dict[str, Any]]:
    """Each pin in words (title, month or None), with the address that unpins it."""
    pins = [p for p in fields.pin if p]
    shown = []
    for pin in pins:
        action, _, month = pin.partition("@")
        others = [p for p in pins if p != pin]
        shown.append(
            {
                "title": _title(framework, action),
                "month": month or None,
                "unpin": fields.query(others, fields.without),
            }
        )
    return shown


def _fixes(store: StoreDep, signed: SignedPage, fields: SuggestFields) -> list[dict[str, Any]]:
    """The single changes that give a plan when the pins and removals conflict."""
    framework = store.framework
    found = plan_adoption.conflict_fixes(store, signed.viewer, fields.asked())
    return [
        {
            "kind": fix.kind,
            "title": _title(framework, fix.action) if fix.action else "",
            "month": fix.month.isoformat()[:7] if fix.month else None,
            "href": fields.fixed(fix),
        }
        for fix in found
    ]


def _timeline(view: dict[str, Any]) -> dict[str, Any]:
    """The months of the plan and, per item, the months it runs (offsets from the start), the
    items grouped by their first month."""
    first = month_index(plan_suggestions.parse_month(view["start"]))
    months = [month_start(first + m) for m in range(view["months"])]
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in view["items"]:
        begin = month_index(plan_suggestions.parse_month(item["start"])) - first
        end = month_index(plan_suggestions.parse_month(item["end"])) - first
        row = {**item, "runs": range(begin, end + 1)}
        groups.setdefault(item["start"], []).append(row)
    step = max(1, -(-len(months) // 12))
    return {
        "months": [
            {"day": m, "label": i % step == 0, "year": i == 0 or m.month == 1}
            for i, m in enumerate(months)
        ],
        "groups": sorted(groups.items()),
    }


def _links(fields: SuggestFields, view: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per action: the address that pins it where shown, removes it, or unpins it."""
    pins = [p for p in fields.pin if p] + ([fields.add] if fields.add else [])
    links: dict[str, dict[str, str]] = {}
    for item in view["items"]:
        action = item["action"]
        others = [p for p in pins if p.split("@")[0] != action]
        links[action] = {
            "pin": fields.query([*others, f"{action}@{item['start']}"], fields.without),
            "unpin": fields.query(others, fields.without),
            "remove": fields.query(others, [*fields.without, action]),
        }
    return links


@router.get("/plan/suggest", response_class=HTMLResponse)
def suggest_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    fields: Annotated[SuggestFields, Query()],
) -> HTMLResponse:
    """An optimised plan for me: the schedule, why each action, eligibility; pin and re-run."""
    context: dict[str, Any] = {
        "fields": fields,
        "fw": store.framework,
        "problem": None,
        "relax": None,
        "view": None,
        "links": {},
        "allow": {
            w: fields.query(fields.pin, [x for x in fields.without if x != w])
            for w in fields.without
        },
        "actions": store.framework.actions,
        "current": plan_workflow.current_plan(plan_workflow.my_plans(store, signed.viewer)),
        "eligibility": [],
        "exam": {},
        "pins_shown": _pins_shown(fields, store.framework),
        "fixes": [],
        "timeline": None,
    }
    status = 200
    try:
        found = plan_adoption.suggest_for_me(store, signed.viewer, fields.asked())
    except PlanInfeasible as error:
        context["problem"], context["relax"], status = error.problem, error.relax, 422
        if fields.pin or fields.without or fields.add:
            context["fixes"] = _fixes(store, signed, fields)
    except InvalidRequest as error:
        context["problem"], status = str(error), 400
    else:
        view = plan_suggestions.plan_view(found.plan).model_dump(mode="json")
        context["view"], context["links"] = view, _links(fields, view)
        context["timeline"] = _timeline(view)
        context["use_pins"] = plan_adoption.pinned_as_shown(found.plan)
        context["eligibility"] = _eligibility(store, signed)
        context["exam"] = {e.action.id: e for e in context["eligibility"]}
    return render(request, "plan_suggest.html", context, status_code=status)


def _eligibility(store: StoreDep, signed: SignedPage) -> list[Any]:
    """The viewer's eligibility for every certification (held ones last)."""
    _, found = plan_suggestions.eligibility_of(
        store, str(signed.viewer.person_id), today=store.clock().date(), viewer=signed.viewer
    )
    return sorted(found, key=lambda e: (e.held, e.eligible_from is None, e.action.id))


@router.post("/plan/suggest/use")
def use_suggestion(
    request: Request, signed: SignedPage, store: StoreDep, fields: Annotated[UseFields, Form()]
) -> RedirectResponse:
    """Write the suggested schedule into my open draft (or start a draft) and show my plan."""
    plan_adoption.use_suggestion(
        store, signed.viewer, fields.asked(), revision=fields.revision, actor=signed.actor
    )
    return redirect_with(request, "/plan", "The suggested plan is now your draft.")
