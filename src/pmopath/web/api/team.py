"""Team insight as JSON: a manager's heatmap, and who is ready for a role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from pmopath.services.insight import team
from pmopath.services.insight.schemas import ReadyPublic, TeamPublic
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["team"], responses=error_responses(403))
"""For managers and admins: a member is refused (403)."""


@router.get("/team", responses=error_responses(400, 404))
def get_team(
    caller: ApiCaller,
    store: StoreDep,
    manager: Annotated[str | None, Query(max_length=254)] = None,
) -> TeamPublic:
    """A manager's direct reports: levels against their targets, and readiness."""
    view = team.team_view(store, caller.viewer, manager)
    return team.team_data(view)


@router.get("/ready", responses=error_responses(400))
def get_ready(
    caller: ApiCaller,
    store: StoreDep,
    role: Annotated[str, Query(max_length=120)],
    at_least: Annotated[float, Query(ge=0, le=100)] = 80.0,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> ReadyPublic:
    """Who is at least ``at_least``% ready for a role: my reports, or everyone for an admin."""
    found = team.ready_people(
        store,
        caller.viewer,
        role,
        at_least,
        page=page,
    )
    return team.ready_data(found)
