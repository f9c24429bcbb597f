"""The SQLAlchemy repository of private calendar feeds (token hashes, never tokens)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import CalendarFeedRow
from pmopath.domain.reminders import CalendarFeed


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _feed(row: CalendarFeedRow) -> CalendarFeed:
    created = _utc(row.created_at)
    assert created is not None
    return CalendarFeed(row.id, row.person_id, row.token_hash, created, _utc(row.revoked_at))


class SqlCalendarFeeds:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, feed: CalendarFeed) -> CalendarFeed:
        row = CalendarFeedRow(
            person_id=feed.person_id,
            token_hash=feed.token_hash,
            created_at=feed.created_at,
            revoked_at=feed.revoked_at,
        )
        self.session.add(row)
        self.session.flush()
        return _feed(row)

    def by_token_hash(self, token_hash: str) -> CalendarFeed | None:
        row = self.session.scalar(
            select(CalendarFeedRow).where(CalendarFeedRow.token_hash == token_hash)
        )
        return _feed(row) if row else None

    def live_for_person(self, person_id: int) -> CalendarFeed | None:
        row = self.session.scalar(
            select(CalendarFeedRow)
            .where(CalendarFeedRow.person_id == person_id, CalendarFeedRow.revoked_at.is_(None))
            .order_by(CalendarFeedRow.id.desc())
            .limit(1)
        )
        return _feed(row) if row else None

    def revoke_for_person(self, person_id: int, at: datetime) -> int:
        result = self.session.execute(
            update(CalendarFeedRow)
            .where(CalendarFeedRow.person_id == person_id, CalendarFeedRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)
