"""Authorization rows for plans: my plan, one plan, its items, moves, check-ins, the inbox.

Each call gets a fresh plan (``params`` runs per caller), so one caller's change never decides
the next caller's answer. Owners: sam's plan, alex's plan, an unknown id.
"""

from __future__ import annotations

from typing import Any

from pmopath.domain.plans import PlanItem, PlanStatus
from tests.e2e.web.authorization import (
    CALLERS,
    DENY_403,
    DENY_404,
    EVERYONE_SIGNED_IN,
    Row,
    rows,
)

UNKNOWN_PLAN = "987654"
ITEMS = [PlanItem("data_analysis", None, "Build a dashboard"), PlanItem(None, None, "Read a book")]


def _plan(status: PlanStatus) -> Any:
    """A params builder: a new plan of the owner's in ``status`` (draft: revision 1, else 2)."""

    def build(world: Any, owner: str) -> dict[str, str]:
        from pmopath.services.plans import records as plans

        if owner == "unknown":
            return {"plan_id": UNKNOWN_PLAN, "number": "1"}
        store = world.runtime.store()
        email = f"{owner}@demo.pmopath.org"
        plan = plans.create_plan(store, email, "pmo_manager", ITEMS, actor="matrix")
        assert plan.id is not None
        if status is not PlanStatus.DRAFT:
            plans.update_plan(store, plan.id, 1, status=status, actor="matrix")
        return {"plan_id": str(plan.id), "number": "1"}

    return build


NOBODY = {c: DENY_404 for c in CALLERS if c != "anonymous"}
# reading a plan, and recording a check-in: the owner, managers above them, an admin
READERS = {
    "sam": {**EVERYONE_SIGNED_IN, "priya": DENY_404},
    "alex": {**EVERYONE_SIGNED_IN, "sam": DENY_404, "priya": DENY_404, "maria": DENY_404},
    "unknown": NOBODY,
}
# writing and submitting: the owner or an admin; a manager above sees it but may not change it
OWNERS = {
    "sam": {**READERS["sam"], "maria": DENY_403, "alex": DENY_403},
    "alex": READERS["alex"],
    "unknown": NOBODY,
}
# agreeing and asking for changes: a manager above or an admin, never the owner
AGREERS = {
    "sam": {**READERS["sam"], "sam": DENY_403},
    "alex": {**READERS["alex"], "alex": DENY_403},
    "unknown": NOBODY,
}
OWNERS_ROUTES: tuple[tuple[str, PlanStatus, dict[str, Any]], ...] = (
    ("/plans/{plan_id}/items", PlanStatus.DRAFT, {"free_text": "More", "revision": "1"}),
    ("/plans/{plan_id}/items/{number}", PlanStatus.DRAFT, {"free_text": "New", "revision": "1"}),
    ("/plans/{plan_id}/items/{number}/remove", PlanStatus.DRAFT, {"revision": "1"}),
    ("/plans/{plan_id}/submit", PlanStatus.DRAFT, {"revision": "1"}),
    ("/plans/{plan_id}/close", PlanStatus.DRAFT, {"revision": "1"}),
    ("/plans/{plan_id}/reopen", PlanStatus.SUBMITTED, {"revision": "2"}),
    # destructive moves ask first (a confirmation page); these rows check the confirmed step too
    (
        "/plans/{plan_id}/items/{number}/remove",
        PlanStatus.DRAFT,
        {"revision": "1", "confirmed": "yes"},
    ),
    ("/plans/{plan_id}/close", PlanStatus.DRAFT, {"revision": "1", "confirmed": "yes"}),
    ("/plans/{plan_id}/reopen", PlanStatus.SUBMITTED, {"revision": "2", "confirmed": "yes"}),
)
AGREERS_ROUTES = ("/plans/{plan_id}/agree", "/plans/{plan_id}/request-changes")
MOVE = {"revision": "2", "comment": "matrix"}

for owner in ("sam", "alex", "unknown"):
    submitted, draft = _plan(PlanStatus.SUBMITTED), _plan(PlanStatus.DRAFT)
    rows(
        Row("GET", "/plans/{plan_id}", owner, READERS[owner], params=submitted),
        Row("GET", "/api/v1/plans/{plan_id}", owner, READERS[owner], params=submitted),
        Row("GET", "/api/v1/plans/{plan_id}/checkins", owner, READERS[owner], params=submitted),
        Row(
            "POST",
            "/plans/{plan_id}/checkins",
            owner,
            READERS[owner],
            params=submitted,
            form=True,
            body=lambda w: {"held_on": "2027-01-01", "progress_1": "50"},
        ),
        Row(
            "POST",
            "/api/v1/plans/{plan_id}/checkins",
            owner,
            READERS[owner],
            params=submitted,
            body=lambda w: {"held_on": "2027-01-01", "progress": {"1": 50}},
        ),
        Row(
            "PATCH",
            "/api/v1/plans/{plan_id}",
            owner,
            OWNERS[owner],
            params=draft,
            body=lambda w: {"revision": 1, "items": [{"free_text": "matrix"}]},
        ),
        Row(
            "POST",
            "/api/v1/plans/{plan_id}/submit",
            owner,
            OWNERS[owner],
            params=draft,
            body=lambda w: {"revision": 1},
        ),
    )
    for path, status, fields in OWNERS_ROUTES:
        rows(
            Row(
                "POST",
                path,
                owner,
                OWNERS[owner],
                params=_plan(status),
                form=True,
                body=lambda w, fields=fields: dict(fields),
            )
        )
    for path in AGREERS_ROUTES:
        rows(
            Row(
                "POST",
                path,
                owner,
                AGREERS[owner],
                params=submitted,
                form=True,
                body=lambda w: MOVE,
            ),
            Row(
                "POST",
                "/api/v1" + path,
                owner,
                AGREERS[owner],
                params=submitted,
                body=lambda w: {"revision": 2, "comment": "matrix"},
            ),
        )

MANAGERS_AND_ADMINS = {**EVERYONE_SIGNED_IN, "sam": DENY_403, "priya": DENY_403}
rows(
    Row("GET", "/plan", expect=EVERYONE_SIGNED_IN),
    Row("GET", "/api/v1/plans", expect=EVERYONE_SIGNED_IN),
    Row("GET", "/inbox", expect=MANAGERS_AND_ADMINS),
    Row("GET", "/api/v1/inbox", expect=MANAGERS_AND_ADMINS),
    # sam already has an open plan (the demo's), and the admin has no person: both 400
    Row(
        "POST", "/plan/generate", form=True, expect={**EVERYONE_SIGNED_IN, "sam": 400, "admin": 400}
    ),
    Row(
        "POST",
        "/api/v1/plans",
        expect={**EVERYONE_SIGNED_IN, "sam": 400, "admin": 400},
        body=lambda w: {"from_gaps": True},
    ),
)
