"""The e-mails of feedback requests: the invitation with its link, and the reminder."""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.feedback import FeedbackRequest
from pmopath.domain.framework import Framework
from pmopath.domain.people import Person
from pmopath.services.ports.outputs import DeliveryFailed, MailSender, OutgoingMail


def _body(
    framework: Framework, request: FeedbackRequest, person: Person, name: str, url: str
) -> list[str]:
    names = framework.competencies_by_id
    return [
        f"Hello {name},",
        "",
        f"{person.name} would value your feedback on how they work. It takes about ten",
        "minutes, on a phone or a computer, and you need no account.",
        "",
        "You are asked about:",
        *(f"  - {names[c].name if c in names else c}" for c in request.competencies),
        "",
        "And one question:",
        f"  {request.question}",
        "",
        "Answer here (the link works once):",
        f"  {url}",
        "",
        f"The link works until {request.expires_at:%A %d %B %Y}.",
        "Your name is never shown next to your answer: answers are shown only together, once",
        "enough people have answered.",
    ]


def invitation(
    framework: Framework,
    request: FeedbackRequest,
    person: Person,
    name: str,
    email: str,
    url: str,
) -> OutgoingMail:
    subject = f"PMO Pathways: {person.name} asks for your feedback"
    body = "\n".join(_body(framework, request, person, name, url)) + "\n"
    return OutgoingMail(email, subject, body)


def reminder(
    framework: Framework,
    request: FeedbackRequest,
    person: Person,
    name: str,
    email: str,
    url: str,
) -> OutgoingMail:
    subject = f"PMO Pathways: a reminder, {person.name} asks for your feedback"
    lines = [
        "A reminder: the link below closes soon. If you have already answered, or would rather",
        "not, you can ignore this message; the earlier link works too, until either is used.",
        "",
        *_body(framework, request, person, name, url),
    ]
    return OutgoingMail(email, subject, "\n".join(lines) + "\n")


def send_each(sender: MailSender | None, mails: Sequence[OutgoingMail]) -> list[bool]:
    """Send each message; whether each was accepted (none, with no mail server configured).

    After the server refuses one, the rest are not tried (each try may wait for the server's
    timeout, and the requester is waiting): they are reported not sent, to copy by hand.
    """
    sent: list[bool] = []
    for mail in mails:
        if sender is None or (sent and not sent[-1]):
            sent.append(False)
            continue
        try:
            sender.send(mail)
        except DeliveryFailed:
            sent.append(False)
        else:
            sent.append(True)
    return sent
