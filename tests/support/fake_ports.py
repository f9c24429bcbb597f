"""Fake ports and stores for service tests: spies for what leaves the process (documents,
calendars, mail), the real in-process engines, and stores on the fakes with a stopped clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pmopath.domain.feedback import FeedbackPolicy
from pmopath.domain.framework import Framework
from pmopath.domain.reminders import Reminder
from pmopath.services.ports.assignment import AssignmentSolver
from pmopath.services.ports.outputs import OutgoingMail
from pmopath.services.ports.readers import FileReaders
from pmopath.services.ports.security import CommonPasswords, PasswordHasher
from pmopath.services.ports.single_sign_on import OpenIdProvider
from pmopath.services.ports.solver import MilpSolver
from pmopath.services.ports.store import Store
from tests.support.fake_accounts import FakeCommonPasswords, FakePasswordHasher
from tests.support.fakes import FakeState, FakeUnitOfWork


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
    assignment: AssignmentSolver = field(default_factory=lambda: _real("assignment"))
    documents: DocumentSpy = field(default_factory=DocumentSpy)
    calendars: CalendarSpy = field(default_factory=CalendarSpy)
    mail: MailSpy | None = field(default_factory=MailSpy)
    hasher: PasswordHasher = field(default_factory=FakePasswordHasher)
    common_passwords: CommonPasswords = field(default_factory=FakeCommonPasswords)
    readers: FileReaders = field(default_factory=lambda: _real("readers"))
    sso: OpenIdProvider | None = None
    feedback_policy: FeedbackPolicy = field(default_factory=FeedbackPolicy)


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
