"""The SQLAlchemy unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pmopath.adapters.db.account_repository import (
    SqlAccounts,
    SqlAccountSessions,
    SqlApiTokens,
    SqlSignInFailures,
)
from pmopath.adapters.db.calendar_feed_repository import SqlCalendarFeeds
from pmopath.adapters.db.credentials_repository import SqlCredentials
from pmopath.adapters.db.framework_usage import SqlFrameworkUsage
from pmopath.adapters.db.person_data import SqlPersonData
from pmopath.adapters.db.plan_repository import SqlPlans
from pmopath.adapters.db.repositories import (
    SqlAssessments,
    SqlAudit,
    SqlFrameworks,
    SqlPeople,
    SqlTargets,
)
from pmopath.adapters.db.review_repositories import SqlNotifications, SqlPlanVersions
from pmopath.adapters.db.role_readiness import bring_up_to_date, forget_notes
from pmopath.domain.errors import Conflict
from pmopath.services.ports.repositories import (
    AccountRepository,
    AccountSessionRepository,
    ApiTokenRepository,
    AssessmentRepository,
    AuditLog,
    CalendarFeedRepository,
    CredentialsRepository,
    FrameworkRepository,
    FrameworkUsage,
    NotificationRepository,
    PeopleRepository,
    PersonData,
    PlanRepository,
    PlanVersionRepository,
    SignInFailureLog,
    TargetRepository,
)

_FACTORIES: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


def _session_factory(engine: Engine) -> sessionmaker[Session]:
    """One sessionmaker per engine: each new one sets up SQLAlchemy's event dispatch again,
    which cost a quarter of a simple web request when it was made per unit of work."""
    factory = _FACTORIES.get(engine)
    if factory is None:
        factory = _FACTORIES[engine] = sessionmaker(engine, expire_on_commit=False)
    return factory


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``; leaving without a commit rolls back."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._sessions = _session_factory(engine)
        self._clock = clock

    def __enter__(self) -> Self:
        self.session: Session = self._sessions()
        now = self._clock()
        self.people: PeopleRepository = SqlPeople(self.session, now)
        self.assessments: AssessmentRepository = SqlAssessments(self.session)
        self.targets: TargetRepository = SqlTargets(self.session)
        self.frameworks: FrameworkRepository = SqlFrameworks(self.session)
        self.audit: AuditLog = SqlAudit(self.session)
        self.person_data: PersonData = SqlPersonData(self.session)
        self.credentials: CredentialsRepository = SqlCredentials(self.session)
        self.plans: PlanRepository = SqlPlans(self.session, now)
        self.plan_versions: PlanVersionRepository = SqlPlanVersions(self.session, now)
        self.notifications: NotificationRepository = SqlNotifications(self.session)
        self.usage: FrameworkUsage = SqlFrameworkUsage(self.session)
        self.accounts: AccountRepository = SqlAccounts(self.session)
        self.account_sessions: AccountSessionRepository = SqlAccountSessions(self.session)
        self.api_tokens: ApiTokenRepository = SqlApiTokens(self.session)
        self.sign_in_failures: SignInFailureLog = SqlSignInFailures(self.session)
        self.calendar_feeds: CalendarFeedRepository = SqlCalendarFeeds(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(error, OperationalError) and "locked" in str(error.orig):
            raise Conflict("The database is busy with another writer; please retry.") from error

    def commit(self) -> None:
        try:
            bring_up_to_date(self.session)  # derived readiness, in the same transaction
            self.session.commit()
        except OperationalError as error:
            self.session.rollback()
            if "locked" in str(error.orig) or "busy" in str(error.orig):
                raise Conflict("The database is busy with another writer; please retry.") from None
            raise

    def rollback(self) -> None:
        forget_notes(self.session)
        self.session.rollback()


class ReadOnlyUnitOfWork(SqlUnitOfWork):
    """A unit of work for requests that only read. Committing raises ReadOnlyWrite (a
    programming error: a request that writes needs the usual unit of work, where its writes
    succeed or fail together); a write that is never committed is rolled back on the way out.

    On PostgreSQL give it an engine from ``make_engine(autocommit=True, read_only=True)``: its
    connections commit statement by statement, are not pinged before use and refuse writes at
    the server, which saves the ping, BEGIN and ROLLBACK round trips around a page's reads. Each
    read sees what was committed when it ran, as in PostgreSQL's default READ COMMITTED
    transaction. A pooled connection may be dead (the server restarted); its first read raises
    an error ``lost_connection`` recognises, after which the pool opens new ones, so the caller
    can read again. On SQLite the usual engine does: its reads begin no transaction.
    """

    def commit(self) -> None:
        raise ReadOnlyWrite("a read-only request tried to write to the store")


class ReadOnlyWrite(RuntimeError):
    """A write through a ReadOnlyUnitOfWork (a programming error, answered with a 500)."""


def lost_connection(error: BaseException) -> bool:
    """Whether ``error`` came from a pooled database connection the server had dropped."""
    return isinstance(error, DBAPIError) and error.connection_invalidated
