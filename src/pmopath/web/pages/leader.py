"""The PMO leader's view in the browser: capability coverage, succession and programme KPIs, each
with its CSV; a manager sees their tree, an admin everyone or a manager's tree."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from pmopath.domain.errors import BadInput, NotFound
from pmopath.domain.leader import parse_day
from pmopath.services.insight import (
    coverage,
    leader_exports,
    programme,
    succession,
    team_tree,
)
from pmopath.services.insight.team import require_team_viewer
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.errors import status_for
from pmopath.web.pages.exports import download
from pmopath.web.response_cache import CacheableRoute, cacheable
from pmopath.web.templating import render

router = APIRouter(tags=["pages"], route_class=CacheableRoute)

Manager = Annotated[str | None, Query(max_length=254)]
NOT_YOURS = "No such manager, or not one whose tree you can see: showing your own picture instead."


def _context(signed: Any, store: Any, part: str, manager: str | None) -> dict[str, Any]:
    viewer = signed.viewer
    return {
        "part": part,
        "fw": store.framework,
        "manager": manager or "",
        "managers": team_tree.managers(store) if viewer.is_admin else (),
        "problem": None,
    }


def _link(path: str, manager: str | None, **more: str) -> str:
    """``path`` with the query that keeps the page's choices (nothing when there are none)."""
    from urllib.parse import urlencode

    pairs = {k: v for k, v in {"manager": manager or "", **more}.items() if v}
    return f"{path}?{urlencode(pairs)}" if pairs else path


@router.get("/leader", response_class=HTMLResponse)
@cacheable
def coverage_page(
    request: Request, signed: SignedPage, store: StoreDep, manager: Manager = None
) -> HTMLResponse:
    """Capability coverage: per PMO service, who meets its needs now and in a year."""
    require_team_viewer(signed.viewer)
    manager = (manager or "").strip() or None
    context = _context(signed, store, "coverage", manager)
    today = store.clock().date()
    status = 200
    try:
        found = coverage.capability_coverage(store, signed.viewer, today, manager=manager)
    except NotFound as missing:  # the picker's choice refused: the page again, saying so
        status, context["problem"] = status_for(missing), NOT_YOURS
        found = coverage.capability_coverage(store, signed.viewer, today)
    context.update(found=found, csv=_link("/leader/coverage.csv", manager))
    return render(request, "leader_coverage.html", context, status_code=status)


@router.get("/leader/succession", response_class=HTMLResponse)
@cacheable
def succession_page(
    request: Request, signed: SignedPage, store: StoreDep, manager: Manager = None
) -> HTMLResponse:
    """Succession: per critical role, who is ready now, in about a year, in about two."""
    require_team_viewer(signed.viewer)
    manager = (manager or "").strip() or None
    context = _context(signed, store, "succession", manager)
    status = 200
    try:
        found = succession.succession(store, signed.viewer, manager=manager)
    except NotFound as missing:  # the picker's choice refused: the page again, saying so
        status, context["problem"] = status_for(missing), NOT_YOURS
        found = succession.succession(store, signed.viewer)
    context.update(found=found, csv=_link("/leader/succession.csv", manager))
    return render(request, "leader_succession.html", context, status_code=status)


@router.get("/leader/kpis", response_class=HTMLResponse)
@cacheable
def kpis_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    manager: Manager = None,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
) -> HTMLResponse:
    """Programme KPIs over a period, each beside the period before it."""
    require_team_viewer(signed.viewer)
    manager = (manager or "").strip() or None
    context = _context(signed, store, "kpis", manager)
    context.update(start=start or "", end=end or "", period_problem=None)
    today = store.clock().date()
    status = 200
    try:
        found = programme.programme_kpis(
            store,
            signed.viewer,
            today,
            start=_day(start, "from"),
            end=_day(end, "to"),
            manager=manager,
        )
    except NotFound as missing:  # the picker's choice refused: the page again, saying so
        status, context["problem"] = status_for(missing), NOT_YOURS
        found = programme.programme_kpis(store, signed.viewer, today)
    except BadInput as problem:  # shown at the period's fields, which keep what was typed
        status, context["period_problem"] = status_for(problem), str(problem)
        found = programme.programme_kpis(store, signed.viewer, today, manager=manager)
    period = {"from": found.period.start.isoformat(), "to": found.period.end.isoformat()}
    context.update(found=found, csv=_link("/leader/kpis.csv", manager, **period))
    return render(request, "leader_kpis.html", context, status_code=status)


def _day(text: str | None, field: str) -> date | None:
    return parse_day(text, field)


@router.get("/leader/coverage.csv")
def coverage_csv(signed: SignedPage, store: StoreDep, manager: Manager = None) -> Response:
    """Capability coverage as CSV (audited)."""
    content = leader_exports.coverage_csv(
        store, signed.viewer, actor=signed.actor, manager=manager
    ).encode("utf-8")
    return download(content, "text/csv; charset=utf-8", "coverage.csv")


@router.get("/leader/succession.csv")
def succession_csv(signed: SignedPage, store: StoreDep, manager: Manager = None) -> Response:
    """Succession for the critical roles as CSV (every successor, not only those shown)."""
    content = leader_exports.succession_csv(
        store, signed.viewer, actor=signed.actor, manager=manager
    ).encode("utf-8")
    return download(content, "text/csv; charset=utf-8", "succession.csv")


@router.get("/leader/kpis.csv")
def kpis_csv(
    signed: SignedPage,
    store: StoreDep,
    manager: Manager = None,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=40)] = None,
) -> Response:
    """Programme KPIs as CSV."""
    content = leader_exports.kpis_csv(
        store,
        signed.viewer,
        actor=signed.actor,
        manager=manager,
        start=_day(start, "from"),
        end=_day(end, "to"),
    ).encode("utf-8")
    return download(content, "text/csv; charset=utf-8", "kpis.csv")
