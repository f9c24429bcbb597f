"""Authorization rows for reminders and exports: calendar feeds, PDFs, the admins' plan CSV.

The calendar feed answers anyone holding a live token (a calendar client signs in to
nothing) and 404 to everyone else, signed in or not.
"""

from __future__ import annotations

from typing import Any

from pmopath.domain.plans import PlanStatus
from tests.e2e.web.authorization import CALLERS, DENY_403, Row, rows
from tests.e2e.web.authorization_people import NOBODY, OWN_SAM, READ_ALEX, READERS
from tests.e2e.web.authorization_plans import READERS as PLAN_READERS
from tests.e2e.web.authorization_plans import _plan

OWNERS = {"sam": OWN_SAM, "alex": READ_ALEX, "unknown": NOBODY}
ADMINS_ONLY = {c: DENY_403 for c in CALLERS if c not in ("anonymous", "admin")}
EVERYONE = dict.fromkeys(CALLERS, "allow")
NOBODY_AT_ALL = dict.fromkeys(CALLERS, 404)
PACK = {"role": "pmo_manager"}


def _feed_token(world: Any, owner: str) -> dict[str, str]:
    """A live calendar token of the owner's, or one nobody has."""
    from pmopath.services.plans import reminders

    if owner == "unknown":
        return {"token": "n0-such-token-" + "x" * 30}
    _, token = reminders.create_calendar_feed(
        world.runtime.store(), f"{owner}@demo.pmopath.org", viewer=_system(), actor="matrix"
    )
    return {"token": token}


def _system() -> Any:
    from pmopath.domain.permissions import SYSTEM

    return SYSTEM


rows(
    Row("GET", "/calendar/{token}.ics", "sam", EVERYONE, params=_feed_token),
    Row("GET", "/calendar/{token}.ics", "unknown", NOBODY_AT_ALL, params=_feed_token),
    Row("GET", "/admin/plans.csv", expect=ADMINS_ONLY),
    Row("GET", "/api/v1/admin/plans.csv", expect=ADMINS_ONLY),
)

for owner in ("sam", "alex", "unknown"):
    submitted = _plan(PlanStatus.SUBMITTED)
    rows(
        Row("POST", "/people/{person_id}/calendar-feed", owner, OWNERS[owner], form=True),
        Row("POST", "/people/{person_id}/calendar-feed/revoke", owner, OWNERS[owner], form=True),
        Row(
            "POST",
            "/people/{person_id}/calendar-feed/revoke",
            owner,
            OWNERS[owner],
            form=True,
            body=lambda w: {"confirmed": "yes"},
        ),
        Row("POST", "/api/v1/people/{person_id}/calendar-feed", owner, OWNERS[owner]),
        Row("DELETE", "/api/v1/people/{person_id}/calendar-feed", owner, OWNERS[owner]),
        Row("GET", "/api/v1/people/{person_id}/reminders", owner, READERS[owner]),
        Row("GET", "/people/{person_id}/pack", owner, READERS[owner], query=PACK),
        Row("GET", "/api/v1/people/{person_id}/pack", owner, READERS[owner], query=PACK),
        Row("GET", "/plans/{plan_id}/pdf", owner, PLAN_READERS[owner], params=submitted),
        Row("GET", "/api/v1/plans/{plan_id}/pdf", owner, PLAN_READERS[owner], params=submitted),
    )
