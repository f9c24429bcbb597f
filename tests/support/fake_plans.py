"""In-memory fakes of the plan repositories (plans, check-ins, evidence, versions, notifications,
calendar feeds), for service tests that need no database."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from pmopath.domain.errors import Conflict
from pmopath.domain.notifications import Notification
from pmopath.domain.plan_versions import PlanSnapshot
from pmopath.domain.plans import CheckIn, Evidence, Plan, PlanStatus, readiness_by_day
from pmopath.domain.reminders import CalendarFeed

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakePlans:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, plan: Plan) -> Plan:
        stored = replace(plan, id=len(self.state.plans) + 1, revision=1)
        self.state.plans[stored.id] = stored  # type: ignore[index]
        return stored

    def get(self, plan_id: int) -> Plan | None:
        return self.state.plans.get(plan_id)

    def for_person(self, person_id: int) -> list[Plan]:
        return [p for p in self.state.plans.values() if p.person_id == person_id]

    def for_people(self, person_ids: Collection[int]) -> list[Plan]:
        wanted = set(person_ids)
        return sorted(
            (p for p in self.state.plans.values() if p.person_id in wanted), key=lambda p: p.id or 0
        )

    def save(self, plan: Plan, expected_revision: int) -> Plan:
        assert plan.id is not None
        current = self.state.plans[plan.id]
        if current.revision != expected_revision:
            raise Conflict(f"plan #{plan.id} was changed by someone else")
        stored = replace(plan, revision=current.revision + 1)
        self.state.plans[plan.id] = stored
        return stored

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        stored = replace(checkin, id=len(self.state.checkins) + 1)
        self.state.checkins.append(stored)
        return stored

    def checkins(self, plan_id: int) -> list[CheckIn]:
        return sorted(
            (c for c in self.state.checkins if c.plan_id == plan_id), key=lambda c: c.held_on
        )

    def readiness_by_day(self, plan_id: int, days: int) -> list[tuple[date, float]]:
        return readiness_by_day((c for c in self.state.checkins if c.plan_id == plan_id), days)

    def last_checkins(self, plan_ids: Collection[int]) -> dict[int, date]:
        latest: dict[int, date] = {}
        for checkin in self.state.checkins:
            if checkin.plan_id in plan_ids:
                latest[checkin.plan_id] = max(
                    latest.get(checkin.plan_id, checkin.held_on), checkin.held_on
                )
        return latest

    def add_evidence(self, evidence: Evidence) -> Evidence:
        stored = replace(evidence, id=len(self.state.evidence) + 1)
        self.state.evidence.append(stored)
        return stored

    def evidence_for(self, person_id: int) -> list[Evidence]:
        return sorted(
            (e for e in self.state.evidence if e.person_id == person_id),
            key=lambda e: e.happened_on,
        )

    def with_status(self, status: PlanStatus) -> list[Plan]:
        return [p for _, p in sorted(self.state.plans.items()) if p.status is status]

    def evidence_by_id(self, evidence_id: int) -> Evidence | None:
        return next((e for e in self.state.evidence if e.id == evidence_id), None)

    def verify_evidence(self, evidence_id: int, verifier_id: int) -> None:
        self.state.evidence[:] = [
            replace(e, verified_by_id=verifier_id) if e.id == evidence_id else e
            for e in self.state.evidence
        ]


class FakePlanVersions:
    def __init__(self, state: FakeState, now: datetime) -> None:
        self.state, self.now = state, now

    def keep(self, snapshot: PlanSnapshot) -> None:
        stamped = replace(snapshot, recorded_at=snapshot.recorded_at or self.now)
        self.state.plan_versions[(snapshot.plan_id, snapshot.version)] = stamped

    def for_plan(self, plan_id: int) -> list[PlanSnapshot]:
        found = [s for (p, _), s in self.state.plan_versions.items() if p == plan_id]
        return sorted(found, key=lambda s: s.version)


class FakeNotifications:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, notification: Notification) -> Notification | None:
        mine = (
            n for n in self.state.notifications.values() if n.person_id == notification.person_id
        )
        if notification.key and any(n.key == notification.key for n in mine):
            return None
        saved = replace(notification, id=len(self.state.notifications) + 1)
        self.state.notifications[saved.id or 0] = saved
        return saved

    def get(self, notification_id: int) -> Notification | None:
        return self.state.notifications.get(notification_id)

    def for_person(self, person_id: int, *, limit: int = 100) -> list[Notification]:
        mine = [n for n in self.state.notifications.values() if n.person_id == person_id]
        return sorted(mine, key=lambda n: (n.created_at, n.id or 0), reverse=True)[:limit]

    def unread_count(self, person_id: int) -> int:
        return sum(1 for n in self.for_person(person_id, limit=10**9) if n.read_at is None)

    def mark_read(self, notification_id: int, at: datetime) -> None:
        found = self.state.notifications.get(notification_id)
        if found is not None and found.read_at is None:
            self.state.notifications[notification_id] = replace(found, read_at=at)

    def mark_all_read(self, person_id: int, at: datetime) -> int:
        unread = [n for n in self.for_person(person_id, limit=10**9) if n.read_at is None]
        for n in unread:
            self.mark_read(n.id or 0, at)
        return len(unread)


class FakeCalendarFeeds:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, feed: CalendarFeed) -> CalendarFeed:
        if any(f.token_hash == feed.token_hash for f in self.state.calendar_feeds.values()):
            raise Conflict("that calendar token exists already")
        stored = replace(feed, id=len(self.state.calendar_feeds) + 1)
        self.state.calendar_feeds[stored.id] = stored  # type: ignore[index]
        return stored

    def by_token_hash(self, token_hash: str) -> CalendarFeed | None:
        return next(
            (f for f in self.state.calendar_feeds.values() if f.token_hash == token_hash), None
        )

    def live_for_person(self, person_id: int) -> CalendarFeed | None:
        live = [
            f
            for f in self.state.calendar_feeds.values()
            if f.person_id == person_id and f.revoked_at is None
        ]
        return max(live, key=lambda f: f.id or 0) if live else None

    def revoke_for_person(self, person_id: int, at: datetime) -> int:
        count = 0
        for key, feed in list(self.state.calendar_feeds.items()):
            if feed.person_id == person_id and feed.revoked_at is None:
                self.state.calendar_feeds[key] = replace(feed, revoked_at=at)
                count += 1
        return count
