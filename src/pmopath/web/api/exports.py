"""Reminders and exports as an API: the private calendar feed URL, PDFs, the admins' CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from pmopath.services.exports import documents as exports
from pmopath.services.plans import reminders
from pmopath.services.plans.schemas import CalendarFeedPublic, CalendarFeedRevoked, RemindersPublic
from pmopath.services.plans.views import calendar_feed_view, reminders_view
from pmopath.web.api.routing import ApiRouter
from pmopath.web.deps import ApiCaller, StoreDep
from pmopath.web.errors import error_responses

router = ApiRouter(tags=["exports"])

RoleQuery = Annotated[str | None, Query(min_length=1, max_length=120)]


def _file_answer(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of a route that sends a file (not JSON)."""
    schema = {"type": "string", "format": "binary"}
    return {200: {"content": {media_type: {"schema": schema}}, "description": description}}


PDF = _file_answer("application/pdf", "The PDF (an attachment).")
CSV = _file_answer("text/csv", "The CSV, UTF-8 (an attachment).")


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
) -> CalendarFeedPublic:
    """A new private calendar URL for the person (shown once; any earlier one stops working)."""
    feed, token = reminders.create_calendar_feed(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    return calendar_feed_view(feed, str(request.url_for("calendar_feed", token=token)))


@router.delete("/people/{person_id}/calendar-feed")
def revoke_calendar_feed(caller: ApiCaller, store: StoreDep, person_id: int) -> CalendarFeedRevoked:
    """Stop the person's private calendar URL working."""
    revoked = reminders.revoke_calendar_feed(
        store, str(person_id), viewer=caller.viewer, actor=caller.actor
    )
    return CalendarFeedRevoked(revoked=revoked)


@router.get("/people/{person_id}/reminders")
def list_reminders(caller: ApiCaller, store: StoreDep, person_id: int) -> RemindersPublic:
    """The person's plan reviews and actions due, by day (what the calendar feed lists)."""
    return reminders_view(reminders.reminders_of(store, str(person_id), viewer=caller.viewer))


@router.get("/plans/{plan_id}/pdf", response_class=Response, responses=PDF)
def plan_pdf(caller: ApiCaller, store: StoreDep, plan_id: int) -> Response:
    """The plan as a PDF: items, agreement, check-ins and the readiness trend."""
    content = exports.plan_pdf(store, caller.viewer, plan_id)
    return _file(content, "application/pdf", f"plan-{plan_id}.pdf")


@router.get(
    "/people/{person_id}/pack",
    response_class=Response,
    responses={**PDF, **error_responses(400)},
)
def readiness_pack(
    caller: ApiCaller, store: StoreDep, person_id: int, role: RoleQuery = None
) -> Response:
    """A readiness pack for a role (default: the primary target) as a PDF."""
    content = exports.readiness_pack_pdf(store, caller.viewer, str(person_id), role)
    return _file(content, "application/pdf", f"readiness-pack-{person_id}.pdf")


@router.get(
    "/admin/plans.csv",
    response_class=Response,
    responses={**CSV, **error_responses(403)},
)
def plans_csv(caller: ApiCaller, store: StoreDep) -> Response:
    """Every plan, one row per item, as CSV (admins)."""
    content = exports.plans_csv(store, caller.viewer).encode("utf-8")
    return _file(content, "text/csv; charset=utf-8", "plans.csv")
