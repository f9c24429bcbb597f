"""The SQLAlchemy unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
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
from pmopath.adapters.db.calibration_repository import SqlCalibration
from pmopath.adapters.db.credentials_repository import SqlCredentials
from pmopath.adapters.db.cv_repository import SqlCvChoices
from pmopath.adapters.db.feedback_repository import SqlFeedback
from pmopath.adapters.db.framework_usage import SqlFrameworkUsage
from pmopath.adapters.db.mentoring_repository import SqlMentoring
from pmopath.adapters.db.person_data import SqlPersonData
from pmopath.adapters.db.plan_repository import SqlPlans
from pmopath.adapters.db.provisioning_repository import SqlProvisioning
from pmopath.adapters.db.repositories import (
    SqlAssessments,
    SqlAudit,
    SqlFrameworks,
    SqlPeople,
    SqlTargets,
)
from pmopath.adapters.db.review_repositories import SqlNotifications, SqlPlanVersions
from pmopath.adapters.db.role_history_repository import SqlRoleHistory
from pmopath.adapters.db.role_readiness import (
    bring_up_to_date,
    figures_of,
    forget_notes,
    has_notes,
)
from pmopath.adapters.db.single_sign_on_repository import SqlSingleSignOn
from pmopath.domain.errors import Conflict
from pmopath.domain.framework import Framework
from pmopath.domain.readiness import StoredFigure
from pmopath.services.ports.repositories import (
    AccountRepository,
    AccountSessionRepository,
    ApiTokenRepository,
    AssessmentRepository,
    AuditLog,
    CalendarFeedRepository,
    CalibrationRepository,
    CredentialsRepository,
    CvChoicesRepository,
    DerivedReadiness,
    FeedbackRepository,
    FrameworkRepository,
    FrameworkUsage,
    MentoringRepository,
    NotificationRepository,
    PeopleRepository,
    PersonData,
    PlanRepository,
    PlanVersionRepository,
    ProvisioningRepository,
    RoleHistoryRepository,
    SignInFailureLog,
    SingleSignOnRepository,
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
    """Use as ``with uow: ...; uow.commit()``; leaving without a commit rolls back.

    Each repository is made on first use inside the transaction (a request that reads one
    table builds one repository, not sixteen). A write that makes the derived readiness stale
    must be followed by ``uow.readiness.refresh()`` before the commit: the commit refuses
    otherwise, so the derived figures never fall behind the data they come from.
    """

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._sessions = _session_factory(engine)
        self._clock = clock

    def __enter__(self) -> Self:
        for name in _REPOSITORIES:
            self.__dict__.pop(name, None)
        self.session: Session = self._sessions()
        self.now = self._clock()
        return self

    @cached_property
    def people(self) -> PeopleRepository:
        return SqlPeople(self.session, self.now)

    @cached_property
    def assessments(self) -> AssessmentRepository:
        return SqlAssessments(self.session)

    @cached_property
    def targets(self) -> TargetRepository:
        return SqlTargets(self.session)

    @cached_property
    def frameworks(self) -> FrameworkRepository:
        return SqlFrameworks(self.session)

    @cached_property
    def audit(self) -> AuditLog:
        return SqlAudit(self.session)

    @cached_property
    def person_data(self) -> PersonData:
        return SqlPersonData(self.session)

    @cached_property
    def credentials(self) -> CredentialsRepository:
        return SqlCredentials(self.session)

    @cached_property
    def role_history(self) -> RoleHistoryRepository:
        return SqlRoleHistory(self.session)

    @cached_property
    def plans(self) -> PlanRepository:
        return SqlPlans(self.session, self.now)

    @cached_property
    def plan_versions(self) -> PlanVersionRepository:
        return SqlPlanVersions(self.session, self.now)

    @cached_property
    def notifications(self) -> NotificationRepository:
        return SqlNotifications(self.session)

    @cached_property
    def usage(self) -> FrameworkUsage:
        return SqlFrameworkUsage(self.session)

    @cached_property
    def accounts(self) -> AccountRepository:
        return SqlAccounts(self.session)

    @cached_property
    def account_sessions(self) -> AccountSessionRepository:
        return SqlAccountSessions(self.session)

    @cached_property
    def api_tokens(self) -> ApiTokenRepository:
        return SqlApiTokens(self.session)

    @cached_property
    def sign_in_failures(self) -> SignInFailureLog:
        return SqlSignInFailures(self.session)

    @cached_property
    def single_sign_on(self) -> SingleSignOnRepository:
        return SqlSingleSignOn(self.session)

    @cached_property
    def calendar_feeds(self) -> CalendarFeedRepository:
        return SqlCalendarFeeds(self.session)

    @cached_property
    def cv_choices(self) -> CvChoicesRepository:
        return SqlCvChoices(self.session)

    @cached_property
    def provisioning(self) -> ProvisioningRepository:
        return SqlProvisioning(self.session)

    @cached_property
    def feedback(self) -> FeedbackRepository:
        return SqlFeedback(self.session)

    @cached_property
    def calibration(self) -> CalibrationRepository:
        return SqlCalibration(self.session)

    @cached_property
    def readiness(self) -> DerivedReadiness:
        return SqlDerivedReadiness(self.session)

    @cached_property
    def mentoring(self) -> MentoringRepository:
        return SqlMentoring(self.session, self.now)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            forget_notes(self.session)
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(error, OperationalError) and "locked" in str(error.orig):
            raise Conflict("The database is busy with another writer; please retry.") from error

    def commit(self) -> None:
        if has_notes(self.session):
            raise StaleDerivedReadiness(
                "a write changed what readiness is derived from: call uow.readiness.refresh() "
                "before committing"
            )
        try:
            self.session.commit()
        except OperationalError as error:
            self.session.rollback()
            if "locked" in str(error.orig) or "busy" in str(error.orig):
                raise Conflict("The database is busy with another writer; please retry.") from None
            raise

    def rollback(self) -> None:
        forget_notes(self.session)
        self.session.rollback()


_REPOSITORIES = tuple(
    name for name, value in vars(SqlUnitOfWork).items() if isinstance(value, cached_property)
)


class SqlDerivedReadiness:
    """The ``DerivedReadiness`` port: role_readiness brought up to date in the session's
    transaction (see adapters/db/role_readiness.py)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def refresh(self) -> None:
        bring_up_to_date(self.session)

    def figures_of(self, person_id: int, framework: Framework) -> dict[str, StoredFigure]:
        return figures_of(self.session, person_id, framework)


class StaleDerivedReadiness(RuntimeError):
    """A commit with derived readiness left stale (a programming error, answered with a 500)."""


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
