"""In-memory fakes of the store's ports, so service tests need no database.

The repository contract tests run the same checks against these and the SQL repositories, so
the fakes cannot drift from the real thing.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self

from pmopath.domain.accounts import Account, AccountSession, ApiToken, SignedIn
from pmopath.domain.credentials import Credentials
from pmopath.domain.errors import Conflict
from pmopath.domain.framework import Framework
from pmopath.domain.notifications import Notification
from pmopath.domain.people import (
    CURRENT_PICTURE_SOURCES,
    AuditEntry,
    Person,
    RecordedAssessment,
    RoleSpell,
    Target,
)
from pmopath.domain.permissions import managers_above, reports_of
from pmopath.domain.plan_versions import PlanSnapshot
from pmopath.domain.plans import CheckIn, Evidence, Plan, PlanStatus
from pmopath.domain.reminders import CalendarFeed, Reminder
from pmopath.services.ports.outputs import OutgoingMail
from pmopath.services.ports.readers import FileReaders
from pmopath.services.ports.security import CommonPasswords, PasswordHasher
from pmopath.services.ports.solver import MilpSolver
from pmopath.services.ports.store import Store


class FakeState:
    """Everything a fake database holds; units of work copy it and write it back on commit."""

    def __init__(self) -> None:
        self.people: dict[int, Person] = {}
        self.history: dict[int, list[RoleSpell]] = {}
        self.assessments: list[RecordedAssessment] = []
        self.current: dict[int, dict[str, tuple[int, datetime]]] = {}
        self.targets: dict[int, list[Target]] = {}
        self.frameworks: dict[int, tuple[str, Mapping[str, Any]]] = {}
        self.active: int | None = None
        self.audit: list[AuditEntry] = []
        self.plans: dict[int, Plan] = {}
        self.checkins: list[CheckIn] = []
        self.evidence: list[Evidence] = []
        self.credentials: dict[int, Credentials] = {}
        self.plan_versions: dict[tuple[int, int], PlanSnapshot] = {}
        self.notifications: dict[int, Notification] = {}
        self.accounts: dict[int, tuple[Account, str]] = {}
        self.account_sessions: dict[int, AccountSession] = {}
        self.api_tokens: dict[int, ApiToken] = {}
        self.sign_in_failures: list[tuple[str, str, datetime]] = []
        self.readiness_stale = False
        """A write changed what derived readiness comes from (as the SQL repositories note)."""
        self.calendar_feeds: dict[int, CalendarFeed] = {}
        self.commits = 0


class FakePeople:
    def __init__(self, state: FakeState, now: datetime) -> None:
        self.state, self.now = state, now

    def by_id(self, person_id: int) -> Person | None:
        return self.state.people.get(person_id)

    def by_email(self, email: str) -> Person | None:
        return next((p for p in self.state.people.values() if p.email == email.lower()), None)

    def by_emails(self, emails: Iterable[str]) -> dict[str, Person]:
        wanted = {e.lower() for e in emails}
        return {p.email: p for p in self.state.people.values() if p.email in wanted}

    def by_ids(self, person_ids: Collection[int]) -> dict[int, Person]:
        return {i: self.state.people[i] for i in set(person_ids) if i in self.state.people}

    def add(self, person: Person) -> Person:
        stored = replace(person, id=len(self.state.people) + 1)
        self.state.people[stored.id] = stored  # type: ignore[index]
        self.state.readiness_stale = True
        return stored

    def update(self, person: Person) -> None:
        assert person.id in self.state.people
        self.state.people[person.id] = person

    def everyone(self, *, team: str | None = None) -> list[Person]:
        found = [p for p in self.state.people.values() if team is None or p.team == team]
        return sorted(found, key=lambda p: p.name)

    def manager_links(self) -> dict[int, int]:
        return {p.id: p.manager_id for p in self.state.people.values() if p.id and p.manager_id}

    def managers_above(self, person_id: int) -> list[int]:
        return managers_above(person_id, self.manager_links())

    def direct_reports(self, manager_id: int) -> set[int]:
        return {p for p, m in self.manager_links().items() if m == manager_id}

    def reports_under(self, manager_id: int) -> set[int]:
        return reports_of(manager_id, self.manager_links())

    def history(self, person_id: int) -> list[RoleSpell]:
        return list(self.state.history.get(person_id, []))

    def start_role(self, person_id: int, role: str, started_on: date | None) -> None:
        spells = self.state.history.setdefault(person_id, [])
        spells[:] = [
            replace(s, ended_on=started_on or self.now.date()) if s.ended_on is None else s
            for s in spells
        ]
        spells.append(RoleSpell(role, started_on))


class FakeAssessments:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, assessment: RecordedAssessment) -> RecordedAssessment:
        stored = replace(
            assessment, id=len(self.state.assessments) + 1, levels=dict(assessment.levels)
        )
        self.state.assessments.append(stored)
        if assessment.source in CURRENT_PICTURE_SOURCES:
            self.state.readiness_stale = True
            current = self.state.current.setdefault(assessment.person_id, {})
            for competency, level in assessment.levels.items():
                seen = current.get(competency)
                if seen is None or seen[1] <= assessment.assessed_at:
                    current[competency] = (level, assessment.assessed_at)
        return stored

    def current_levels(self, person_id: int) -> dict[str, int]:
        return {c: level for c, (level, _) in self.state.current.get(person_id, {}).items()}

    def count_for(self, person_id: int) -> int:
        return sum(1 for a in self.state.assessments if a.person_id == person_id)

    def for_person(self, person_id: int) -> list[RecordedAssessment]:
        found = [a for a in self.state.assessments if a.person_id == person_id]
        return sorted(found, key=lambda a: (a.assessed_at, a.id or 0))


class FakeTargets:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def for_person(self, person_id: int) -> list[Target]:
        return list(self.state.targets.get(person_id, []))

    def set(self, person_id: int, role: str, *, primary: bool, at: datetime) -> None:
        targets = self.state.targets.setdefault(person_id, [])
        if primary:
            targets[:] = [replace(t, is_primary=False) for t in targets]
        for index, existing in enumerate(targets):
            if existing.role == role:
                targets[index] = replace(existing, is_primary=existing.is_primary or primary)
                return
        targets.append(Target(role, primary))


class FakeFrameworks:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def active(self) -> tuple[int, Mapping[str, Any]] | None:
        if self.state.active is None:
            return None
        return self.state.active, self.state.frameworks[self.state.active][1]

    def active_id(self) -> int | None:
        return self.state.active

    def by_hash(self, content_hash: str) -> int | None:
        return next((i for i, (h, _) in self.state.frameworks.items() if h == content_hash), None)

    def add(self, content: Mapping[str, Any], content_hash: str, at: datetime) -> int:
        version = len(self.state.frameworks) + 1
        self.state.frameworks[version] = (content_hash, content)
        return version

    def activate(self, version_id: int) -> None:
        self.state.active = version_id
        self.state.readiness_stale = True


class FakeAudit:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def record(self, entry: AuditEntry) -> None:
        self.state.audit.append(entry)

    def entries(
        self, *, entity: str | None = None, entity_id: str | None = None
    ) -> Sequence[AuditEntry]:
        return [
            e
            for e in self.state.audit
            if entity in (None, e.entity) and entity_id in (None, e.entity_id)
        ]


class FakePersonData:
    """Enough of export and erase for service tests; the SQL version is tested on databases."""

    def __init__(self, state: FakeState, now: datetime) -> None:
        self.state, self.now = state, now

    def export(self, person_id: int) -> dict[str, Any]:
        person = self.state.people.get(person_id)
        return {
            "person": None
            if person is None
            else {"id": person.id, "email": person.email, "name": person.name},
            "assessments": [
                dict(a.levels) for a in self.state.assessments if a.person_id == person_id
            ],
        }

    def erase(self, person_id: int, now: datetime) -> None:
        self.state.readiness_stale = True
        person = self.state.people[person_id]
        self.state.people[person_id] = replace(
            person, name=f"Erased person #{person_id}", email=None, team=None
        )
        self.state.calendar_feeds = {
            k: f for k, f in self.state.calendar_feeds.items() if f.person_id != person_id
        }


class FakeCredentials:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def for_person(self, person_id: int) -> Credentials:
        return self.state.credentials.get(person_id, Credentials())

    def save(self, person_id: int, credentials: Credentials, at: datetime) -> None:
        held = tuple(sorted(set(credentials.certifications)))
        self.state.credentials[person_id] = Credentials(held, credentials.education)

    def forget(self, person_id: int) -> None:
        self.state.credentials.pop(person_id, None)


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


class FakeUsage:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def references(self) -> dict[str, Counter[str]]:
        roles = Counter(p.role for p in self.state.people.values() if p.role)
        roles.update(t.role for ts in self.state.targets.values() for t in ts)
        roles.update(p.target_role for p in self.state.plans.values())
        competencies = Counter(c for levels in self.state.current.values() for c in levels)
        return {"role": roles, "competency": competencies, "action": Counter()}

    def rename(self, kind: str, old: str, new: str) -> None:
        if kind == "role":
            for pid, person in list(self.state.people.items()):
                if person.role == old:
                    self.state.people[pid] = replace(person, role=new)
        elif kind == "competency":
            for levels in self.state.current.values():
                if old in levels:
                    moved = levels.pop(old)
                    if new not in levels or levels[new][1] <= moved[1]:
                        levels[new] = moved


class FakeUnitOfWork:
    """Works on a copy of the state; commit writes the copy back, so rollback is real."""

    def __init__(self, state: FakeState, now: datetime) -> None:
        self.shared, self.now = state, now
        self.committed = False

    def __enter__(self) -> Self:
        self.state = copy.deepcopy(self.shared)
        self.people = FakePeople(self.state, self.now)
        self.assessments = FakeAssessments(self.state)
        self.targets = FakeTargets(self.state)
        self.frameworks = FakeFrameworks(self.state)
        self.audit = FakeAudit(self.state)
        self.person_data = FakePersonData(self.state, self.now)
        self.credentials = FakeCredentials(self.state)
        self.plans = FakePlans(self.state)
        self.plan_versions = FakePlanVersions(self.state, self.now)
        self.notifications = FakeNotifications(self.state)
        self.usage = FakeUsage(self.state)
        self.accounts = FakeAccounts(self.state)
        self.account_sessions = FakeAccountSessions(self.state)
        self.api_tokens = FakeApiTokens(self.state)
        self.sign_in_failures = FakeSignInFailures(self.state)
        self.calendar_feeds = FakeCalendarFeeds(self.state)
        self.readiness = FakeDerivedReadiness(self.state)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        if self.state.readiness_stale:
            raise AssertionError("committed with derived readiness stale: refresh() it first")
        self.state.commits += 1  # the fake's change stamp: every commit may change a page
        self.shared.__dict__.update(copy.deepcopy(self.state.__dict__))
        self.committed = True

    def rollback(self) -> None:
        self.state.__dict__.update(copy.deepcopy(self.shared.__dict__))


class FakeDerivedReadiness:
    """The fakes derive nothing (insight fakes compute readiness when asked); this keeps the
    rule the SQL unit of work enforces: a stale write is refreshed before its commit."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.refreshed = 0

    def refresh(self) -> None:
        self.state.readiness_stale = False
        self.refreshed += 1


class FakeAccounts:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, account: Account, password_hash: str) -> Account:
        if self.by_email(account.email) is not None:
            raise Conflict(f"an account for {account.email} exists")
        stored = replace(account, id=len(self.state.accounts) + 1, email=account.email.lower())
        self.state.accounts[stored.id] = (stored, password_hash)  # type: ignore[index]
        return stored

    def by_id(self, account_id: int) -> Account | None:
        found = self.state.accounts.get(account_id)
        return found[0] if found else None

    def by_email(self, email: str) -> Account | None:
        wanted = email.lower()
        return next((a for a, _ in self.state.accounts.values() if a.email == wanted), None)

    def by_person(self, person_id: int) -> Account | None:
        return next((a for a, _ in self.state.accounts.values() if a.person_id == person_id), None)

    def everyone(self) -> list[Account]:
        return sorted((a for a, _ in self.state.accounts.values()), key=lambda a: a.email)

    def update(self, account: Account) -> None:
        assert account.id is not None
        stored, password_hash = self.state.accounts[account.id]
        self.state.accounts[account.id] = (replace(account, email=stored.email), password_hash)

    def password_hash(self, account_id: int) -> str | None:
        found = self.state.accounts.get(account_id)
        return found[1] if found else None

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        account, _ = self.state.accounts[account_id]
        self.state.accounts[account_id] = (account, password_hash)


class FakeAccountSessions:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, session: AccountSession) -> AccountSession:
        stored = replace(session, id=len(self.state.account_sessions) + 1)
        self.state.account_sessions[stored.id] = stored  # type: ignore[index]
        return stored

    def by_token_hash(self, token_hash: str) -> AccountSession | None:
        sessions = self.state.account_sessions.values()
        return next((s for s in sessions if s.token_hash == token_hash), None)

    def signed_in(self, token_hash: str) -> SignedIn | None:
        session = self.by_token_hash(token_hash)
        stored = self.state.accounts.get(session.account_id) if session else None
        if session is None or stored is None:
            return None
        person = stored[0].person_id
        unread = sum(
            1 for n in self.state.notifications.values() if n.person_id == person and not n.read_at
        )
        return SignedIn(session, stored[0], self.state.commits, unread)

    def touch(self, session_id: int, at: datetime) -> None:
        session = self.state.account_sessions[session_id]
        self.state.account_sessions[session_id] = replace(session, last_seen_at=at)

    def revoke(self, session_id: int, at: datetime) -> None:
        session = self.state.account_sessions[session_id]
        if session.revoked_at is None:
            self.state.account_sessions[session_id] = replace(session, revoked_at=at)

    def revoke_all(self, account_id: int, at: datetime, *, keep: int | None = None) -> int:
        ended = [
            s.id
            for s in self.state.account_sessions.values()
            if s.account_id == account_id and s.revoked_at is None and s.id != keep
        ]
        for session_id in ended:
            self.revoke(session_id or 0, at)
        return len(ended)


class FakeApiTokens:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, token: ApiToken) -> ApiToken:
        stored = replace(token, id=len(self.state.api_tokens) + 1)
        self.state.api_tokens[stored.id] = stored  # type: ignore[index]
        return stored

    def by_id(self, token_id: int) -> ApiToken | None:
        return self.state.api_tokens.get(token_id)

    def by_secret_hash(self, secret_hash: str) -> ApiToken | None:
        tokens = self.state.api_tokens.values()
        return next((t for t in tokens if t.secret_hash == secret_hash), None)

    def for_account(self, account_id: int) -> list[ApiToken]:
        return [t for t in self.state.api_tokens.values() if t.account_id == account_id]

    def touch(self, token_id: int, at: datetime) -> None:
        token = self.state.api_tokens[token_id]
        self.state.api_tokens[token_id] = replace(token, last_used_at=at)

    def revoke(self, token_id: int, at: datetime) -> None:
        token = self.state.api_tokens[token_id]
        if token.revoked_at is None:
            self.state.api_tokens[token_id] = replace(token, revoked_at=at)


class FakeSignInFailures:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, email: str, client_address: str, at: datetime) -> None:
        self.state.sign_in_failures.append((email.lower(), client_address, at))

    def for_email(self, email: str, since: datetime) -> list[datetime]:
        wanted = email.lower()
        return sorted(at for e, _, at in self.state.sign_in_failures if e == wanted and at > since)

    def for_address(self, client_address: str, since: datetime) -> list[datetime]:
        failures = self.state.sign_in_failures
        return sorted(at for _, a, at in failures if a == client_address and at > since)

    def clear_email(self, email: str) -> None:
        wanted = email.lower()
        self.state.sign_in_failures[:] = [f for f in self.state.sign_in_failures if f[0] != wanted]

    def prune(self, before: datetime) -> None:
        self.state.sign_in_failures[:] = [f for f in self.state.sign_in_failures if f[2] > before]


class FakePasswordHasher:
    """Fast and obviously fake: for service tests that do not test hashing itself."""

    def __init__(self) -> None:
        self.verified = 0

    def hash(self, password: str) -> str:
        return "fake$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return password_hash == self.hash(password)

    def needs_rehash(self, password_hash: str) -> bool:
        return False

    def waste_time(self, password: str) -> None:
        self.verified += 1


class FakeCommonPasswords:
    def __init__(self, *common: str) -> None:
        self.common = set(common)

    def is_common(self, password: str) -> bool:
        return password in self.common


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


class DocumentSpy:
    """Renders nothing: records each template and context, and returns a tiny stand-in PDF."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Mapping[str, Any]]] = []

    def pdf(self, template: str, context: Mapping[str, Any]) -> bytes:
        self.calls.append((template, context))
        return b"%PDF"


class CalendarSpy:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[Reminder], datetime]] = []

    def calendar(self, name: str, found: Sequence[Reminder], stamp: datetime) -> bytes:
        self.calls.append((name, list(found), stamp))
        return b"BEGIN:VCALENDAR"


class MailSpy:
    def __init__(self) -> None:
        self.sent: list[OutgoingMail] = []

    def send(self, mail: OutgoingMail) -> None:
        self.sent.append(mail)


@dataclass
class FakePorts:
    """The ``Ports`` of a store for service tests: spies and fakes for what leaves the process,
    and the real in-process solver and file readers, which do no I/O."""

    milp: MilpSolver = field(default_factory=lambda: _real("milp"))
    documents: DocumentSpy = field(default_factory=DocumentSpy)
    calendars: CalendarSpy = field(default_factory=CalendarSpy)
    mail: MailSpy | None = field(default_factory=MailSpy)
    hasher: PasswordHasher = field(default_factory=FakePasswordHasher)
    common_passwords: CommonPasswords = field(default_factory=FakeCommonPasswords)
    readers: FileReaders = field(default_factory=lambda: _real("readers"))


def _real(port: str) -> Any:
    from pmopath.bootstrap.container import Container
    from pmopath.config import Settings

    return getattr(Container(Settings()), port)


class NoInsight:
    """For service tests that never ask the read-only insight queries: any use fails the test."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"this test did not expect an insight query ({name})")


def store_on(units: Callable[[], Any], now: datetime, *, ports: FakePorts | None = None) -> Store:
    """A store on any units of work (the fakes', or a real database's in contract tests), its
    clock stopped at ``now``, with fake ports; the framework is the shipped one."""
    from pmopath.bootstrap.files import default_framework

    return Store(units, default_framework(), 1, lambda: now, ports or FakePorts(), NoInsight())


def fake_store(
    state: FakeState,
    framework: Framework,
    now: datetime,
    *,
    ports: FakePorts | None = None,
    insight: Any = None,
) -> Store:
    """A store on the in-memory fakes, its clock stopped at ``now``."""
    return Store(
        lambda: FakeUnitOfWork(state, now),
        framework,
        1,
        lambda: now,
        ports or FakePorts(),
        insight if insight is not None else NoInsight(),
    )
