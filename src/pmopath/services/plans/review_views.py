"""Plain-data views of plan versions, comparisons, reviews and notifications, for the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from pmopath.domain.notifications import Notification
from pmopath.domain.plan_versions import VersionComparison
from pmopath.domain.reviews import ReviewDue
from pmopath.services.plans.notifications import Inbox
from pmopath.services.plans.reviews import OverdueReview
from pmopath.services.plans.versions import PlanVersion
from pmopath.services.plans.views import item_view


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def version_view(version: PlanVersion) -> dict[str, Any]:
    s = version.snapshot
    return {
        "plan_id": s.plan_id,
        "version": s.version,
        "current": version.current,
        "status": s.status.value,
        "target_role": s.target_role,
        "owner": {"id": s.person_id, "name": s.owner_name},
        "agreed_by": (
            {"id": s.agreed_by_id, "name": s.agreed_by_name} if s.agreed_by_id is not None else None
        ),
        "agreed_at": _plain(s.agreed_at),
        "recorded_at": _plain(s.recorded_at),
        "items": [item_view(n, i) for n, i in enumerate(s.items, start=1)],
    }


def versions_view(versions: Sequence[PlanVersion]) -> dict[str, Any]:
    return {"data": [version_view(v) for v in versions], "count": len(versions)}


def comparison_view(diff: VersionComparison) -> dict[str, Any]:
    return {
        "plan_id": diff.a.plan_id,
        "a": diff.a.version,
        "b": diff.b.version,
        "status": {"a": diff.a.status.value, "b": diff.b.status.value},
        "added": [item_view(n, i) for n, i in enumerate(diff.added, start=1)],
        "removed": [item_view(n, i) for n, i in enumerate(diff.removed, start=1)],
        "changed": [
            {
                "key": c.key,
                "item": item_view(0, c.after),
                "changes": [
                    {"field": f.field, "before": _plain(f.before), "after": _plain(f.after)}
                    for f in c.changes
                ],
            }
            for c in diff.changed
        ],
        "unchanged": diff.unchanged,
    }


def review_view(review: ReviewDue) -> dict[str, Any]:
    return {
        "cadence": review.cadence.value,
        "since": _plain(review.since),
        "due_on": _plain(review.due_on),
        "state": review.state.value,
    }


def overdue_view(found: Sequence[OverdueReview]) -> dict[str, Any]:
    data = [
        {
            "person": {"id": o.person.id, "name": o.person.name},
            "plan_id": o.plan.id,
            **review_view(o.review),
        }
        for o in found
    ]
    return {"data": data, "count": len(data)}


def notification_view(notice: Notification) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind.value,
        "message": notice.message,
        "link": notice.link,
        "created_at": notice.created_at.isoformat(),
        "read_at": _plain(notice.read_at),
    }


def notifications_view(inbox: Inbox) -> dict[str, Any]:
    data = [notification_view(n) for n in inbox.notifications]
    return {"data": data, "count": len(data), "unread": inbox.unread}
