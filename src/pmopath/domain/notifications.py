"""In-app notifications: a short message to one person about one record, read or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class NoticeKind(StrEnum):
    PLAN_SUBMITTED = "plan_submitted"
    PLAN_AGREED = "plan_agreed"
    CHANGES_REQUESTED = "changes_requested"
    CHECKIN_RECORDED = "checkin_recorded"
    REVIEW_OVERDUE = "review_overdue"
    MENTORING = "mentoring"


@dataclass(frozen=True, slots=True)
class Notification:
    """``key`` makes a notice unique per person (a second overdue notice for the same due date
    is not added); ``link`` is the page it is about."""

    person_id: int
    kind: NoticeKind
    message: str
    link: str
    created_at: datetime
    key: str = ""
    read_at: datetime | None = None
    id: int | None = None

    @property
    def unread(self) -> bool:
        return self.read_at is None
