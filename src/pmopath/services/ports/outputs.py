"""Ports for what leaves the application: calendar files, e-mail and printed documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pmopath.domain.errors import InvalidRequest, PmopathError
from pmopath.domain.reminders import Reminder


class CalendarWriter(Protocol):
    def calendar(self, name: str, reminders: Sequence[Reminder], stamp: datetime) -> bytes:
        """An RFC 5545 calendar of all-day events, one per reminder, stamped ``stamp``."""
        ...


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    to: str
    subject: str
    body: str


class MailSender(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Deliver one message; raises DeliveryFailed when the server refuses it."""
        ...


class DocumentRenderer(Protocol):
    def pdf(self, template: str, context: Mapping[str, Any]) -> bytes:
        """Render a print template with ``context`` (autoescaped) into a PDF."""
        ...


class DeliveryFailed(PmopathError):
    """The mail server could not be reached or refused a message."""


class MailNotConfigured(InvalidRequest):
    """Sending was asked for, but no mail server is configured."""
