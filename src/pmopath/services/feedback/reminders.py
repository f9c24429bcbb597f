"""Reminders before a feedback link expires: once per respondent, with a fresh link.

Only hashes of tokens are stored, so a reminder cannot repeat the first link: it carries a new
one (its hash kept beside the first; either works, once between them).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pmopath.domain.feedback import FeedbackPolicy
from pmopath.domain.people import AuditEntry
from pmopath.services.accounts.checks import token_hash
from pmopath.services.feedback.mails import reminder
from pmopath.services.feedback.requests import link_url
from pmopath.services.ports.outputs import MailNotConfigured, OutgoingMail
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

DRY_RUN_LINK = "<a new link, made when the reminder is sent>"


@dataclass(frozen=True, slots=True)
class ReminderSent:
    mail: OutgoingMail
    request_id: int


def send_reminders(
    store: Store, *, policy: FeedbackPolicy, base_url: str, dry_run: bool
) -> list[ReminderSent]:
    """Remind everyone not yet answered whose link expires within ``policy.remind_days``.

    A dry run builds the messages and changes nothing. Otherwise each is sent, then marked
    reminded (with its new link's hash); when the server refuses one (DeliveryFailed, raised)
    those sent before it stay marked, and the next run tries the rest again.
    """
    now = store.clock()
    sender = store.ports.mail
    if not dry_run and sender is None:
        raise MailNotConfigured(
            "no mail server is configured: set PMOPATH_SMTP_HOST (and PMOPATH_SMTP_PORT, "
            "_USER, _PASSWORD, _FROM, _STARTTLS), or use --dry-run"
        )
    found: list[ReminderSent] = []
    with store.unit_of_work() as uow:
        due = uow.feedback.reminders_due(now, now + timedelta(days=policy.remind_days))
        try:
            for respondent in due:
                request = uow.feedback.request(respondent.request_id)
                person = uow.people.by_id(request.person_id) if request else None
                if request is None or person is None or respondent.id is None:
                    continue
                token = secrets.token_urlsafe(32)
                url = DRY_RUN_LINK if dry_run else link_url(base_url, token)
                mail = reminder(
                    store.framework, request, person, respondent.name, respondent.email, url
                )
                if not dry_run:
                    assert sender is not None
                    sender.send(mail)
                    uow.feedback.mark_reminded(respondent.id, token_hash(token), now)
                found.append(ReminderSent(mail, respondent.request_id))
        finally:
            if not dry_run:
                _audit(uow, now, [r.request_id for r in found])
            if not dry_run:
                uow.commit()  # those sent stay marked, even when the server refused a later one
    return found


def _audit(uow: UnitOfWork, now: datetime, request_ids: list[int]) -> None:
    """One entry per request reminded, with how many were reminded (never who)."""
    for request_id in sorted(set(request_ids)):
        reminded = request_ids.count(request_id)
        uow.audit.record(
            AuditEntry(
                now,
                "reminders",
                "feedback.remind",
                "feedback_request",
                str(request_id),
                None,
                {"reminded": reminded},
            )
        )
