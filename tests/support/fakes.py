"""In-memory fakes of the store's ports, so service tests need no database: the shared state, the
people, assessment and framework repositories, and the unit of work over all of them.

The repository contract tests run the same checks against these and the SQL repositories, so
the fakes cannot drift from the real thing. Plans, accounts and the other ports have modules of
their own (fake_plans, fake_accounts, fake_ports)."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self

from pmopath.domain.accounts import Account, AccountSession, ApiToken
from pmopath.domain.audit import AuditQuery
from pmopath.domain.calibration import CalibrationDecision, CalibrationSession
from pmopath.domain.credentials import Credentials
from pmopath.domain.cv import CvChoices
from pmopath.domain.feedback import FeedbackRequest, FeedbackResponse, Respondent
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
from pmopath.domain.plans import CheckIn, Evidence, Plan
from pmopath.domain.provisioning import ProvisionedGroup, ProvisionedUser
from pmopath.domain.readiness import StoredFigure
from pmopath.domain.reminders import CalendarFeed
from pmopath.domain.role_history import StoredSpell
from pmopath.domain.single_sign_on import LinkedIdentity, PendingSignIn
from tests.support.fake_accounts import (
    FakeAccounts,
    FakeAccountSessions,
    FakeApiTokens,
    FakeSignInFailures,
    FakeSingleSignOn,
)
from tests.support.fake_calibration import FakeCalibration
from tests.support.fake_cv import FakeCvChoices
from tests.support.fake_feedback import FakeFeedback
from tests.support.fake_history import FakeRoleHistory
from tests.support.fake_plans import (
    FakeCalendarFeeds,
    FakeNotifications,
    FakePlans,
    FakePlanVersions,
)
from tests.support.fake_provisioning import FakeProvisioning


class FakeState:
    """Everything a fake database holds; units of work copy it and write it back on commit."""

    def __init__(self) -> None:
        self.people: dict[int, Person] = {}
        self.history: dict[int, list[StoredSpell]] = {}
        self.spell_ids = 0
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
        self.sso_pending: dict[str, PendingSignIn] = {}
        self.sso_identities: dict[tuple[str, str], LinkedIdentity] = {}
        self.readiness_stale = False
        """A write changed what derived readiness comes from (as the SQL repositories note)."""
        self.calendar_feeds: dict[int, CalendarFeed] = {}
        self.cv_choices: dict[int, CvChoices] = {}
        self.provisioned_users: dict[int, ProvisionedUser] = {}
        self.provisioned_groups: dict[int, ProvisionedGroup] = {}
        self.feedback_requests: dict[int, FeedbackRequest] = {}
        self.feedback_respondents: dict[int, Respondent] = {}
        self.feedback_responses: dict[int, FeedbackResponse] = {}
        self.calibration_decisions: list[CalibrationDecision] = []
        self.calibration_sessions: dict[int, CalibrationSession] = {}
        self.commits = 0
        from tests.support.fake_mentoring import MentoringState

        self.mentoring = MentoringState()


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

    def manager_links_below(self, manager_id: int) -> dict[int, int]:
        links = self.manager_links()
        below = reports_of(manager_id, links)
        if links.get(manager_id) in below:  # a loop: the manager is below themselves too
            below.add(manager_id)
        return {p: m for p, m in links.items() if p in below and p != m}

    def managers_above(self, person_id: int) -> list[int]:
        return managers_above(person_id, self.manager_links())

    def direct_reports(self, manager_id: int) -> set[int]:
        return {p for p, m in self.manager_links().items() if m == manager_id}

    def reports_under(self, manager_id: int) -> set[int]:
        return reports_of(manager_id, self.manager_links())

    def history(self, person_id: int) -> list[RoleSpell]:
        return [s.spell for s in self.state.history.get(person_id, [])]

    def start_role(self, person_id: int, role: str, started_on: date | None) -> None:
        spells = self.state.history.setdefault(person_id, [])
        ended = started_on or self.now.date()
        spells[:] = [
            replace(s, spell=replace(s.spell, ended_on=ended)) if s.current else s for s in spells
        ]
        FakeRoleHistory(self.state).add(person_id, RoleSpell(role, started_on))


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

    def current_levels_of(self, person_ids: Collection[int]) -> dict[int, dict[str, int]]:
        return {
            pid: {c: level for c, (level, _) in self.state.current[pid].items()}
            for pid in set(person_ids)
            if self.state.current.get(pid)
        }

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

    def _matching(self, query: AuditQuery) -> list[AuditEntry]:
        return [
            e
            for e in reversed(self.state.audit)
            if query.matches(e.action, e.actor, e.entity, e.entity_id, e.at)
        ]

    def search(self, query: AuditQuery) -> Sequence[AuditEntry]:
        found = self._matching(query)
        return found[query.offset : query.offset + query.limit] if query.limit else found

    def count(self, query: AuditQuery) -> int:
        return len(self._matching(query))


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
        gone = {i for i, r in self.state.feedback_requests.items() if r.person_id == person_id}
        self.state.feedback_requests = {
            i: r for i, r in self.state.feedback_requests.items() if i not in gone
        }
        self.state.feedback_respondents = {
            i: r for i, r in self.state.feedback_respondents.items() if r.request_id not in gone
        }
        self.state.feedback_responses = {
            i: r for i, r in self.state.feedback_responses.items() if r.request_id not in gone
        }
        self.state.cv_choices.pop(person_id, None)


class FakeCredentials:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def for_person(self, person_id: int) -> Credentials:
        return self.state.credentials.get(person_id, Credentials())

    def save(self, person_id: int, credentials: Credentials, at: datetime) -> None:
        held = tuple(sorted(set(credentials.certifications)))
        earned = {k: v for k, v in credentials.earned_on.items() if k in held}
        self.state.credentials[person_id] = Credentials(held, credentials.education, earned)

    def forget(self, person_id: int) -> None:
        self.state.credentials.pop(person_id, None)


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
        self.role_history = FakeRoleHistory(self.state)
        self.plans = FakePlans(self.state)
        self.plan_versions = FakePlanVersions(self.state, self.now)
        self.notifications = FakeNotifications(self.state)
        self.usage = FakeUsage(self.state)
        self.accounts = FakeAccounts(self.state)
        self.account_sessions = FakeAccountSessions(self.state)
        self.api_tokens = FakeApiTokens(self.state)
        self.sign_in_failures = FakeSignInFailures(self.state)
        self.single_sign_on = FakeSingleSignOn(self.state)
        self.calendar_feeds = FakeCalendarFeeds(self.state)
        self.cv_choices = FakeCvChoices(self.state)
        self.calibration = FakeCalibration(self.state)
        self.readiness = FakeDerivedReadiness(self.state)
        self.provisioning = FakeProvisioning(self.state)
        self.feedback = FakeFeedback(self.state)
        from tests.support.fake_mentoring import FakeMentoring

        self.mentoring = FakeMentoring(self.state)
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

    def figures_of(self, person_id: int, framework: Framework) -> dict[str, StoredFigure]:
        return {}  # nothing stored: the callers measure every role
