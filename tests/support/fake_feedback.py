"""The in-memory feedback repository: requests, respondents and unattributed responses."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from pmopath.domain.feedback import FeedbackCounts, FeedbackRequest, FeedbackResponse, Respondent

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakeFeedback:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add_request(self, request: FeedbackRequest) -> FeedbackRequest:
        stored = replace(request, id=max(self.state.feedback_requests, default=0) + 1)
        self.state.feedback_requests[stored.id] = stored  # type: ignore[index]
        return stored

    def request(self, request_id: int) -> FeedbackRequest | None:
        return self.state.feedback_requests.get(request_id)

    def requests_for(self, person_id: int) -> list[FeedbackRequest]:
        found = [r for r in self.state.feedback_requests.values() if r.person_id == person_id]
        return sorted(found, key=lambda r: (r.created_at, r.id or 0), reverse=True)

    def requests_about(self, person_ids: Collection[int]) -> list[FeedbackRequest]:
        wanted = set(person_ids)
        found = [r for r in self.state.feedback_requests.values() if r.person_id in wanted]
        return sorted(found, key=lambda r: (r.person_id, r.id or 0))

    def withdraw(self, request_id: int, at: datetime) -> None:
        found = self.state.feedback_requests.get(request_id)
        if found is not None and found.withdrawn_at is None:
            self.state.feedback_requests[request_id] = replace(found, withdrawn_at=at)

    def add_respondent(self, respondent: Respondent) -> Respondent:
        taken = {r.token_hash for r in self.state.feedback_respondents.values()}
        assert respondent.token_hash not in taken, "token hashes are unique"
        stored = replace(respondent, id=max(self.state.feedback_respondents, default=0) + 1)
        self.state.feedback_respondents[stored.id] = stored  # type: ignore[index]
        return stored

    def respondents(self, request_ids: Collection[int]) -> list[Respondent]:
        found = [r for r in self.state.feedback_respondents.values() if r.request_id in request_ids]
        return sorted(found, key=lambda r: (r.request_id, r.id or 0))

    def respondent_by_token(self, token_hash: str) -> Respondent | None:
        return next(
            (
                r
                for r in self.state.feedback_respondents.values()
                if token_hash in (r.token_hash, r.reminder_hash)
            ),
            None,
        )

    def mark_answered(self, respondent_id: int, at: datetime) -> bool:
        found = self.state.feedback_respondents.get(respondent_id)
        if found is None or found.answered_at is not None:
            return False
        self.state.feedback_respondents[respondent_id] = replace(found, answered_at=at)
        return True

    def mark_reminded(self, respondent_id: int, reminder_hash: str, at: datetime) -> None:
        found = self.state.feedback_respondents[respondent_id]
        self.state.feedback_respondents[respondent_id] = replace(
            found, reminded_at=at, reminder_hash=reminder_hash
        )

    def reminders_due(self, now: datetime, until: datetime) -> list[Respondent]:
        requests = self.state.feedback_requests
        return [
            r
            for r in self.respondents(set(requests))
            if r.answered_at is None
            and r.reminded_at is None
            and requests[r.request_id].withdrawn_at is None
            and now < requests[r.request_id].expires_at <= until
        ]

    def add_response(self, response: FeedbackResponse) -> FeedbackResponse:
        taken = {r.key for r in self.state.feedback_responses.values()}
        assert response.key and response.key not in taken, "keys are given and unique"
        stored = replace(response, id=max(self.state.feedback_responses, default=0) + 1)
        self.state.feedback_responses[stored.id] = stored  # type: ignore[index]
        return stored

    def response_by_key(self, key: str) -> FeedbackResponse | None:
        found = self.state.feedback_responses.values()
        return next((r for r in found if r.key == key), None)

    def responses(self, request_ids: Collection[int]) -> list[FeedbackResponse]:
        found = [r for r in self.state.feedback_responses.values() if r.request_id in request_ids]
        return sorted(found, key=lambda r: r.id or 0)

    def set_evidence(self, response_id: int, evidence_id: int) -> None:
        found = self.state.feedback_responses[response_id]
        self.state.feedback_responses[response_id] = replace(found, evidence_id=evidence_id)

    def set_quoted(self, response_id: int, quoted: bool) -> None:
        found = self.state.feedback_responses[response_id]
        self.state.feedback_responses[response_id] = replace(found, quoted=quoted)

    def counts(
        self, start: datetime, end: datetime, person_ids: Collection[int] | None = None
    ) -> FeedbackCounts:
        about = {
            i: r
            for i, r in self.state.feedback_requests.items()
            if person_ids is None or r.person_id in person_ids
        }
        made = {i for i, r in about.items() if start <= r.created_at < end}
        respondents = self.respondents(set(about))
        asked = sum(1 for r in respondents if r.request_id in made)
        answered = sum(
            1 for r in respondents if r.answered_at is not None and start <= r.answered_at < end
        )
        return FeedbackCounts(len(made), asked, answered)
