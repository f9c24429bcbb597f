"""The home page and setting one's target role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pmopath.services.insight.home import home_for
from pmopath.services.people import records as people
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)


@router.get("/", response_class=HTMLResponse)
@cacheable
def home(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """Current role, target, readiness gauge, levels against the target, next actions."""
    found = home_for(store, signed.viewer, store.clock().date())
    rows = []
    if found.gap is not None:
        names = store.framework.competencies_by_id
        rows = [
            (names[g.competency].name, g.current, g.required, g.critical)
            for g in found.gap.analysis.gaps
        ]
    context = {
        "home": found,
        "fw": store.framework,
        "chart_rows": rows,
        "eligibility": found.eligibility,
        "today": store.clock().date(),
    }
    return render(request, "home.html", context)


@router.post("/target")
def make_target(
    signed: SignedPage, store: StoreDep, role: Annotated[str, Form(max_length=120)]
) -> RedirectResponse:
    """Make a role my primary target."""
    person_id = signed.account.person_id
    people.set_target(store, str(person_id or ""), role, actor=signed.actor, viewer=signed.viewer)
    return RedirectResponse("/", status_code=303)
