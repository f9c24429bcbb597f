"""Pages for a plan's versions (and comparing two), its review cadence, and my notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.reviews import parse_cadence
from pmopath.services.plans import notifications
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import versions as plan_versions
from pmopath.web.deps import SignedPage, StoreDep
from pmopath.web.flash import redirect_with
from pmopath.web.forms import refusal
from pmopath.web.pages.plans import plan_page_of
from pmopath.web.templating import render

router = APIRouter(tags=["pages"])

Version = Annotated[int | None, Query(ge=1, le=10**6)]


@router.get("/plans/{plan_id}/versions", response_class=HTMLResponse)
def versions_page(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    a: Version = None,
    b: Version = None,
) -> HTMLResponse:
    """Every version of a plan, and what changed from version A to version B."""
    versions = plan_versions.plan_versions(store, signed.viewer, plan_id)
    diff = None
    if a is not None and b is not None:
        diff = plan_versions.compare_plan_versions(store, signed.viewer, plan_id, a, b)
    numbers = [v.snapshot.version for v in versions]
    context = {
        "plan_id": plan_id,
        "versions": versions,
        "diff": diff,
        "a": a or (numbers[-2] if len(numbers) > 1 else numbers[0]),
        "b": b or numbers[-1],
        "fw": store.framework,
    }
    return render(request, "plan_versions.html", context)


@router.post("/plans/{plan_id}/cadence", response_model=None)
def set_cadence(
    request: Request,
    signed: SignedPage,
    store: StoreDep,
    plan_id: int,
    revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
    cadence: Annotated[str, Form(max_length=20)],
) -> Response:
    """Set how often the plan is reviewed."""
    try:
        chosen = parse_cadence(cadence)
        plan_reviews.set_cadence(
            store, signed.viewer, plan_id, revision, chosen, actor=signed.actor
        )
    except InvalidRequest as problem:  # the plan page again, the message at the cadence
        return plan_page_of(request, signed, store, plan_id, refused=refusal(problem, "cadence"))
    return redirect_with(request, f"/plans/{plan_id}#review", "Review cadence saved.")


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, signed: SignedPage, store: StoreDep) -> HTMLResponse:
    """My notifications, newest first, unread ones marked."""
    plan_reviews.notify_overdue_reviews(store, signed.viewer, store.clock().date())
    inbox = notifications.my_notifications(store, signed.viewer)
    return render(request, "notifications.html", {"inbox": inbox})


@router.post("/notifications/{notification_id}/read")
def read_notification(
    signed: SignedPage, store: StoreDep, notification_id: int
) -> RedirectResponse:
    """Mark one of my notifications read."""
    notifications.mark_read(store, signed.viewer, notification_id)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read-all")
def read_all(signed: SignedPage, store: StoreDep) -> RedirectResponse:
    """Mark all my notifications read."""
    notifications.mark_all_read(store, signed.viewer)
    return RedirectResponse("/notifications", status_code=303)
