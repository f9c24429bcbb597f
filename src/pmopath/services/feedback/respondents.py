"""The respondent's side: opening a link and answering through it, without an account.

A link reaches one form and nothing else. Its token is looked up by hash; a link that was
used, has expired or was withdrawn answers FeedbackLinkClosed, and an unknown one says the
same as an expired one. Unknown and closed links, and refused answers, count against the
client's address (in the log sign-in throttling keeps), so guessing tokens is slow.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pmopath.domain.accounts import LINK_ATTEMPTS_KEY, ThrottlePolicy
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.feedback import (
    FeedbackLinkClosed,
    FeedbackPolicy,
    FeedbackRequest,
    FeedbackResponse,
    LinkState,
    LinkThrottled,
    Respondent,
    StarExample,
    link_state,
)
from pmopath.domain.framework import Competency, LevelIndicators
from pmopath.domain.people import AuditEntry
from pmopath.services.accounts.checks import token_hash
from pmopath.services.feedback.checks import check_answer, check_example, check_ratings
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

ATTEMPTS_KEY = LINK_ATTEMPTS_KEY
"""How refused link uses are filed in the failed sign-ins log (never an e-mail address)."""
TOKEN_MAX = 100


@dataclass(frozen=True, slots=True)
class LevelChoice:
    level: int
    label: str
    anchor: str
    indicators: LevelIndicators | None = None
    """What the level looks like (knows, does, evidence), where the framework says."""


@dataclass(frozen=True, slots=True)
class AskedCompetency:
    competency: Competency
    choices: tuple[LevelChoice, ...]


@dataclass(frozen=True, slots=True)
class LinkForm:
    """What the answering page shows: whom it is about, what is asked, until when."""

    respondent_name: str
    person_name: str
    competencies: tuple[AskedCompetency, ...]
    question: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Answer:
    """What a respondent sent: a level or ``not_observed`` per competency id, the example and
    the answer to the question."""

    ratings: Mapping[str, str]
    example: StarExample
    answer: str


def _throttle(uow: UnitOfWork, client_address: str, now: datetime, policy: FeedbackPolicy) -> None:
    rule = ThrottlePolicy(failures=policy.attempts, window=policy.window)
    tried = uow.sign_in_failures.for_email_from(ATTEMPTS_KEY, client_address, now - policy.window)
    wait = rule.retry_after(tried, now)
    if wait is not None:
        raise LinkThrottled(wait)


def _refused(uow: UnitOfWork, client_address: str, now: datetime, error: Exception) -> Exception:
    """Count the refused attempt (committed on its own) and hand back the error to raise."""
    uow.sign_in_failures.add(ATTEMPTS_KEY, client_address, now)
    uow.commit()
    return error


def _find(uow: UnitOfWork, token: str, now: datetime) -> tuple[Respondent, FeedbackRequest]:
    """The open link's respondent and request; FeedbackLinkClosed otherwise."""
    found = uow.feedback.respondent_by_token(token_hash(token)) if len(token) <= TOKEN_MAX else None
    request = uow.feedback.request(found.request_id) if found is not None else None
    if found is None or request is None:
        raise FeedbackLinkClosed(LinkState.EXPIRED)
    state = link_state(request, found, now)
    if state is not LinkState.OPEN:
        raise FeedbackLinkClosed(state)
    return found, request


def open_link(store: Store, token: str, *, client_address: str, policy: FeedbackPolicy) -> LinkForm:
    """The form a live link opens; FeedbackLinkClosed or LinkThrottled otherwise."""
    now = store.clock()
    with store.unit_of_work() as uow:
        _throttle(uow, client_address, now, policy)
        try:
            respondent, request = _find(uow, token, now)
        except FeedbackLinkClosed as closed:
            raise _refused(uow, client_address, now, closed) from None
        person = uow.people.by_id(request.person_id)
    return LinkForm(
        respondent.name,
        person.name if person is not None else "",
        tuple(_asked(store, c) for c in _known(store, request)),
        request.question,
        request.expires_at,
    )


def _known(store: Store, request: FeedbackRequest) -> tuple[str, ...]:
    """The competencies asked about that the active framework still has (a framework
    activated since may have dropped one: the respondent is not asked about it)."""
    return tuple(c for c in request.competencies if c in store.framework.competencies_by_id)


def _asked(store: Store, competency_id: str) -> AskedCompetency:
    framework = store.framework
    competency = framework.competencies_by_id[competency_id]
    choices = tuple(
        LevelChoice(
            level.level,
            level.label,
            competency.anchors.get(level.level) or level.description,
            competency.indicators.get(level.level),
        )
        for level in framework.scale.levels
    )
    return AskedCompetency(competency, choices)


def answer_link(
    store: Store, token: str, answer: Answer, *, client_address: str, policy: FeedbackPolicy
) -> FeedbackResponse:
    """Store the answer and use the link up (once: a second answer is refused, even one
    racing this). Raises InvalidRequest naming the field (nothing stored), FeedbackLinkClosed
    or LinkThrottled."""
    now = store.clock()
    with store.unit_of_work() as uow:
        _throttle(uow, client_address, now, policy)
        try:
            respondent, request = _find(uow, token, now)
            assert request.id is not None and respondent.id is not None
            asked = _known(store, request)
            ratings = check_ratings(store.framework, asked, answer.ratings)
            example = check_example(asked, answer.example)
            text = check_answer(answer.answer)
        except (FeedbackLinkClosed, InvalidRequest) as refused:
            raise _refused(uow, client_address, now, refused) from None
        if not uow.feedback.mark_answered(respondent.id, now):
            raise FeedbackLinkClosed(LinkState.USED)
        key = secrets.token_urlsafe(12)
        saved = uow.feedback.add_response(
            FeedbackResponse(None, request.id, ratings, example, text, key=key)
        )
        answered = sum(
            1 for r in uow.feedback.respondents([request.id]) if r.answered_at is not None
        )
        uow.audit.record(
            AuditEntry(
                now,
                "respondent",
                "feedback.response",
                "feedback_request",
                str(request.id),
                None,
                {"person_id": request.person_id, "answered": answered},
            )
        )
        uow.commit()
        return saved
