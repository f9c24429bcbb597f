"""Plan version snapshots and in-app notifications in SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import NotificationRow, PlanVersionRow
from pmopath.domain.notifications import NoticeKind, Notification
from pmopath.domain.plan_versions import PlanSnapshot
from pmopath.domain.plans import ItemStatus, PlanItem, PlanStatus


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(text: object) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None


def item_data(item: PlanItem) -> dict[str, Any]:
    """An item as JSON-safe data (dates as ISO text)."""
    return {
        "competency": item.competency,
        "action_id": item.action_id,
        "free_text": item.free_text,
        "target_level": item.target_level,
        "start_on": item.start_on.isoformat() if item.start_on else None,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "status": item.status.value,
        "effort_hours": item.effort_hours,
    }


def item_from(data: dict[str, Any]) -> PlanItem:
    return PlanItem(
        data.get("competency"),
        data.get("action_id"),
        str(data.get("free_text") or ""),
        data.get("target_level"),
        _day(data.get("start_on")),
        _day(data.get("due_on")),
        ItemStatus(data.get("status") or ItemStatus.PLANNED.value),
        float(data.get("effort_hours") or 0.0),
    )


def _snapshot(row: PlanVersionRow) -> PlanSnapshot:
    return PlanSnapshot(
        row.plan_id,
        row.version,
        row.person_id,
        row.target_role,
        PlanStatus(row.status),
        tuple(item_from(i) for i in row.items),
        row.agreed_by_id,
        _utc(row.agreed_at),
        _utc(row.recorded_at),
        row.owner_name,
        row.agreed_by_name,
    )


class SqlPlanVersions:
    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now

    def keep(self, snapshot: PlanSnapshot) -> None:
        row = self.session.scalar(
            select(PlanVersionRow).where(
                PlanVersionRow.plan_id == snapshot.plan_id,
                PlanVersionRow.version == snapshot.version,
            )
        )
        if row is None:
            row = PlanVersionRow(plan_id=snapshot.plan_id, version=snapshot.version)
            self.session.add(row)
        row.person_id = snapshot.person_id
        row.target_role = snapshot.target_role
        row.status = snapshot.status.value
        row.items = [item_data(i) for i in snapshot.items]
        row.agreed_by_id = snapshot.agreed_by_id
        row.agreed_at = snapshot.agreed_at
        row.recorded_at = snapshot.recorded_at or self.now
        row.owner_name = snapshot.owner_name[:200]
        row.agreed_by_name = snapshot.agreed_by_name[:200]
        self.session.flush()

    def for_plan(self, plan_id: int) -> list[PlanSnapshot]:
        rows = self.session.scalars(
            select(PlanVersionRow)
            .where(PlanVersionRow.plan_id == plan_id)
            .order_by(PlanVersionRow.version)
        )
        return [_snapshot(r) for r in rows]


def _notification(row: NotificationRow) -> Notification:
    created = _utc(row.created_at)
    assert created is not None
    return Notification(
        row.person_id,
        NoticeKind(row.kind),
        row.message,
        row.link,
        created,
        row.key,
        _utc(row.read_at),
        row.id,
    )


class SqlNotifications:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notification: Notification) -> Notification | None:
        if notification.key and self.session.scalar(
            select(NotificationRow.id).where(
                NotificationRow.person_id == notification.person_id,
                NotificationRow.key == notification.key,
            )
        ):
            return None
        row = NotificationRow(
            person_id=notification.person_id,
            kind=notification.kind.value,
            message=notification.message[:500],
            link=notification.link[:200],
            key=notification.key[:200],
            created_at=notification.created_at,
            read_at=notification.read_at,
        )
        self.session.add(row)
        self.session.flush()
        return _notification(row)

    def get(self, notification_id: int) -> Notification | None:
        row = self.session.get(NotificationRow, notification_id)
        return None if row is None else _notification(row)

    def for_person(self, person_id: int, *, limit: int = 100) -> list[Notification]:
        rows = self.session.scalars(
            select(NotificationRow)
            .where(NotificationRow.person_id == person_id)
            .order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
            .limit(limit)
        )
        return [_notification(r) for r in rows]

    def unread_count(self, person_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(NotificationRow)
                .where(NotificationRow.person_id == person_id, NotificationRow.read_at.is_(None))
            )
            or 0
        )

    def mark_read(self, notification_id: int, at: datetime) -> None:
        self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == notification_id, NotificationRow.read_at.is_(None))
            .values(read_at=at)
        )

    def mark_all_read(self, person_id: int, at: datetime) -> int:
        done = self.session.execute(
            update(NotificationRow)
            .where(NotificationRow.person_id == person_id, NotificationRow.read_at.is_(None))
            .values(read_at=at)
        )
        return int(done.rowcount)  # type: ignore[attr-defined]
