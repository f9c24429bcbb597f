"""Authorization rows for plan versions, review cadences, overdue reviews and notifications.

Versions, the comparison and the review schedule are read by whoever may read the plan; the
cadence is set by the owner or a manager above them (or an admin); notifications are each
person's own: someone else's answers 404, as an unknown id does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pmopath.domain.plans import PlanStatus
from tests.e2e.web.authorization import CALLERS, DENY_404, EVERYONE_SIGNED_IN, Row, rows
from tests.e2e.web.authorization_plans import NOBODY, READERS, _plan

UNKNOWN_NOTICE = "987654"


def _sams_notice(world: Any, owner: str) -> dict[str, str]:
    """A notification of sam's (or an unknown id): only sam may mark it read."""
    from pmopath.domain.notifications import NoticeKind, Notification

    if owner == "unknown":
        return {"notification_id": UNKNOWN_NOTICE}
    with world.runtime.unit_of_work() as uow:
        sam = uow.people.by_email("sam@demo.pmopath.org")
        assert sam is not None and sam.id is not None
        now = datetime.now(UTC)
        key = f"matrix:{now.timestamp()}"
        notice = Notification(sam.id, NoticeKind.PLAN_AGREED, "matrix", "/plan", now, key)
        added = uow.notifications.add(notice)
        uow.commit()
    assert added is not None
    return {"notification_id": str(added.id)}


SAMS_ONLY = {**{c: DENY_404 for c in CALLERS if c != "anonymous"}, "sam": "allow"}

for owner in ("sam", "alex", "unknown"):
    submitted = _plan(PlanStatus.SUBMITTED)
    rows(
        Row("GET", "/plans/{plan_id}/versions", owner, READERS[owner], params=submitted),
        Row("GET", "/api/v1/plans/{plan_id}/versions", owner, READERS[owner], params=submitted),
        Row(
            "GET",
            "/api/v1/plans/{plan_id}/compare",
            owner,
            READERS[owner],
            params=submitted,
            query={"a": "1", "b": "1"},
        ),
        Row("GET", "/api/v1/plans/{plan_id}/review", owner, READERS[owner], params=submitted),
        Row(
            "POST",
            "/plans/{plan_id}/cadence",
            owner,
            READERS[owner],
            params=submitted,
            form=True,
            body=lambda w: {"revision": "2", "cadence": "monthly"},
        ),
        Row(
            "PUT",
            "/api/v1/plans/{plan_id}/cadence",
            owner,
            READERS[owner],
            params=submitted,
            body=lambda w: {"revision": 2, "cadence": "half_yearly"},
        ),
    )

for owner in ("sam", "unknown"):
    expect = SAMS_ONLY if owner == "sam" else NOBODY
    rows(
        Row(
            "POST",
            "/notifications/{notification_id}/read",
            owner,
            expect,
            params=_sams_notice,
            form=True,
        ),
        Row(
            "POST",
            "/api/v1/notifications/{notification_id}/read",
            owner,
            expect,
            params=_sams_notice,
        ),
    )

rows(
    Row("GET", "/notifications", expect=EVERYONE_SIGNED_IN),
    Row("GET", "/api/v1/notifications", expect=EVERYONE_SIGNED_IN),
    Row("POST", "/notifications/read-all", form=True, expect=EVERYONE_SIGNED_IN),
    Row("GET", "/api/v1/reviews/overdue", expect=EVERYONE_SIGNED_IN),
)
