"""The framework as JSON: roles, one role, the career map and ranked paths."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from pmopath.services.careers.paths import MAX_STEPS, find_paths
from pmopath.services.careers.roles import (
    describe_role,
    resolve_role,
    resolve_track,
    roles_by_track,
)
from pmopath.services.careers.schemas import CareerMapPublic, PathsPublic, RolePublic, RolesPublic
from pmopath.services.careers.views import career_map_view, paths_view, role_detail_view, roles_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses
from pmopath.web.response_cache import CacheableRoute, cacheable

router = ApiRouter(tags=["career"], route_class=CacheableRoute)
UNKNOWN_ROLE = error_responses(400)
"""An unknown role or track: 400, with the names perhaps meant in ``suggestions``."""
Ref = Annotated[str, Query(max_length=120)]


@router.get("/roles")
@cacheable
def list_roles(caller: ApiCaller, store: StoreDep) -> RolesPublic:
    """Every role of the active framework, by track and seniority."""
    return roles_view(store.framework, roles_by_track(store.framework))


@router.get("/roles/{role_id}", responses=UNKNOWN_ROLE)
@cacheable
def get_role(caller: ApiCaller, store: StoreDep, role_id: str) -> RolePublic:
    """One role (by id, title or alias): requirements, routes in and out, actions."""
    framework = store.framework
    detail = describe_role(framework, role_id[:120])
    return role_detail_view(detail, framework.rules.awareness_level)


@router.get("/map", responses=UNKNOWN_ROLE)
@cacheable
def get_map(
    caller: ApiCaller, store: StoreDep, track: Annotated[str | None, Query(max_length=120)] = None
) -> CareerMapPublic:
    """Roles (optionally of one track) and every route between roles."""
    framework = store.framework
    chosen = resolve_track(framework, track) if track else None
    roles = [r for r in roles_by_track(framework) if chosen in (None, r.track)]
    return career_map_view(framework, roles)


@router.get("/paths", responses=UNKNOWN_ROLE)
@cacheable
def get_paths(
    caller: ApiCaller,
    store: StoreDep,
    source: Annotated[str, Query(alias="from", max_length=120)],
    target: Annotated[str, Query(alias="to", max_length=120)],
    count: Annotated[int, Query(ge=1, le=10)] = 3,
    max_steps: Annotated[int | None, Query(ge=1, le=MAX_STEPS)] = None,
) -> PathsPublic:
    """Up to ``count`` routes between two roles, ranked by expected months."""
    framework = store.framework
    begin = resolve_role(framework, source)
    end = resolve_role(framework, target)
    found = find_paths(framework, begin, end, k=count, max_steps=max_steps)
    return paths_view(begin, end, found)
