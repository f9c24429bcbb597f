"""The PMO leader's view as JSON and CSV: capability coverage, succession and programme KPIs,
for a manager's tree (or, for an admin, everyone or any manager's tree)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import Response

from pmopath.services.insight import (
    coverage,
    leader_exports,
    leader_views,
    programme,
    succession,
)
from pmopath.services.insight.leader_schemas import CoveragePublic, KpisPublic, SuccessionPublic
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["leader"], responses=error_responses(403, 404))
"""For managers (their tree) and admins (everyone): a member is refused (403); a manager they
may not see is not found (404)."""

Manager = Annotated[
    str | None,
    Query(max_length=254, description="A manager's id or e-mail: everyone below them."),
]
From = Annotated[
    date | None, Query(alias="from", description="The period's first day (default: 90 days).")
]
To = Annotated[
    date | None, Query(alias="to", description="The period's last day (default: today).")
]
CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The CSV, UTF-8 (an attachment).",
    }
}


def _csv(content: str, filename: str) -> Response:
    return Response(
        content.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/leader/coverage", responses=error_responses(400))
def get_coverage(caller: ApiCaller, store: StoreDep, manager: Manager = None) -> CoveragePublic:
    """Per PMO service: who meets its needs now and in 12 months; single points of failure."""
    found = coverage.capability_coverage(
        store, caller.viewer, store.clock().date(), manager=manager
    )
    return leader_views.coverage_data(found, store.framework)


@router.get(
    "/leader/coverage.csv",
    response_class=Response,
    responses={**CSV, **error_responses(400)},
)
def get_coverage_csv(caller: ApiCaller, store: StoreDep, manager: Manager = None) -> Response:
    """Capability coverage as CSV: one row per service and needed level (audited)."""
    text = leader_exports.coverage_csv(store, caller.viewer, actor=caller.actor, manager=manager)
    return _csv(text, "coverage.csv")


@router.get("/leader/succession", responses=error_responses(400))
def get_succession(
    caller: ApiCaller,
    store: StoreDep,
    manager: Manager = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> SuccessionPublic:
    """Per critical role: holders, and who is ready now, in about a year, in about two."""
    found = succession.succession(store, caller.viewer, manager=manager, limit=limit)
    return leader_views.succession_data(found)


@router.get(
    "/leader/succession.csv",
    response_class=Response,
    responses={**CSV, **error_responses(400)},
)
def get_succession_csv(caller: ApiCaller, store: StoreDep, manager: Manager = None) -> Response:
    """Succession as CSV: one row per critical role and successor (everyone; audited)."""
    text = leader_exports.succession_csv(store, caller.viewer, actor=caller.actor, manager=manager)
    return _csv(text, "succession.csv")


@router.get("/leader/kpis", responses=error_responses(400))
def get_kpis(
    caller: ApiCaller,
    store: StoreDep,
    manager: Manager = None,
    start: From = None,
    end: To = None,
) -> KpisPublic:
    """Programme KPIs over a period (from, to) with the same for the period before it."""
    found = programme.programme_kpis(
        store, caller.viewer, store.clock().date(), start=start, end=end, manager=manager
    )
    return leader_views.kpis_data(found)


@router.get(
    "/leader/kpis.csv",
    response_class=Response,
    responses={**CSV, **error_responses(400)},
)
def get_kpis_csv(
    caller: ApiCaller,
    store: StoreDep,
    manager: Manager = None,
    start: From = None,
    end: To = None,
) -> Response:
    """Programme KPIs as CSV: one row per KPI, this period and the one before (audited)."""
    text = leader_exports.kpis_csv(
        store, caller.viewer, actor=caller.actor, manager=manager, start=start, end=end
    )
    return _csv(text, "kpis.csv")
