"""Asking for feedback, withdrawing a request, and reading requests with their answers.

Who may: a person asks about themselves; a manager above them, or an admin, may ask on their
behalf. Whoever may read the person's records reads and may withdraw their requests (others
are told the request does not exist). Answers are shown only aggregated and unattributed, and
only once the policy's threshold of answers has arrived.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pmopath.domain.errors import NotFound
from pmopath.domain.feedback import (
    CompetencyTally,
    FeedbackPolicy,
    FeedbackRequest,
    FeedbackResponse,
    Respondent,
    released,
    tally,
    unattributed_order,
)
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.permissions import Viewer, can_edit_own
from pmopath.services.accounts.checks import token_hash
from pmopath.services.feedback.checks import (
    Invitee,
    check_competencies,
    check_invitees,
    check_question,
)
from pmopath.services.feedback.mails import invitation, send_each
from pmopath.services.people.access import readable_person
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

RESPOND_PATH = "/respond/"


def link_url(base_url: str, token: str) -> str:
    """The respondent's link: the public answering page for this token."""
    return f"{base_url.rstrip('/')}{RESPOND_PATH}{token}"


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """A respondent's link as issued: shown once to the requester, e-mailed when possible."""

    name: str
    email: str
    url: str
    mailed: bool


@dataclass(frozen=True, slots=True)
class SentRequest:
    request: FeedbackRequest
    person: Person
    links: tuple[IssuedLink, ...]
    mail_configured: bool


@dataclass(frozen=True, slots=True)
class RequestSummary:
    request: FeedbackRequest
    asked: int
    answered: int
    aggregates_open: bool

    def status(self, now: datetime) -> str:
        if self.request.withdrawn_at is not None:
            return "withdrawn"
        return "closed" if now >= self.request.expires_at else "open"


@dataclass(frozen=True, slots=True)
class RequestDetail:
    summary: RequestSummary
    person: Person
    asked_names: tuple[str, ...]
    """The people asked, by name, sorted: never who answered."""
    min_responses: int
    may_use_examples: bool
    """The person (or an admin) may turn examples into evidence and choose CV quotes."""
    tallies: tuple[CompetencyTally, ...] = ()
    responses: tuple[FeedbackResponse, ...] = field(default_factory=tuple)
    """Empty until the threshold is reached; then in an order that names nobody."""
    held_back: int = 0
    """Answers not shown yet: they show in whole groups of the threshold (``released``)."""


def request_feedback(
    store: Store,
    reference: str,
    *,
    competencies: Sequence[str],
    question: str,
    invitees: Sequence[Invitee],
    viewer: Viewer,
    actor: str,
    policy: FeedbackPolicy,
    base_url: str,
) -> SentRequest:
    """Ask ``invitees`` for feedback about the person; return each link (shown once).

    Each invitee gets a random single-use token (only its SHA-256 is stored). After the
    commit, each link is e-mailed when a mail server is configured; one the server refuses is
    marked not mailed (the requester copies it instead). Raises InvalidRequest naming the
    field, NotFound for a person the viewer may not read.
    """
    now = store.clock()
    chosen = check_competencies(store.framework, competencies)
    text = check_question(question)
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        people = check_invitees(invitees, person.email)
        request = uow.feedback.add_request(
            FeedbackRequest(None, person.id, actor, chosen, text, now, policy.expiry(now))
        )
        assert request.id is not None
        tokens = _issue_links(uow, request, people)
        after = {"person_id": person.id, "competencies": list(chosen), "asked": len(people)}
        _audit(uow, now, actor, "feedback.request", request.id, None, after)
        uow.commit()
    sender = store.ports.mail
    mails = [
        invitation(store.framework, request, person, i.name, i.email, link_url(base_url, t))
        for i, t in tokens
    ]
    mailed = send_each(sender, mails)
    links = tuple(
        IssuedLink(i.name, i.email, link_url(base_url, t), sent)
        for (i, t), sent in zip(tokens, mailed, strict=True)
    )
    return SentRequest(request, person, links, sender is not None)


def _issue_links(
    uow: UnitOfWork, request: FeedbackRequest, people: Sequence[Invitee]
) -> list[tuple[Invitee, str]]:
    """A random token for each person, stored as its SHA-256 only; the tokens, to hand out."""
    assert request.id is not None
    tokens = []
    for invitee in people:
        token = secrets.token_urlsafe(32)
        uow.feedback.add_respondent(
            Respondent(None, request.id, invitee.name, invitee.email, token_hash(token))
        )
        tokens.append((invitee, token))
    return tokens


def withdraw_request(
    store: Store, request_id: int, *, viewer: Viewer, actor: str
) -> FeedbackRequest:
    """Withdraw the request: its links stop working at once (answers given are kept)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        request, _ = readable_request(uow, viewer, request_id)
        if request.withdrawn_at is not None:
            return request
        uow.feedback.withdraw(request_id, now)
        _audit(
            uow, now, actor, "feedback.withdraw", request_id, None, {"person_id": request.person_id}
        )
        uow.commit()
        return FeedbackRequest(
            request.id,
            request.person_id,
            request.asked_by,
            request.competencies,
            request.question,
            request.created_at,
            request.expires_at,
            now,
        )


def readable_request(
    uow: UnitOfWork, viewer: Viewer, request_id: int
) -> tuple[FeedbackRequest, Person]:
    """The request and its person if the viewer may read the person's records; else NotFound."""
    request = uow.feedback.request(request_id)
    if request is None:
        raise NotFound("feedback request", str(request_id))
    try:
        person = readable_person(uow, viewer, str(request.person_id))
    except NotFound:
        raise NotFound("feedback request", str(request_id)) from None
    return request, person


def requests_of(
    store: Store, reference: str, *, viewer: Viewer, policy: FeedbackPolicy
) -> tuple[Person, list[RequestSummary]]:
    """The person's requests, newest first, each with how many were asked and answered."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        requests = uow.feedback.requests_for(person.id)
        ids = [r.id for r in requests if r.id is not None]
        respondents = uow.feedback.respondents(ids)
    return person, [_summary(r, respondents, policy) for r in requests]


def _summary(
    request: FeedbackRequest, respondents: Sequence[Respondent], policy: FeedbackPolicy
) -> RequestSummary:
    mine = [r for r in respondents if r.request_id == request.id]
    answered = sum(1 for r in mine if r.answered_at is not None)
    return RequestSummary(request, len(mine), answered, policy.aggregates_open(answered))


def request_detail(
    store: Store, request_id: int, *, viewer: Viewer, policy: FeedbackPolicy
) -> RequestDetail:
    """The request, "n of m answered", and (from the threshold) the answers aggregated."""
    with store.unit_of_work() as uow:
        request, person = readable_request(uow, viewer, request_id)
        respondents = uow.feedback.respondents([request_id])
        summary = _summary(request, respondents, policy)
        arrived = uow.feedback.responses([request_id]) if summary.aggregates_open else []
    responses = released(arrived, policy.min_responses)
    assert person.id is not None
    names = tuple(sorted(r.name for r in respondents))
    detail = RequestDetail(
        summary, person, names, policy.min_responses, can_edit_own(viewer, person.id)
    )
    if not summary.aggregates_open:
        return detail
    return RequestDetail(
        summary,
        person,
        names,
        policy.min_responses,
        detail.may_use_examples,
        tuple(tally(responses, request.competencies, policy.min_responses)),
        tuple(unattributed_order(responses)),
        len(arrived) - len(responses),
    )


def _audit(
    uow: UnitOfWork,
    now: datetime,
    actor: str,
    action: str,
    entity_id: int,
    before: dict[str, object] | None,
    after: dict[str, object],
) -> None:
    uow.audit.record(
        AuditEntry(now, actor, action, "feedback_request", str(entity_id), before, after)
    )


def askable_person(store: Store, reference: str, *, viewer: Viewer) -> Person:
    """The person feedback may be asked about by the viewer (whoever may read their
    records); else NotFound."""
    with store.unit_of_work() as uow:
        return readable_person(uow, viewer, reference)


def request_for(store: Store, request_id: int, *, viewer: Viewer) -> FeedbackRequest:
    """The request if the viewer may read it; else NotFound."""
    with store.unit_of_work() as uow:
        return readable_request(uow, viewer, request_id)[0]
