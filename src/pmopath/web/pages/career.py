"""Career pages: the map of roles and routes, one role, and the path planner."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pmopath.domain.errors import BadInput
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.paths import find_paths
from pmopath.services.careers.roles import (
    describe_role,
    resolve_role,
    resolve_track,
    roles_by_track,
)
from pmopath.services.careers.views import career_map_view, paths_view, role_detail_view
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people.assessments import my_assessment
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)
RoleQuery = Annotated[str | None, Query(max_length=120)]


@router.get("/map", response_class=HTMLResponse)
@cacheable
def career_map(
    request: Request, signed: SignedPage, store: StoreDep, track: RoleQuery = None
) -> HTMLResponse:
    """Every role by track and seniority, with the routes between them."""
    framework = store.framework
    chosen = resolve_track(framework, track) if track else None
    roles = [r for r in roles_by_track(framework) if chosen in (None, r.track)]
    view = career_map_view(framework, roles).model_dump(mode="json")
    routes_from: dict[str, list[dict[str, Any]]] = {}  # each role's routes out, found at once
    for route in view["transitions"]:
        routes_from.setdefault(route["from"], []).append(route)
    context = {"map": view, "routes_from": routes_from, "fw": framework, "track": chosen}
    return render(request, "career_map.html", context)


@router.get("/roles/{role_id}", response_class=HTMLResponse)
@cacheable
def role_page(request: Request, signed: SignedPage, store: StoreDep, role_id: str) -> HTMLResponse:
    """A role: what it requires, routes in and out, and actions that develop it."""
    detail = describe_role(store.framework, role_id[:120])
    view = role_detail_view(detail, store.framework.rules.awareness_level).model_dump(mode="json")
    mine = person_credentials.role_eligibility(
        store, signed.viewer, detail.role.id, store.clock().date()
    )
    me = my_assessment(store, signed.viewer)
    gap = analyse_gap(store.framework, detail.role, me) if me is not None else None
    context = {"role": view, "fw": store.framework, "eligibility": mine, "gap": gap}
    return render(request, "role.html", context)


@router.get("/paths", response_class=HTMLResponse)
@cacheable
def path_planner(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    source: Annotated[str | None, Query(alias="from", max_length=120)] = None,
    target: Annotated[str | None, Query(alias="to", max_length=120)] = None,
    count: Annotated[int, Query(ge=1, le=10)] = 3,
) -> HTMLResponse:
    """Ranked routes from a role (by default my own) to a target, with months and gaps."""
    framework = store.framework
    mine = my_assessment(store, signed.viewer)
    start = source or (mine.current_role if mine else None)
    context: dict[str, object] = {
        "fw": framework,
        "source": start,
        "target": target,
        "paths": None,
        "problem": None,
        "readiness": {},
    }
    if start and target:
        try:
            begin = resolve_role(framework, start)
            end = resolve_role(framework, target)
            found = find_paths(framework, begin, end, assessment=mine, k=count)
        except BadInput as problem:
            context["problem"] = str(problem)
        else:
            context["paths"] = paths_view(begin, end, found).model_dump(mode="json")
            if mine is not None:
                roles = {role for path in found for role in path.roles}
                context["readiness"] = {
                    role: analyse_gap(framework, role, mine).analysis.readiness for role in roles
                }
    return render(request, "paths.html", context)
