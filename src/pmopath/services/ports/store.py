"""The store: what every stored use case runs through (units of work, the active framework, the
clock and, in ``ports``, every other outside thing), so each port is reached the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pmopath.domain.feedback import FeedbackPolicy
from pmopath.domain.framework import Framework
from pmopath.services.ports.assignment import AssignmentSolver
from pmopath.services.ports.insight import InsightQueries
from pmopath.services.ports.outputs import CalendarWriter, DocumentRenderer, MailSender
from pmopath.services.ports.readers import FileReaders
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.security import CommonPasswords, PasswordHasher
from pmopath.services.ports.single_sign_on import OpenIdProvider
from pmopath.services.ports.solver import MilpSolver

UnitOfWorkFactory = Callable[[], UnitOfWork]


class Ports(Protocol):
    """The adapters beyond the database, one set per process: bootstrap's container builds each
    on first use (tests hand in fakes the same way)."""

    @property
    def milp(self) -> MilpSolver: ...
    @property
    def assignment(self) -> AssignmentSolver: ...
    @property
    def documents(self) -> DocumentRenderer: ...
    @property
    def calendars(self) -> CalendarWriter: ...
    @property
    def mail(self) -> MailSender | None:
        """None when no mail server is configured."""
        ...

    @property
    def hasher(self) -> PasswordHasher: ...
    @property
    def common_passwords(self) -> CommonPasswords: ...
    @property
    def readers(self) -> FileReaders: ...
    @property
    def sso(self) -> OpenIdProvider | None:
        """None when single sign-on is not configured."""
        ...

    @property
    def feedback_policy(self) -> FeedbackPolicy:
        """Feedback requests' settings: link lifetime, the anonymity threshold, reminders."""
        ...


@dataclass(frozen=True, slots=True)
class Store:
    """What the stored use cases need: units of work, the active framework and its version, the
    clock, the read-only insight queries and the other ports."""

    unit_of_work: UnitOfWorkFactory
    framework: Framework
    framework_version_id: int
    clock: Callable[[], datetime]
    ports: Ports
    insight: InsightQueries
    close: Callable[[], None] = lambda: None
    """Releases the database connections; ``with store:`` calls it on the way out."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
