"""E-mail digests: to each person, their overdue and upcoming plan reviews and items due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pmopath.domain.people import Person
from pmopath.domain.reminders import Reminder
from pmopath.services.plans.reminders import person_reminders, split_by_day
from pmopath.services.ports.outputs import MailNotConfigured, OutgoingMail
from pmopath.services.ports.store import Store

HORIZON_DAYS = 14
"""Upcoming means within the next two weeks."""


@dataclass(frozen=True, slots=True)
class Digest:
    person: Person
    overdue: tuple[Reminder, ...]
    upcoming: tuple[Reminder, ...]

    def mail(self, today: date, base_url: str) -> OutgoingMail:
        """The digest as a plain-text message to the person."""
        assert self.person.email is not None
        counts = []
        if self.overdue:
            counts.append(f"{len(self.overdue)} overdue")
        if self.upcoming:
            counts.append(f"{len(self.upcoming)} coming up")
        subject = f"PMO Pathways: {' and '.join(counts)} on your development plan"
        lines = [f"Hello {self.person.name},", ""]
        lines += _section("Overdue", self.overdue, today)
        lines += _section(f"In the next {HORIZON_DAYS} days", self.upcoming, today)
        plans = sorted({r.plan_id for r in (*self.overdue, *self.upcoming)})
        lines += ["Your plan:", *(f"  {base_url.rstrip('/')}/plans/{p}" for p in plans), ""]
        lines.append("You receive this because your development plan has dates coming up.")
        return OutgoingMail(self.person.email, subject, "\n".join(lines) + "\n")


def _section(title: str, found: Sequence[Reminder], today: date) -> list[str]:
    if not found:
        return []
    lines = [f"{title}:"]
    for reminder in found:
        late = (today - reminder.day).days
        when = f"{late} days late" if late > 0 else reminder.day.strftime("%a %d %b %Y")
        lines.append(f"  - {reminder.day.isoformat()}  {reminder.summary} ({when})")
    return [*lines, ""]


def digests(store: Store, today: date, horizon_days: int = HORIZON_DAYS) -> list[Digest]:
    """One digest per person with an e-mail and something overdue or coming up, by name."""
    found = []
    with store.unit_of_work() as uow:
        for person in uow.people.everyone():
            if person.id is None or not person.email:
                continue
            overdue, upcoming = split_by_day(
                person_reminders(uow, store, person.id), today, horizon_days
            )
            if overdue or upcoming:
                found.append(Digest(person, tuple(overdue), tuple(upcoming)))
    return found


def send_digests(store: Store, today: date, base_url: str, *, dry_run: bool) -> list[OutgoingMail]:
    """Build every digest and (unless ``dry_run``) send each; return the messages.

    Raises DeliveryFailed when the server refuses one (those before it were sent).
    """
    mails = [digest.mail(today, base_url) for digest in digests(store, today)]
    if not dry_run:
        sender = store.ports.mail
        if sender is None:
            raise MailNotConfigured(
                "no mail server is configured: set PMOPATH_SMTP_HOST (and PMOPATH_SMTP_PORT, "
                "_USER, _PASSWORD, _FROM, _STARTTLS), or use --dry-run"
            )
        for mail in mails:
            sender.send(mail)
    return mails
