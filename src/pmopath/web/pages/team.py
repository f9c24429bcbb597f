"""The team pages: a manager's reports as a heatmap, and who is ready for a role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pmopath.domain.errors import BadInput
from pmopath.services.insight import team
from pmopath.services.plans import reviews as plan_reviews
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)


@router.get("/team", response_class=HTMLResponse)
@cacheable
def team_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    manager: Annotated[str | None, Query(max_length=254)] = None,
) -> HTMLResponse:
    """My direct reports' levels against their targets, and their readiness."""
    team.require_team_viewer(signed.viewer)
    manager = (manager or "").strip() or None
    if manager is None and signed.account.person_id is None:
        context = {"view": None, "fw": store.framework, "manager": ""}
        return render(request, "team.html", context)
    view = team.team_view(store, signed.viewer, manager)
    today = store.clock().date()
    overdue = plan_reviews.overdue_reviews(
        store, signed.viewer, today, manager_id=view.manager.id, direct_only=True
    )
    shown: dict[str, object] = {"view": view, "fw": store.framework, "manager": manager}
    return render(request, "team.html", {**shown, "overdue": overdue})


@router.get("/team/ready", response_class=HTMLResponse)
@cacheable
def ready_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    role: Annotated[str | None, Query(max_length=120)] = None,
    at_least: Annotated[float, Query(ge=0, le=100)] = 80.0,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Who (of my reports, or everyone for an admin) is at least N% ready for a role."""
    team.require_team_viewer(signed.viewer)
    context: dict[str, object] = {
        "fw": store.framework,
        "role": role or "",
        "at_least": at_least,
        "found": None,
        "problem": None,
    }
    status = 200
    if role:
        try:
            context["found"] = team.ready_people(
                store,
                signed.viewer,
                role,
                at_least,
                page=page,
            )
        except BadInput as problem:
            context["problem"] = str(problem)
            status = 400
    return render(request, "team_ready.html", context, status_code=status)
