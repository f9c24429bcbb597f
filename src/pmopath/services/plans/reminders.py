"""Reminders: a person's plan reviews and items due, and their private calendar feed URL.

The feed URL carries a secret token: anyone holding it reads the person's dates, so it is
shown once, stored only as a hash, and revoked (or replaced) by the person or an admin.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from pmopath.domain.errors import NotFound
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.domain.reminders import (
    CalendarFeed,
    Reminder,
    item_reminders,
    live_plans,
    review_reminder,
)
from pmopath.services.accounts.checks import token_hash
from pmopath.services.people.access import own_person, readable_person
from pmopath.services.plans.reviews import reviews_of
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

TOKEN_MAX = 100
"""Longer tokens are never ours: refused before hashing."""


def person_reminders(uow: UnitOfWork, store: Store, person_id: int) -> list[Reminder]:
    """Every open plan's next review (by its cadence) and unfinished dated items, by day."""
    titles = {a.id: a.title for a in store.framework.actions}
    today = store.clock().date()
    found: list[Reminder] = []
    live = live_plans(uow.plans.for_person(person_id))
    for plan, review in zip(live, reviews_of(uow, live, today), strict=True):
        found.extend(item_reminders(plan, titles))
        if review.due_on is not None:  # by the plan's own cadence
            found.append(review_reminder(plan, review.due_on))
    return sorted(found, key=lambda r: (r.day, r.uid))


def reminders_of(store: Store, reference: str, *, viewer: Viewer = SYSTEM) -> list[Reminder]:
    """A person's reminders if the viewer may read their records; else NotFound."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        return person_reminders(uow, store, person.id)


def create_calendar_feed(
    store: Store, reference: str, *, viewer: Viewer, actor: str
) -> tuple[CalendarFeed, str]:
    """A new private feed for the person (theirs or an admin's to make); earlier ones stop working.

    Returns the feed and its token, which is never stored and cannot be shown again.
    Raises NotFound (someone the viewer cannot see) or PermissionDenied.
    """
    now = store.clock()
    token = secrets.token_urlsafe(32)
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        revoked = uow.calendar_feeds.revoke_for_person(person.id, now)
        feed = uow.calendar_feeds.add(CalendarFeed(None, person.id, token_hash(token), now))
        _audit(uow, now, actor, "calendar_feed.create", person, revoked)
        uow.commit()
    return feed, token


def revoke_calendar_feed(store: Store, reference: str, *, viewer: Viewer, actor: str) -> int:
    """Stop the person's feed URL working; return how many were revoked (0 or 1)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        revoked = uow.calendar_feeds.revoke_for_person(person.id, now)
        _audit(uow, now, actor, "calendar_feed.revoke", person, revoked)
        uow.commit()
    return revoked


def own_calendar_feed(store: Store, reference: str, *, viewer: Viewer) -> CalendarFeed | None:
    """The person's live feed, if the viewer may change their records (as revoking needs)."""
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        return uow.calendar_feeds.live_for_person(person.id)


def calendar_feed_of(store: Store, reference: str, *, viewer: Viewer) -> CalendarFeed | None:
    """The person's live feed (without its token), if the viewer may read their records."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        return uow.calendar_feeds.live_for_person(person.id)


def calendar_for_token(store: Store, token: str) -> bytes:
    """The calendar behind a feed token; NotFound for an unknown or revoked token.

    The token is the credential: whoever holds it reads that one person's dates.
    """
    if not token or len(token) > TOKEN_MAX:
        raise NotFound("calendar", "(token)")
    with store.unit_of_work() as uow:
        feed = uow.calendar_feeds.by_token_hash(token_hash(token))
        if feed is None or feed.revoked_at is not None:
            raise NotFound("calendar", "(token)")
        person = uow.people.by_id(feed.person_id)
        if person is None:
            raise NotFound("calendar", "(token)")
        found = person_reminders(uow, store, feed.person_id)
    return store.ports.calendars.calendar(f"PMO Pathways: {person.name}", found, store.clock())


def split_by_day(
    found: list[Reminder], today: date, horizon_days: int
) -> tuple[list[Reminder], list[Reminder]]:
    """(overdue, due within ``horizon_days`` from today), each by day."""
    overdue = [r for r in found if r.day < today]
    upcoming = [r for r in found if today <= r.day and (r.day - today).days <= horizon_days]
    return overdue, upcoming


def _audit(
    uow: UnitOfWork, now: datetime, actor: str, action: str, person: Person, revoked: int
) -> None:
    uow.audit.record(
        AuditEntry(now, actor, action, "person", str(person.id), None, {"revoked": revoked})
    )
