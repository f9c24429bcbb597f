"""Reminders and exports in the browser: the private calendar feed, PDFs, the admins' CSV.

``/calendar/{token}.ics`` needs no sign-in: calendar clients cannot sign in, so the secret
token in the address is the credential (unknown or revoked: 404, like any unknown page).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from pmopath.services.exports import documents as exports
from pmopath.services.plans import reminders
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import Confirmation, confirmation, is_confirmed
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

RoleQuery = Annotated[str | None, Query(min_length=1, max_length=120)]


def download(content: bytes, media_type: str, filename: str) -> Response:
    """A file to save, never cached (it holds someone's records)."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/calendar/{token}.ics")
def calendar_feed(store: StoreDep, token: str) -> Response:
    """A person's review dates and actions due, for a calendar client (the token is the key)."""
    content = reminders.calendar_for_token(store, token)
    return Response(
        content,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )


@router.post("/people/{person_id}/calendar-feed", response_class=HTMLResponse)
def create_calendar_feed(
    request: Request, signed: SignedPage, store: StoreDep, person_id: int
) -> HTMLResponse:
    """Make a new private calendar URL (any earlier one stops working); shown once, here."""
    feed, token = reminders.create_calendar_feed(
        store, str(person_id), viewer=signed.viewer, actor=signed.actor
    )
    url = str(request.url_for("calendar_feed", token=token))
    context = {"url": url, "feed": feed, "person_id": person_id}
    return render(request, "calendar_feed.html", context)


@router.post("/people/{person_id}/calendar-feed/revoke", response_model=None)
def revoke_calendar_feed(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    person_id: int,
    confirmed: Confirmation = "",
) -> Response:
    """Stop the private calendar URL working, once confirmed."""
    if not is_confirmed(confirmed):
        reminders.own_calendar_feed(store, str(person_id), viewer=signed.viewer)
        return confirmation(
            request,
            title="Revoke the calendar URL?",
            consequences=[
                "The private calendar URL stops working at once, in every calendar that uses it.",
                "You can make a new one from this page afterwards.",
            ],
            action=f"/people/{person_id}/calendar-feed/revoke",
            button="Revoke the calendar URL",
            back=f"/people/{person_id}#reminders",
        )
    reminders.revoke_calendar_feed(store, str(person_id), viewer=signed.viewer, actor=signed.actor)
    return redirect_with(request, f"/people/{person_id}#reminders", "Calendar URL revoked.")


@router.get("/plans/{plan_id}/pdf")
def plan_pdf(signed: SignedPage, store: StoreDep, plan_id: int) -> Response:
    """The plan as a PDF: items, agreement, check-ins and the readiness trend."""
    content = exports.plan_pdf(store, signed.viewer, plan_id)
    return download(content, "application/pdf", f"plan-{plan_id}.pdf")


@router.get("/people/{person_id}/pack")
def readiness_pack(
    signed: SignedPage, store: StoreDep, person_id: int, role: RoleQuery = None
) -> Response:
    """A readiness pack for a role (default: the primary target) as a PDF."""
    content = exports.readiness_pack_pdf(store, signed.viewer, str(person_id), role)
    return download(content, "application/pdf", f"readiness-pack-{person_id}.pdf")


@router.get("/admin/plans.csv")
def plans_csv(signed: SignedPage, store: StoreDep) -> Response:
    """Every plan, one row per item, as CSV (admins)."""
    content = exports.plans_csv(store, signed.viewer).encode("utf-8")
    return download(content, "text/csv; charset=utf-8", "plans.csv")
