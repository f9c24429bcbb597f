"""Career pages: the map of roles and routes, one role, and the path planner."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from pmopath.domain.errors import BadInput
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.paths import find_paths
from pmopath.services.careers.roles import (
    describe_role,
    resolve_role,
    resolve_track,
)
from pmopath.services.careers.views import paths_view, role_detail_view
from pmopath.services.insight.career_map import career_map_picture
from pmopath.services.people import credentials as person_credentials
from pmopath.services.people.assessments import my_assessment
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)
RoleQuery = Annotated[str | None, Query(max_length=120)]


def _picture(
    store: StoreDep,
    signed: SignedPage,
    track: str | None,
    source: str | None,
    target: str | None,
) -> tuple[dict[str, Any], str | None]:
    """The map for the signed-in person as JSON data, only the roles of ``track`` if one is
    chosen (and the routes between them), and the chosen track's id."""
    framework = store.framework
    chosen = resolve_track(framework, track) if track else None
    picture = career_map_picture(store, signed.viewer, source=source, target=target)
    data = picture.model_dump(mode="json")
    if chosen is not None:
        data["tracks"] = [t for t in data["tracks"] if t["id"] == chosen]
        data["roles"] = [r for r in data["roles"] if r["track"] == chosen]
        shown = {r["id"] for r in data["roles"]}
        data["routes"] = [r for r in data["routes"] if r["from"] in shown and r["to"] in shown]
    return data, chosen


SourceQuery = Annotated[str | None, Query(alias="from", max_length=120)]
TargetQuery = Annotated[str | None, Query(alias="to", max_length=120)]


@router.get("/map", response_class=HTMLResponse)
@cacheable
def career_map(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    track: RoleQuery = None,
    source: SourceQuery = None,
    target: TargetQuery = None,
) -> HTMLResponse:
    """Every role by track and seniority, with the routes between them: a grid (tracks as
    columns, seniority as rows), drawn as an interactive graph where JavaScript runs."""
    data, chosen = _picture(store, signed, track, source, target)
    roles = {r["id"]: r for r in data["roles"]}
    routes_from: dict[str, list[dict[str, Any]]] = {}  # each role's routes out, found at once
    for route in data["routes"]:
        if route["from"] in roles:
            routes_from.setdefault(route["from"], []).append(route)
    cells: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for role in sorted(data["roles"], key=lambda r: r["title"]):
        cells.setdefault((role["track"], role["seniority"]), []).append(role)
    context = {
        "map": data,
        "roles": roles,
        "cells": cells,
        "levels": sorted({r["seniority"] for r in data["roles"]}, reverse=True),
        "routes_from": routes_from,
        "fw": store.framework,
        "track": chosen,
        "data_url": "/map.json" + (f"?{request.url.query}" if request.url.query else ""),
    }
    return render(request, "career_map.html", context)


@router.get("/map.json")
@cacheable
def career_map_data(
    signed: SignedPage,
    store: StoreDep,
    track: RoleQuery = None,
    source: SourceQuery = None,
    target: TargetQuery = None,
) -> JSONResponse:
    """The career map's data for the page's graph: tracks, roles with the signed-in person's
    readiness, routes, and the current role, target and chosen route highlighted."""
    data, _ = _picture(store, signed, track, source, target)
    return JSONResponse(data)


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
    context = {
        "role": view,
        "fw": store.framework,
        "eligibility": mine,
        "gap": gap,
        "today": store.clock().date(),
    }
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
