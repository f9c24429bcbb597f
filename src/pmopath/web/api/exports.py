"""Reminders and exports as an API: the private calendar feed URL, PDFs, the admins' CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pmopath.services.exports import documents as exports
from pmopath.services.plans import reminders
from pmopath.web.deps import ApiCaller, StoreDep

router = APIRouter(tags=["exports"])

RoleQuery = Annotated[str | None, Query(min_length=1, max_length=120)]
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF."}
}


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/people/{person_id}/calendar-feed", status_code=201)
def create_calendar_feed(
    request: Request, caller: ApiCaller, store: StoreDep, person_id: int
) -> dict[str, Any]:
    """A new private calendar URL for the person (shown once; any earlier one stops working)."""
    feed, token = reminders.create_calendar_feed(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    return {
        "url": str(request.url_for("calendar_feed", token=token)),
        "person_id": feed.person_id,
        "created_at": feed.created_at.isoformat(),
    }


@router.delete("/people/{person_id}/calendar-feed")
def revoke_calendar_feed(caller: ApiCaller, store: StoreDep, person_id: int) -> dict[str, Any]:
    """Stop the person's private calendar URL working."""
    revoked = reminders.revoke_calendar_feed(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    return {"revoked": revoked}


@router.get("/people/{person_id}/reminders")
def list_reminders(caller: ApiCaller, store: StoreDep, person_id: int) -> dict[str, Any]:
    """The person's plan reviews and actions due, by day (what the calendar feed lists)."""
    found = reminders.reminders_of(store, str(person_id), viewer=caller.viewer)
    data = [
        {
            "uid": r.uid,
            "kind": r.kind.value,
            "day": r.day.isoformat(),
            "summary": r.summary,
            "plan_id": r.plan_id,
        }
        for r in found
    ]
    return {"data": data, "count": len(data)}


@router.get("/plans/{plan_id}/pdf", response_class=Response, responses=PDF)
def plan_pdf(caller: ApiCaller, store: StoreDep, plan_id: int) -> Response:
    """The plan as a PDF: items, agreement, check-ins and the readiness trend."""
    content = exports.plan_pdf(store, caller.viewer, plan_id)
    return _file(content, "application/pdf", f"plan-{plan_id}.pdf")


@router.get("/people/{person_id}/pack", response_class=Response, responses=PDF)
def readiness_pack(
    caller: ApiCaller, store: StoreDep, person_id: int, role: RoleQuery = None
) -> Response:
    """A readiness pack for a role (default: the primary target) as a PDF."""
    content = exports.readiness_pack_pdf(store, caller.viewer, str(person_id), role)
    return _file(content, "application/pdf", f"readiness-pack-{person_id}.pdf")


@router.get(
    "/admin/plans.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The CSV."}},
)
def plans_csv(caller: ApiCaller, store: StoreDep) -> Response:
    """Every plan, one row per item, as CSV (admins)."""
    content = exports.plans_csv(store, caller.viewer).encode("utf-8")
    return _file(content, "text/csv; charset=utf-8", "plans.csv")
