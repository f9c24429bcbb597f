"""What other capabilities read of feedback: peer levels for calibration, counts for the
programme's KPIs, and the quotes a person chose for their CV.

Each takes a unit of work another use case opened. Only requests whose answers are open
(at least the policy's threshold of answers) count for peer levels and quotes: below it an
answer could be traced to its author.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time

from pmopath.domain.feedback import (
    FeedbackCounts,
    FeedbackPolicy,
    FeedbackResponse,
    PeerLevel,
    Quote,
    peer_levels,
    released,
    unattributed_order,
)
from pmopath.services.ports.repositories import UnitOfWork

DEFAULT_POLICY = FeedbackPolicy()


def open_responses(
    uow: UnitOfWork, person_id: int, policy: FeedbackPolicy = DEFAULT_POLICY
) -> list[FeedbackResponse]:
    """The responses about the person from requests at or over the threshold."""
    ids = [r.id for r in uow.feedback.requests_for(person_id) if r.id is not None]
    return _released(uow.feedback.responses(_open_requests(uow, ids, policy)), policy)


def _released(found: list[FeedbackResponse], policy: FeedbackPolicy) -> list[FeedbackResponse]:
    """Of these responses, those each request shows (``domain.feedback.released``)."""
    by_request: dict[int, list[FeedbackResponse]] = {}
    for response in found:
        by_request.setdefault(response.request_id, []).append(response)
    return [r for group in by_request.values() for r in released(group, policy.min_responses)]


def _open_requests(uow: UnitOfWork, ids: list[int], policy: FeedbackPolicy) -> list[int]:
    """Of these requests, those with at least the threshold of answers."""
    answered: dict[int, int] = {}
    for respondent in uow.feedback.respondents(ids):
        if respondent.answered_at is not None:
            answered[respondent.request_id] = answered.get(respondent.request_id, 0) + 1
    return [i for i in ids if policy.aggregates_open(answered.get(i, 0))]


def released_at_of(
    uow: UnitOfWork, person_ids: Collection[int], policy: FeedbackPolicy = DEFAULT_POLICY
) -> dict[int, dict[str, datetime]]:
    """Per person and competency rated in released answers, when the latest group of those
    answers was released (the answer that completed the group arrived): new feedback, for a
    calibration flag already settled."""
    about = {r.id: r for r in uow.feedback.requests_about(person_ids) if r.id}
    answered: dict[int, list[datetime]] = {}
    for respondent in uow.feedback.respondents(list(about)):
        if respondent.answered_at is not None:
            answered.setdefault(respondent.request_id, []).append(respondent.answered_at)
    found: dict[int, dict[str, datetime]] = {}
    shown = _released(uow.feedback.responses(_open_requests(uow, list(about), policy)), policy)
    counted: dict[int, int] = {}
    rated: dict[int, set[str]] = {}
    for response in shown:
        counted[response.request_id] = counted.get(response.request_id, 0) + 1
        rated.setdefault(response.request_id, set()).update(
            c for c, level in response.ratings.items() if level is not None
        )
    for request_id, count in counted.items():
        times = sorted(answered.get(request_id, []))
        if len(times) < count:
            continue
        released_at, person = times[count - 1], about[request_id].person_id
        mine = found.setdefault(person, {})
        for competency in rated[request_id]:
            if competency not in mine or mine[competency] < released_at:
                mine[competency] = released_at
    return found


def aggregated_peer_levels_of(
    uow: UnitOfWork, person_ids: Collection[int], policy: FeedbackPolicy = DEFAULT_POLICY
) -> dict[int, Mapping[str, PeerLevel]]:
    """Per person, competency id -> the median level peers gave and how many responses rated
    it, over every request about them that reached the threshold (its released answers), in
    three queries however many people; people with none are left out. Peer ratings for
    calibration: they never change anyone's level by themselves."""
    about = {r.id: r.person_id for r in uow.feedback.requests_about(person_ids) if r.id}
    answers: dict[int, list[FeedbackResponse]] = {}
    shown = _released(uow.feedback.responses(_open_requests(uow, list(about), policy)), policy)
    for response in shown:
        answers.setdefault(about[response.request_id], []).append(response)
    return {person: peer_levels(found, policy.min_responses) for person, found in answers.items()}


def feedback_counts(
    uow: UnitOfWork,
    start: date | datetime,
    end: date | datetime,
    person_ids: Collection[int] | None = None,
) -> FeedbackCounts:
    """Requests made, people asked and answers received from ``start`` up to ``end``
    (exclusive; days are whole UTC days), about ``person_ids`` (None: everyone)."""
    return uow.feedback.counts(_moment(start), _moment(end), person_ids)


def _moment(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.combine(when, time(), tzinfo=UTC)


def chosen_quotes(
    uow: UnitOfWork, person_id: int, policy: FeedbackPolicy = DEFAULT_POLICY
) -> list[Quote]:
    """The examples the person chose for their CV: text and competency id, nobody's name,
    in an order unrelated to who answered when."""
    chosen = [r for r in open_responses(uow, person_id, policy) if r.quoted]
    return [Quote(r.example.text, r.example.competency) for r in unattributed_order(chosen)]
