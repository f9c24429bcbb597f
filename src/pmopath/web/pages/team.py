"""The team pages: a manager's reports as a heatmap, and who is ready for a role."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pmopath.domain.errors import BadInput, NotFound
from pmopath.services.insight import team, team_tree
from pmopath.services.plans import reviews as plan_reviews
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)

NOT_YOURS = (
    "That team is not one you can see: you see your own reports and the teams of managers "
    "below you. Showing your own team instead."
)


@router.get("/team", response_class=HTMLResponse)
@cacheable
def team_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    manager: Annotated[str | None, Query(max_length=254)] = None,
) -> HTMLResponse:
    """My reports (direct and indirect) and their levels; for an admin, the organisation."""
    team.require_team_viewer(signed.viewer)
    viewer = signed.viewer
    manager = (manager or "").strip() or None
    context: dict[str, Any] = {
        "view": None,
        "fw": store.framework,
        "manager": manager or "",
        "problem": None,
        "tree": (),
        "organisation": team_tree.organisation(store) if viewer.is_admin else (),
        "managers": team_tree.managers(store) if viewer.is_admin else (),
        "overdue": (),
    }
    status = 200
    view = None
    if manager is not None:
        try:
            view = team.team_view(store, viewer, manager)
        except NotFound:
            status = 404
            context["problem"] = (
                "No such manager, or not one you can see. Pick one from the list."
                if viewer.is_admin
                else NOT_YOURS
            )
    if view is None and viewer.person_id is not None:
        view = team.team_view(store, viewer, None)
    if view is not None:
        assert view.manager.id is not None
        today = store.clock().date()
        context["view"] = view
        context["tree"] = team_tree.reports_tree(store, view.manager.id)
        context["overdue"] = plan_reviews.overdue_reviews(
            store, viewer, today, manager_id=view.manager.id, direct_only=True
        )
    return render(request, "team.html", context, status_code=status)


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
    """Who (of my reports, or everyone for an admin) is at least N% ready for a role; when
    nobody is, the nearest candidates with their bands and blockers."""
    team.require_team_viewer(signed.viewer)
    context: dict[str, object] = {
        "fw": store.framework,
        "role": role or "",
        "at_least": at_least,
        "found": None,
        "nearest": (),
        "problem": None,
    }
    status = 200
    if role:
        try:
            found = team.ready_people(store, signed.viewer, role, at_least, page=page)
        except BadInput as problem:
            context["problem"] = str(problem)
            status = 400
        else:
            context["found"] = found
            if found.count == 0:
                context["nearest"] = team_tree.nearest_candidates(store, signed.viewer, found.role)
    return render(request, "team_ready.html", context, status_code=status)
